import { isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import { Refusal } from '../errors.js';
import { untilAborted } from '../resilience/deadline.js';
import { canonicalAddress, isPublicUnicast } from './address-policy.js';
import type { CheckedUrl } from './url-policy.js';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** DNS for image hosts; tests replace it so no name is ever looked up for real. */
export type Resolve = (hostname: string) => Promise<ReadonlyArray<ResolvedAddress>>;

/** The one address a fetch may open a socket to, chosen and checked before any connection. */
export interface PinnedTarget extends CheckedUrl {
  readonly address: string;
  readonly family: 4 | 6;
}

export const systemResolve: Resolve = async (hostname) => {
  const answers = await lookup(hostname, { all: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

function forbiddenAddress(): Refusal {
  // The address is not named: telling a caller what an internal name resolves to would leak it.
  return new Refusal('FORBIDDEN_IMAGE_URL', 'The image URL points to a private or reserved address; use a public https URL');
}

/**
 * Resolves the URL's host once and checks every address it has: one private answer among public
 * ones refuses the URL, since the connection could land on any of them. IP literals skip DNS;
 * allowlisted hosts skip the address rule. The fetch then connects to the returned address only.
 */
export async function resolveTarget(checked: CheckedUrl, resolve: Resolve, signal: AbortSignal): Promise<PinnedTarget> {
  const hostname = checked.url.hostname.replace(/^\[(.*)\]$/, '$1');
  let answers: ReadonlyArray<ResolvedAddress>;
  if (isIP(hostname) !== 0) {
    answers = [{ address: hostname, family: isIP(hostname) === 6 ? 6 : 4 }];
  } else {
    try {
      // DNS cannot be cancelled: the fetch's deadline stops waiting for it instead.
      answers = await untilAborted(resolve(hostname), signal);
    } catch (error) {
      if (signal.aborted) {
        throw signal.reason;
      }
      throw new Refusal('IMAGE_UNREACHABLE', 'The image host name could not be resolved', { cause: error });
    }
  }
  const first = answers[0];
  if (first === undefined) {
    throw new Refusal('IMAGE_UNREACHABLE', 'The image host name could not be resolved');
  }
  if (!checked.allowlisted && !answers.every(({ address }) => isPublicUnicast(address))) {
    throw forbiddenAddress();
  }
  const pinned = canonicalAddress(first.address);
  if (pinned === null) {
    // Only reachable for allowlisted hosts: a resolver answer that is not an address.
    throw new Refusal('IMAGE_UNREACHABLE', 'The image host name could not be resolved');
  }
  return { ...checked, ...pinned };
}
