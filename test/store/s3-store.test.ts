import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3PictureStore } from '../../src/store/s3-store.js';
import { pictureStoreContract } from './store-contract.js';
import { startHostingWorld, hostedPicture, view, type HostingWorld } from '../support/hosting-world.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';
import { SWIFT_ACCESS_KEY, SWIFT_SECRET_KEY, SwiftS3 } from '../support/swift-s3.js';

const BUCKET = 'pictures';
const credentials = { accessKeyId: SWIFT_ACCESS_KEY, secretAccessKey: SWIFT_SECRET_KEY };

let swift: SwiftS3;
let store: S3PictureStore;

beforeAll(async () => {
  swift = await SwiftS3.start();
  const admin = new S3Client({ endpoint: swift.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  await admin.send(new CreateBucketCommand({ Bucket: BUCKET }));
  admin.destroy();
  store = new S3PictureStore(
    { kind: 's3', endpoint: swift.endpoint, region: 'us-east-1', bucket: BUCKET, prefix: 'contract-run/', credentials },
    5_000,
  );
}, 60_000);
afterAll(async () => {
  await store?.close();
  await swift?.stop();
});

pictureStoreContract('S3 (OpenStack Swift s3api)', () => store);

describe('the S3 store against a real S3 server', () => {
  it('refuses wrong credentials as an unavailable store, never as a missing object', async () => {
    const wrong = new S3PictureStore(
      {
        kind: 's3',
        endpoint: swift.endpoint,
        region: 'us-east-1',
        bucket: BUCKET,
        prefix: '',
        credentials: { ...credentials, secretAccessKey: 'wrong' },
      },
      5_000,
    );
    await expect(wrong.get('contract/anything.json')).rejects.toMatchObject({ name: 'StoreError', failure: 'unavailable' });
    await expect(wrong.check()).rejects.toMatchObject({ failure: 'unavailable' });
    await wrong.close();
  });

  it('reports a missing bucket as unavailable', async () => {
    const missing = new S3PictureStore(
      { kind: 's3', endpoint: swift.endpoint, region: 'us-east-1', bucket: 'no-such-bucket', prefix: '', credentials },
      5_000,
    );
    await expect(missing.check()).rejects.toMatchObject({ failure: 'unavailable' });
    await missing.close();
  });

  describe('hosting two replicas on one bucket', () => {
    let world: HostingWorld;
    const replicas: RunningSubgraph[] = [];

    beforeAll(async () => {
      world = await startHostingWorld();
      const env = {
        ...world.env,
        PICTURE_STORE: 's3',
        PICTURE_STORE_S3_ENDPOINT: swift.endpoint,
        PICTURE_STORE_S3_BUCKET: BUCKET,
        PICTURE_STORE_S3_PREFIX: 'replicas/',
        PICTURE_STORE_S3_ACCESS_KEY_ID: SWIFT_ACCESS_KEY,
        PICTURE_STORE_S3_SECRET_ACCESS_KEY: SWIFT_SECRET_KEY,
        PICTURE_URL_SECRET: 'shared-by-every-replica-of-this-bucket',
      };
      replicas.push(await startSubgraph({ env }), await startSubgraph({ env }));
    });
    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.close()));
      await world?.close();
    });

    it('serves one copy from the bucket to both replicas, downloaded once', async () => {
      const [a, b] = replicas as [RunningSubgraph, RunningSubgraph];
      const fromA = await hostedPicture(a.url, '4915550000201@c.us');
      const fromB = await hostedPicture(b.url, '4915550000201@c.us');
      expect(new URL(fromB.hostedUrl as string).pathname).toBe(new URL(fromA.hostedUrl as string).pathname);
      const first = await view(fromA.hostedUrl as string);
      expect(first.status).toBe(200);
      const second = await view(fromB.hostedUrl as string);
      expect(second.etag).toBe(first.etag);
      expect((await view(fromB.small as string)).status).toBe(200);
      const picture = world.gowa.world.lookup('4915550000201');
      expect(world.cdn.served(picture.kind === 'picture' ? picture.pictureId : '')).toBe(1);
      const ready = (await (await fetch(`${b.url}/ready`)).json()) as { checks: Record<string, string> };
      expect(ready.checks.pictureStore).toBe('ok');
    });
  });
});
