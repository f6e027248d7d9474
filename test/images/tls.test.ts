import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { closeTestIntakes, refusal, testIntake } from './support/test-intake.js';

// A certificate for images.test that no CA vouches for, made by the openssl CLI (Node cannot issue one).
function selfSignedCertificate(): { readonly key: Buffer; readonly cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'intake-tls-'));
  try {
    const subject = '-subj /CN=images.test -addext subjectAltName=DNS:images.test'.split(' ');
    const key = '-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes'.split(' ');
    const files = ['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-days', '1', ...key, ...subject, ...files], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let server: Server;
const sniSeen: string[] = [];

beforeAll(async () => {
  const credentials = selfSignedCertificate();
  server = createServer({
    ...credentials,
    SNICallback: (servername, done) => {
      sniSeen.push(servername);
      done(null, createSecureContext(credentials));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(closeTestIntakes);

it('opens TLS to the pinned address for the URL’s name and refuses a certificate no CA vouches for', async () => {
  const { port } = server.address() as AddressInfo;
  const { intake, guard } = testIntake({ names: { 'images.test': ['127.0.0.1'] }, allowHosts: [`images.test:${port}`] });
  const { code, message } = await refusal(intake.fromUrl(`https://images.test:${port}/a.jpg`));
  expect(code).toBe('IMAGE_UNREACHABLE');
  expect(message).toMatch(/TLS/);
  expect(guard.targets).toEqual([{ address: '127.0.0.1', port, protocol: 'https:', servername: 'images.test' }]);
  // The server was asked for images.test's certificate, not for 127.0.0.1's.
  expect(sniSeen).toEqual(['images.test']);
});
