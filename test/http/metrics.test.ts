import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue, scrape, type Sample } from '../support/prometheus.js';
import { postGraphQL, startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';

const PICTURES = `#graphql
  query Pictures($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Chat { id picture { status } } }
  }`;

const chats = (...ids: string[]) => ({ query: PICTURES, variables: { representations: ids.map((id) => ({ __typename: 'Chat', id })) } });

const requests = (samples: readonly Sample[], operation_type: string, outcome: string) =>
  sampleValue(samples, 'graphql_requests_total', { operation_type, outcome });

describe('GET /metrics', () => {
  let first: RunningSubgraph;
  let second: RunningSubgraph;
  beforeAll(async () => {
    [first, second] = await Promise.all([startSubgraph(), startSubgraph()]);
  });
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
  });

  it('is Prometheus text: this app’s series and Node’s default process metrics', async () => {
    await postGraphQL(first.url, chats('15550000001@c.us'));
    const response = await fetch(`${first.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const names = new Set(parsePrometheusText(await response.text()).map((sample) => sample.name));
    for (const name of [
      'graphql_requests_total',
      'graphql_request_duration_seconds_bucket',
      'graphql_entities_batch_size_count',
      'graphql_limit_refusals_total',
      'picture_cache_requests_total',
      'picture_auth_refusals_total',
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(names, name).toContain(name);
    }
  });

  it('counts GraphQL requests and their latency by operation type and outcome', async () => {
    const before = await scrape(first.url);
    await postGraphQL(first.url, chats('15550000001@c.us', '15550000002@c.us'));
    await postGraphQL(first.url, chats('15550000001@c.us', 'not-a-jid'));
    await postGraphQL(first.url, { query: '{ nope }' });
    await postGraphQL(first.url, { query: 'mutation { deleteGroupPicture(groupId: "1@c.us") { userErrors { code } } }' });
    await fetch(`${first.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(8 * 2 ** 20) });
    const after = await scrape(first.url);
    const delta = (operation: string, outcome: string) => requests(after, operation, outcome) - requests(before, operation, outcome);
    expect(delta('query', 'success')).toBe(1);
    expect(delta('query', 'partial')).toBe(1);
    expect(delta('unknown', 'refused')).toBe(2);
    expect(delta('mutation', 'success')).toBe(1);
    const latency = sampleValue(after, 'graphql_request_duration_seconds_count', { operation_type: 'query', outcome: 'success' });
    expect(latency).toBe(requests(after, 'query', 'success'));
    expect(sampleValue(after, 'graphql_limit_refusals_total', { limit: 'body_size' })).toBe(1);
    expect(sampleValue(after, 'graphql_entities_batch_size_sum') - sampleValue(before, 'graphql_entities_batch_size_sum')).toBe(4);
  });

  it('counts picture lookups by cache layer: a miss and a started fetch, then a hit', async () => {
    const id = '15550000011@c.us';
    const before = await scrape(second.url);
    await postGraphQL(second.url, chats(id));
    await postGraphQL(second.url, chats(id));
    const after = await scrape(second.url);
    const delta = (layer: string, result: string) =>
      sampleValue(after, 'picture_cache_requests_total', { layer, result }) -
      sampleValue(before, 'picture_cache_requests_total', { layer, result });
    expect([delta('memory', 'miss'), delta('singleflight', 'miss'), delta('memory', 'hit')]).toEqual([1, 1, 1]);
  });

  it('keeps the counts of two apps in one process apart', async () => {
    const before = requests(await scrape(second.url), 'query', 'success');
    for (let index = 0; index < 3; index += 1) {
      await postGraphQL(first.url, chats('15550000003@c.us'));
    }
    expect(requests(await scrape(second.url), 'query', 'success')).toBe(before);
    expect(requests(await scrape(first.url), 'query', 'success')).toBeGreaterThanOrEqual(3);
  });

  it('never puts a JID, a URL or a session name in a label value', async () => {
    await postGraphQL(first.url, chats('15550000004@c.us'), { 'x-wa-session': 'some-session' });
    const values = (await scrape(first.url)).flatMap((sample) => Object.values(sample.labels));
    expect(values.filter((value) => /@|:\/\/|some-session/.test(value))).toEqual([]);
  });
});
