import { resolve } from 'node:path';
import { parseHostAllowlist, type HostAllowlist } from '../images/host-allowlist.js';
import { ConfigError, httpUrl, integer, oneOf, raw, type Env } from './env.js';

/** Where hosted copies of pictures live (PICTURE_STORE and its settings). */
export type PictureStoreConfig =
  | { readonly kind: 'off' }
  | { readonly kind: 'filesystem'; readonly dir: string }
  | {
      readonly kind: 's3';
      /** Any S3-compatible endpoint; null: AWS's own, from the region. */
      readonly endpoint: string | null;
      readonly region: string;
      readonly bucket: string;
      /** Prepended to every key, so one bucket can hold several deployments. */
      readonly prefix: string;
      /** Both or neither; neither: the SDK's default chain (environment, instance role…). */
      readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | null;
    };

/** Hosted pictures: the store, the URL keys, how long copies live and where they may be fetched from. */
export interface HostingConfig {
  readonly store: PictureStoreConfig;
  /**
   * Keys the hosted URLs' session part is derived from (PICTURE_URL_SECRET, then
   * PICTURE_URL_SECRET_PREVIOUS, which is still accepted but never minted). Empty: the filesystem
   * store keeps a generated one beside the copies.
   */
  readonly urlSecrets: readonly string[];
  /** How long a copy is kept (and served) after anybody last asked for it (PICTURE_RETENTION_DAYS). */
  readonly retentionMs: number;
  /** How often the retention sweep runs (PICTURE_SWEEP_INTERVAL_MINUTES). */
  readonly sweepIntervalMs: number;
  /** The only hosts copies are downloaded from (PICTURE_SOURCE_HOSTS); WhatsApp's CDN by default. */
  readonly sourceHosts: HostAllowlist;
  /** Deadline of one store operation (PICTURE_STORE_TIMEOUT_MS). */
  readonly storeTimeoutMs: number;
  /** Most pictures decoded and encoded at once (PICTURE_IMAGE_CONCURRENCY). */
  readonly imageConcurrency: number;
}

const DAY_MS = 86_400_000;
const MIN_SECRET_LENGTH = 32;
// WhatsApp's profile-picture CDN (image-hosting.md §6); other hosts are refused and logged.
const DEFAULT_SOURCE_HOSTS = 'pps.whatsapp.net';

function secret(env: Env, name: string): string | undefined {
  const value = raw(env, name);
  if (value !== undefined && value.length < MIN_SECRET_LENGTH) {
    // Never echoed: it is a secret.
    throw new ConfigError(name, `expected at least ${MIN_SECRET_LENGTH} characters (for example \`openssl rand -base64 32\`)`);
  }
  return value;
}

function storeConfig(env: Env): PictureStoreConfig {
  const bucket = raw(env, 'PICTURE_STORE_S3_BUCKET');
  const kind = oneOf(env, 'PICTURE_STORE', ['filesystem', 's3', 'off'] as const, bucket === undefined ? 'filesystem' : 's3');
  if (kind === 'off') {
    return { kind };
  }
  if (kind === 'filesystem') {
    return { kind, dir: resolve(raw(env, 'PICTURE_STORE_DIR') ?? 'data/pictures') };
  }
  if (bucket === undefined) {
    throw new ConfigError('PICTURE_STORE_S3_BUCKET', 'required when PICTURE_STORE is s3');
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError('PICTURE_STORE_S3_BUCKET', `expected an S3 bucket name, got ${JSON.stringify(bucket)}`);
  }
  const accessKeyId = raw(env, 'PICTURE_STORE_S3_ACCESS_KEY_ID');
  const secretAccessKey = raw(env, 'PICTURE_STORE_S3_SECRET_ACCESS_KEY');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError('PICTURE_STORE_S3_ACCESS_KEY_ID', 'set it and PICTURE_STORE_S3_SECRET_ACCESS_KEY together, or neither');
  }
  const endpoint = raw(env, 'PICTURE_STORE_S3_ENDPOINT');
  const prefix = raw(env, 'PICTURE_STORE_S3_PREFIX') ?? '';
  if (!/^(?:[a-z0-9._-]+\/)*$/i.test(prefix)) {
    throw new ConfigError('PICTURE_STORE_S3_PREFIX', 'expected path segments ending in a slash, such as pictures/');
  }
  return {
    kind,
    endpoint: endpoint === undefined ? null : httpUrl('PICTURE_STORE_S3_ENDPOINT', endpoint),
    region: raw(env, 'PICTURE_STORE_S3_REGION') ?? 'us-east-1',
    bucket,
    prefix,
    credentials: accessKeyId === undefined || secretAccessKey === undefined ? null : { accessKeyId, secretAccessKey },
  };
}

export function hostingConfig(env: Env): HostingConfig {
  const store = storeConfig(env);
  const current = secret(env, 'PICTURE_URL_SECRET');
  const previous = secret(env, 'PICTURE_URL_SECRET_PREVIOUS');
  if (current === undefined && previous !== undefined) {
    throw new ConfigError('PICTURE_URL_SECRET_PREVIOUS', 'only meaningful beside PICTURE_URL_SECRET');
  }
  // Replicas sharing a bucket must derive the same URLs, and S3 has no atomic "create if absent"
  // to agree on a generated key: the operator gives it.
  if (store.kind === 's3' && current === undefined) {
    throw new ConfigError('PICTURE_URL_SECRET', 'required with the S3 picture store, the same for every replica sharing the bucket');
  }
  let sourceHosts: HostAllowlist;
  try {
    sourceHosts = parseHostAllowlist(raw(env, 'PICTURE_SOURCE_HOSTS') ?? DEFAULT_SOURCE_HOSTS);
  } catch (error) {
    throw new ConfigError('PICTURE_SOURCE_HOSTS', error instanceof Error ? error.message : String(error));
  }
  return {
    store,
    urlSecrets: [current, previous].filter((value): value is string => value !== undefined),
    retentionMs: integer(env, 'PICTURE_RETENTION_DAYS', 30, 1, 3_650) * DAY_MS,
    sweepIntervalMs: integer(env, 'PICTURE_SWEEP_INTERVAL_MINUTES', 24 * 60, 1, 7 * 24 * 60) * 60_000,
    sourceHosts,
    storeTimeoutMs: integer(env, 'PICTURE_STORE_TIMEOUT_MS', 3_000, 100, 60_000),
    imageConcurrency: integer(env, 'PICTURE_IMAGE_CONCURRENCY', 2, 1, 64),
  };
}
