import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostingConfig } from '../config/pictures.js';

const SECRET_FILE = '.url-secret';
const MIN_LENGTH = 32;

/**
 * The secrets hosted URLs are derived from: PICTURE_URL_SECRET (and the previous one) when given.
 * Otherwise the filesystem store keeps a generated one in its directory, so that URLs survive
 * restarts and replicas sharing the directory agree: it is written whole to a temporary file and
 * then hard-linked into place, which succeeds for exactly one of them; every replica then reads
 * the winner's. Without a store (hosting off) a process-lifetime secret keys avatar seeds alone.
 */
export async function loadUrlSecrets(config: HostingConfig): Promise<readonly string[]> {
  if (config.urlSecrets.length > 0) {
    return config.urlSecrets;
  }
  if (config.store.kind !== 'filesystem') {
    return [randomBytes(32).toString('base64url')];
  }
  const path = join(config.store.dir, SECRET_FILE);
  const temp = `${path}.${randomBytes(8).toString('hex')}`;
  await mkdir(config.store.dir, { recursive: true });
  try {
    await writeFile(temp, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    await link(temp, path).catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== 'EEXIST') {
        throw error;
      }
    });
  } finally {
    await rm(temp, { force: true });
  }
  const secret = (await readFile(path, 'utf8')).trim();
  if (secret.length < MIN_LENGTH) {
    throw new Error(`${path} holds no usable secret; remove it or set PICTURE_URL_SECRET`);
  }
  return [secret];
}
