import type { Provider } from './providers/provider.js';

/** A WhatsApp account reachable through one provider; requests pick one with `x-wa-session`. */
export interface Session {
  /** The name clients use in the `x-wa-session` header. */
  readonly name: string;
  /**
   * Who this account is to the cache: provider kind, base URL and the provider's session id.
   * What one account may see is never served to another, so every cache key carries it.
   */
  readonly identity: string;
  readonly provider: Provider;
}
