/** The value of `picture_auth_refusals_total{reason}` on the subgraph's /metrics. */
export async function refusalCount(url: string, reason: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`picture_auth_refusals_total{reason="${reason}"} `));
  if (line === undefined) {
    throw new Error(`no picture_auth_refusals_total series for ${reason}`);
  }
  return Number(line.split(' ')[1]);
}

/**
 * The sum of every series of `name` on the subgraph's /metrics whose labels include `labels`
 * (0 when there is none yet).
 */
export async function metricSum(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) {
      continue;
    }
    const series = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => series[key] === value)) {
      sum += Number(match[3]);
    }
  }
  return sum;
}
