import { cpSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmStart, type NpmStart } from '../support/npm-start.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** What a fresh clone does not have: installed packages, builds, git metadata, test output. */
const NOT_IN_A_CLONE = new Set(['node_modules', 'dist', '.git', 'test-artifacts']);
// Generous: three starts share the CPU with the rest of the suite; a healthy run takes a few seconds.
const START_TIMEOUT_MS = 60_000;

const CHAT_PICTURE = {
  query: `#graphql
    query ($r: [_Any!]!) { _entities(representations: $r) { ... on Chat { id picture { status } } } }`,
  variables: { r: [{ __typename: 'Chat', id: '491701234560@c.us' }] },
};

/** A copy of this checkout as a fresh clone has it — no dist/, no build — sharing our installed packages. */
function unbuiltCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), 'wa-subgraph-unbuilt-'));
  cpSync(root, copy, {
    recursive: true,
    filter: (source) => {
      const top = relative(root, source).split(sep)[0] ?? '';
      return !NOT_IN_A_CLONE.has(top) && !top.startsWith('.dist-');
    },
  });
  symlinkSync(realpathSync(join(root, 'node_modules')), join(copy, 'node_modules'));
  return copy;
}

describe('npm start in an unbuilt checkout', () => {
  let copy: string;
  const started: NpmStart[] = [];

  beforeAll(() => {
    copy = unbuiltCopy();
  });
  afterAll(async () => {
    await Promise.all(started.map((running) => running.stop()));
    rmSync(copy, { recursive: true, force: true });
  });

  it('three at once all come up and serve, from one build that none of them saw half-written', async () => {
    const attempts = await Promise.allSettled([
      npmStart(copy, START_TIMEOUT_MS),
      npmStart(copy, START_TIMEOUT_MS),
      npmStart(copy, START_TIMEOUT_MS),
    ]);
    for (const attempt of attempts) {
      if (attempt.status === 'fulfilled') {
        started.push(attempt.value);
      }
    }
    for (const attempt of attempts) {
      if (attempt.status === 'rejected') {
        throw attempt.reason;
      }
    }
    expect(new Set(started.map((running) => running.url)).size).toBe(3);

    for (const running of started) {
      const health = await fetch(`${running.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const answer = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(CHAT_PICTURE),
      });
      expect(await answer.json()).toEqual({ data: { _entities: [{ id: '491701234560@c.us', picture: { status: 'AVAILABLE' } }] } });
    }

    // One start compiled; the other two waited for its build instead of compiling the same sources again.
    expect(started.filter((running) => running.output().includes('build: compiled')).length).toBe(1);
    // dist points at the one build, and no temporary directory, lock or link is left behind.
    const build = readlinkSync(join(copy, 'dist'));
    expect(build).toMatch(/^\.dist-[0-9a-f]{16}$/);
    expect(readdirSync(copy).filter((name) => name.startsWith('.dist-'))).toEqual([build]);
  }, 90_000);
});
