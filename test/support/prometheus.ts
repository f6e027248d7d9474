/** One sample of Prometheus' text exposition format. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\.)*"';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? (\\S+)(?: -?\\d+)?$`);
const COMMENT = new RegExp(`^# (HELP|TYPE) (${NAME})(?: (.*))?$`);
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** Go's ParseFloat, as Prometheus reads values: NaN and Inf in any case, with an optional sign. */
function parseValue(text: string): number {
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (special !== null) {
    return (special[2] as string).toLowerCase() === 'nan' ? Number.NaN : special[1] === '-' ? -Infinity : Infinity;
  }
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

/**
 * Parses Prometheus' text format (version 0.0.4) strictly: every line must be a HELP or TYPE
 * comment, a sample, or empty, each TYPE named once, and every sample's value a number. Throws on
 * the first line that is none of these, naming it.
 */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  const typed = new Set<string>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') {
      return;
    }
    const comment = COMMENT.exec(line);
    if (comment !== null) {
      if (comment[1] === 'TYPE') {
        if (!TYPES.has(comment[3] ?? '') || typed.has(comment[2] ?? '')) {
          throw new Error(`line ${index + 1}: bad or repeated TYPE: ${line}`);
        }
        typed.add(comment[2] ?? '');
      }
      return;
    }
    const sample = SAMPLE.exec(line);
    const value = sample === null ? Number.NaN : parseValue(sample[3] as string);
    if (sample === null || (Number.isNaN(value) && !/^nan$/i.test(sample[3] as string))) {
      throw new Error(`line ${index + 1} is not Prometheus text: ${line}`);
    }
    const labels: Record<string, string> = {};
    for (const match of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\.)*)"/g)) {
      labels[match[1] as string] = (match[2] as string).replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));
    }
    samples.push({ name: sample[1] as string, labels, value });
  });
  return samples;
}

/** The samples named `name` whose labels include `labels`. */
export function samplesOf(samples: readonly Sample[], name: string, labels: Readonly<Record<string, string>> = {}): Sample[] {
  return samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}

/** The value of the one sample named `name` whose labels include `labels`; 0 when there is none. */
export function sampleValue(samples: readonly Sample[], name: string, labels: Readonly<Record<string, string>> = {}): number {
  const found = samplesOf(samples, name, labels);
  if (found.length > 1) {
    throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  }
  return found[0]?.value ?? 0;
}

export async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(`${url}/metrics`);
  if (response.status !== 200 || !(response.headers.get('content-type') ?? '').startsWith('text/plain')) {
    throw new Error(`/metrics answered ${response.status} ${response.headers.get('content-type')}`);
  }
  return parsePrometheusText(await response.text());
}
