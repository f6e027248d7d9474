/** The value of `picture_auth_refusals_total{reason}` on the subgraph's /metrics. */
export async function refusalCount(url: string, reason: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`picture_auth_refusals_total{reason="${reason}"} `));
  if (line === undefined) {
    throw new Error(`no picture_auth_refusals_total series for ${reason}`);
  }
  return Number(line.split(' ')[1]);
}
