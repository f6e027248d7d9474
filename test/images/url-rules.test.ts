import { afterEach, describe, expect, it } from 'vitest';
import { closeTestIntakes, refusal, testIntake, type TestIntake } from './support/test-intake.js';

// Refusals that need no network answer at once; this leaves room for a loaded CI machine.
const INSTANT_MS = 1_000;

/** Asserts that `url` is refused as FORBIDDEN_IMAGE_URL at once, with no DNS question and no socket; the message, to check further. */
async function refusedOffline({ intake, guard, dns }: TestIntake, url: string): Promise<string> {
  const { code, message, ms } = await refusal(intake.fromUrl(url));
  expect(code).toBe('FORBIDDEN_IMAGE_URL');
  expect(ms).toBeLessThan(INSTANT_MS);
  expect(guard.targets).toEqual([]);
  expect(dns.asked).toEqual([]);
  return message;
}

afterEach(closeTestIntakes);

describe('image URL rules (no socket, no DNS)', () => {
  it.each([
    ['file:', 'file:///etc/passwd'],
    ['gopher:', 'gopher://images.example.com:70/_GET'],
    ['data:', 'data:image/png;base64,iVBORw0KGgo='],
    ['ftp:', 'ftp://images.example.com/a.jpg'],
    ['javascript:', 'javascript:alert(1)'],
    ['ws:', 'ws://images.example.com/a.jpg'],
  ])('refuses the %s scheme', async (scheme, url) => {
    const message = await refusedOffline(testIntake({ names: { 'images.example.com': ['93.184.215.14'] } }), url);
    expect(message).toContain(scheme.replace(/:$/, ''));
  });

  it.each([
    ['plain http to a public name', 'http://images.example.com/a.jpg'],
    ['plain http on a port other than the allowlisted one', 'http://127.0.0.1:81/a.jpg'],
    ['credentials', 'https://user:secret@images.example.com/a.jpg'],
    ['a user name alone', 'https://user@images.example.com/a.jpg'],
    ['an unparseable URL', 'not a url'],
    ['a relative URL', '/a.jpg'],
    ['an IPv6 zone id', 'https://[fe80::1%25eth0]/a.jpg'],
  ])('refuses %s', async (_case, url) => {
    const intake = testIntake({ allowHosts: ['127.0.0.1:80'], names: { 'images.example.com': ['93.184.215.14'] } });
    expect(await refusedOffline(intake, url)).not.toContain('secret');
  });

  it.each([
    ['loopback', '127.0.0.1'],
    ['the rest of 127/8', '127.8.9.10'],
    ['10/8', '10.0.0.1'],
    ['172.16/12', '172.16.0.1'],
    ['172.16/12 (top)', '172.31.255.254'],
    ['192.168/16', '192.168.1.1'],
    ['cloud metadata 169.254.169.254', '169.254.169.254'],
    ['CGNAT 100.64/10', '100.64.0.1'],
    ['unspecified 0.0.0.0', '0.0.0.0'],
    ['multicast', '224.0.0.1'],
    ['broadcast', '255.255.255.255'],
    ['reserved 240/4', '240.0.0.1'],
    ['IPv6 loopback', '[::1]'],
    ['IPv6 unspecified', '[::]'],
    ['unique-local fc00::/7', '[fc00::1]'],
    ['unique-local fd00::/8', '[fd12:3456::1]'],
    ['link-local fe80::/10', '[fe80::1]'],
    ['IPv4-mapped ::ffff:127.0.0.1', '[::ffff:127.0.0.1]'],
    ['IPv4-mapped hex ::ffff:7f00:1', '[::ffff:7f00:1]'],
    ['IPv4-mapped metadata', '[::ffff:169.254.169.254]'],
    ['IPv4-compatible ::127.0.0.1 (URL writes ::7f00:1)', '[::127.0.0.1]'],
    ['IPv4-compatible carrying a public address', '[::8.8.8.8]'],
    ['6to4 carrying 127.0.0.1', '[2002:7f00:1::1]'],
    ['Teredo', '[2001:0:4136:e378:8000:63bf:80ff:fffe]'],
    ['IPv6 multicast', '[ff02::1]'],
    ['decimal 2130706433', '2130706433'],
    ['octal 0177.0.0.1', '0177.0.0.1'],
    ['hex 0x7f.0.0.1', '0x7f.0.0.1'],
    ['hex 0x7f.1', '0x7f.1'],
    ['short 127.1', '127.1'],
    ['zero 0', '0'],
  ])('refuses an IP literal in %s without DNS or a socket', async (_case, host) => {
    const message = await refusedOffline(testIntake(), `https://${host}/a.jpg?sig=s3cr3t`);
    expect(message).toMatch(/private or reserved address/);
    expect(message).not.toContain('s3cr3t');
  });
});

describe('image URL rules on resolved names', () => {
  it.each([
    ['127.0.0.1'],
    ['10.1.2.3'],
    ['172.20.0.5'],
    ['192.168.0.10'],
    ['169.254.169.254'],
    ['100.100.100.200'],
    ['0.0.0.0'],
    ['::1'],
    ['fd00:ec2::254'],
    ['fe80::1%eth0'],
    ['::ffff:127.0.0.1'],
    ['::ffff:10.0.0.1'],
    ['::127.0.0.1'],
    ['2130706433'],
    ['not-an-address'],
  ])('refuses a name that resolves to %s', async (address) => {
    const { intake, guard, dns } = testIntake({ names: { 'images.example.com': [address] } });
    const { code, ms } = await refusal(intake.fromUrl('https://images.example.com/a.jpg'));
    expect(code).toBe('FORBIDDEN_IMAGE_URL');
    expect(ms).toBeLessThan(INSTANT_MS);
    expect(dns.asked).toEqual(['images.example.com']);
    expect(guard.targets).toEqual([]);
  });

  it('refuses a name with one public and one private address, in either order', async () => {
    for (const addresses of [
      ['93.184.215.14', '10.0.0.7'],
      ['10.0.0.7', '93.184.215.14'],
      ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', '::1'],
    ]) {
      const { intake, guard } = testIntake({ names: { 'images.example.com': addresses } });
      expect((await refusal(intake.fromUrl('https://images.example.com/a.jpg'))).code).toBe('FORBIDDEN_IMAGE_URL');
      expect(guard.targets).toEqual([]);
    }
  });

  it('connects to exactly the checked public address, with TLS for the name, after one DNS question', async () => {
    // Were the name looked up again at connect time (DNS rebinding), the second answer would differ.
    const { intake, guard, dns } = testIntake({ names: { 'images.example.com': ['93.184.215.14', '93.184.215.15'] } });
    const { code, message } = await refusal(intake.fromUrl('https://images.example.com:8443/a.jpg?sig=s3cr3t'));
    // The guard refused the socket, so the fetch fails as any unreachable host does.
    expect(code).toBe('IMAGE_UNREACHABLE');
    expect(message).not.toContain('s3cr3t');
    expect(dns.asked).toEqual(['images.example.com']);
    expect(guard.targets).toEqual([{ address: '93.184.215.14', port: 8443, protocol: 'https:', servername: 'images.example.com' }]);
  });

  it.each([
    ['the IPv4 address an IPv4-mapped answer carries', '::ffff:93.184.215.14', '93.184.215.14'],
    ['a public IPv6 answer', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  ])('connects to %s', async (_case, answer, address) => {
    const { intake, guard } = testIntake({ names: { 'images.example.com': [answer] } });
    expect((await refusal(intake.fromUrl('https://images.example.com/a.jpg'))).code).toBe('IMAGE_UNREACHABLE');
    expect(guard.targets).toEqual([{ address, port: 443, protocol: 'https:', servername: 'images.example.com' }]);
  });

  it('reports a name that does not resolve as unreachable', async () => {
    const { intake, guard } = testIntake();
    const { code, message } = await refusal(intake.fromUrl('https://nowhere.example.com/a.jpg'));
    expect(code).toBe('IMAGE_UNREACHABLE');
    expect(message).toMatch(/could not be resolved/);
    expect(guard.targets).toEqual([]);
  });

  it('lets an allowlisted host skip the private-address rule, and only on its own port', async () => {
    const names = { 'intranet.test': ['10.9.9.9'] };
    const allowed = testIntake({ names, allowHosts: ['intranet.test:8080'] });
    // Allowed through the rules; the loopback guard then stops the socket to 10.9.9.9.
    expect((await refusal(allowed.intake.fromUrl('http://intranet.test:8080/a.jpg'))).code).toBe('IMAGE_UNREACHABLE');
    expect(allowed.guard.addresses).toEqual(['10.9.9.9']);

    const otherPort = testIntake({ names, allowHosts: ['intranet.test:8080'] });
    expect((await refusal(otherPort.intake.fromUrl('https://intranet.test:8443/a.jpg'))).code).toBe('FORBIDDEN_IMAGE_URL');
    expect(otherPort.guard.targets).toEqual([]);
  });
});
