import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface BuildLock {
  release(): void;
}

/**
 * Takes the lock file at `path`, or answers `undefined` while a live process holds it. The lock only
 * saves work — one compile where several concurrent starts would each run tsc; correctness never
 * depends on it, since a build becomes visible only through an atomic rename. So a rare double
 * holder (two processes clearing the same dead holder's lock at once) costs a compile, nothing more.
 */
export function tryLock(path: string): BuildLock | undefined {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const mine = `${path}.${process.pid}`;
    writeFileSync(mine, String(process.pid));
    try {
      // link() creates the lock already holding our pid, or fails when it exists: nobody ever reads a half-written lock.
      linkSync(mine, path);
      return { release: () => rmSync(path, { force: true }) };
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') {
        throw error;
      }
    } finally {
      rmSync(mine, { force: true });
    }
    if (lockHolderAlive(path)) {
      return undefined;
    }
    // The holder died mid-build (killed, crashed): clear its lock and race for it once more.
    rmSync(path, { force: true });
  }
  return undefined;
}

/** Whether the process named in the lock file still runs; a lock that is gone has no holder. */
export function lockHolderAlive(path: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path, 'utf8'));
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) {
    return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return errorCode(error) === 'EPERM';
  }
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}
