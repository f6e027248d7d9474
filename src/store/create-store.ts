import type { PictureStoreConfig } from '../config/pictures.js';
import { FsPictureStore } from './fs-store.js';
import type { PictureStore } from './picture-store.js';

/**
 * The store the config names, or null when hosting is off. The S3 client (some 20 MB of SDK) is
 * loaded only when it is used.
 */
export async function createPictureStore(config: PictureStoreConfig, timeoutMs: number): Promise<PictureStore | null> {
  switch (config.kind) {
    case 'off':
      return null;
    case 'filesystem':
      return new FsPictureStore(config.dir);
    case 's3': {
      const { S3PictureStore } = await import('./s3-store.js');
      return new S3PictureStore(config, timeoutMs);
    }
  }
}
