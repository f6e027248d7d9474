import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { PictureStoreConfig } from '../config/pictures.js';
import { assertStoreKey, StoreError, type ListedObject, type PictureStore, type StoredObject } from './picture-store.js';

type S3Config = Extract<PictureStoreConfig, { kind: 's3' }>;

const SHA256_METADATA = 'sha256';
// Deletes run one key at a time: DeleteObjects needs a Content-MD5 that this SDK no longer sends
// (it sends CRC32), and Swift's s3api and other S3-compatible servers refuse it without one.
const DELETE_CONCURRENCY = 8;

/** S3's and S3-compatible servers' ways of saying "no such object". */
function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchKey' || error.name === 'NotFound')
  );
}

function failure(error: unknown, what: string): StoreError {
  const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
  const name = error instanceof Error ? error.name : 'Error';
  // 507 and quota errors: the bucket takes no more; anything else is "the store is away".
  const full = status === 507 || /QuotaExceeded|EntityTooLarge|InsufficientStorage/i.test(name);
  return new StoreError(
    full ? 'full' : 'unavailable',
    `picture store ${what} failed (${name}${status === undefined ? '' : ` ${status}`})`,
    {
      cause: error,
    },
  );
}

/**
 * Copies in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, Ceph, OpenStack Swift's s3api):
 * path-style addressing, checksums only where the API requires them (S3-compatible servers
 * refuse the SDK's default CRC32 headers), and deadlines on every call so a hung endpoint costs
 * a bounded wait. The bucket stays private: the subgraph reads the bytes and serves them itself.
 * Each object carries its SHA-256 as metadata, the strong ETag the picture route sends.
 */
export class S3PictureStore implements PictureStore {
  readonly kind = 's3';
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #timeoutMs: number;

  constructor(config: S3Config, timeoutMs: number) {
    this.#bucket = config.bucket;
    this.#prefix = config.prefix;
    this.#timeoutMs = timeoutMs;
    this.#client = new S3Client({
      region: config.region,
      ...(config.endpoint === null ? {} : { endpoint: config.endpoint }),
      forcePathStyle: true,
      ...(config.credentials === null ? {} : { credentials: config.credentials }),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // One retry: a store that fails twice is treated as away, and pictures fall back meanwhile.
      maxAttempts: 2,
      // The SDK builds its Node handler from these; the per-call abort signal is the overall deadline.
      requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs },
    });
  }

  async get(key: string): Promise<StoredObject | null> {
    const name = this.#key(key);
    try {
      const answer = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: name }), this.#deadline());
      const bytes = Buffer.from((await answer.Body?.transformToByteArray()) ?? new Uint8Array());
      const sha256 = createHash('sha256').update(bytes).digest('base64url');
      const recorded = answer.Metadata?.[SHA256_METADATA];
      if (recorded !== undefined && recorded !== sha256) {
        throw new StoreError('unavailable', 'picture store read returned other bytes than were written');
      }
      return {
        bytes,
        contentType: answer.ContentType ?? 'application/octet-stream',
        sha256,
      };
    } catch (error) {
      if (isMissing(error)) {
        return null;
      }
      throw error instanceof StoreError ? error : failure(error, 'read');
    }
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const name = this.#key(key);
    try {
      await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: name,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: contentType,
          Metadata: { [SHA256_METADATA]: createHash('sha256').update(bytes).digest('base64url') },
        }),
        this.#deadline(),
      );
    } catch (error) {
      throw failure(error, 'write');
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    const pending = keys.map((key) => this.#key(key));
    const worker = async (): Promise<void> => {
      for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
        try {
          await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }), this.#deadline());
        } catch (error) {
          if (!isMissing(error)) {
            throw failure(error, 'delete');
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(DELETE_CONCURRENCY, keys.length) }, worker));
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.#client.send(
          new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: `${this.#prefix}${prefix}`, ContinuationToken: token }),
          this.#deadline(),
        );
      } catch (error) {
        throw failure(error, 'list');
      }
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) {
          yield { key: object.Key.slice(this.#prefix.length), modifiedAt: object.LastModified ?? new Date(0) };
        }
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  async check(): Promise<void> {
    try {
      await this.#client.send(new HeadBucketCommand({ Bucket: this.#bucket }), this.#deadline());
    } catch (error) {
      throw failure(error, 'check');
    }
  }

  async close(): Promise<void> {
    this.#client.destroy();
  }

  #key(key: string): string {
    assertStoreKey(key);
    return `${this.#prefix}${key}`;
  }

  #deadline(): { abortSignal: AbortSignal } {
    return { abortSignal: AbortSignal.timeout(this.#timeoutMs) };
  }
}
