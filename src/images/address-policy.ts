import ipaddr from 'ipaddr.js';

// ::/96, the deprecated IPv4-compatible block (RFC 4291 §2.5.5.1). ipaddr.js unwraps only the
// IPv4-mapped form, so `::7f00:1` — what `new URL('http://[::127.0.0.1]/')` becomes — would otherwise
// pass as "unicast". Nothing public lives there: refuse the whole block.
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * Whether an image may be fetched from `address`: only public unicast space, as ipaddr.js classifies
 * it. Everything else — loopback, private, link-local (cloud metadata), CGNAT, unique-local,
 * unspecified, multicast, broadcast, reserved, 6to4/Teredo/NAT64 — is refused, and so is anything
 * that does not parse as an IP address.
 */
export function isPublicUnicast(address: string): boolean {
  if (!ipaddr.isValid(address)) {
    return false;
  }
  // process() turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 address it carries.
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv6' && parsed.match(IPV4_COMPATIBLE)) {
    return false;
  }
  return parsed.range() === 'unicast';
}

/** The canonical text of an address (IPv4-mapped IPv6 unwrapped), which is what a socket is opened to; null if it is none. */
export function canonicalAddress(address: string): { readonly address: string; readonly family: 4 | 6 } | null {
  if (!ipaddr.isValid(address)) {
    return null;
  }
  const parsed = ipaddr.process(address);
  return { address: parsed.toString(), family: parsed.kind() === 'ipv6' ? 6 : 4 };
}
