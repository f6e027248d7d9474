import { samplesOf, scrape } from './prometheus.js';

/** The value of `picture_auth_refusals_total{reason}` on the subgraph's /metrics. */
export async function refusalCount(url: string, reason: string): Promise<number> {
  const [sample] = samplesOf(await scrape(url), 'picture_auth_refusals_total', { reason });
  if (sample === undefined) {
    throw new Error(`no picture_auth_refusals_total series for ${reason}`);
  }
  return sample.value;
}

/**
 * The sum of every series of `name` on the subgraph's /metrics whose labels include `labels`
 * (0 when there is none yet).
 */
export async function metricSum(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  return samplesOf(await scrape(url), name, labels).reduce((sum, sample) => sum + sample.value, 0);
}
