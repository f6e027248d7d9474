import { isIP } from 'node:net';
import type { Resolve } from '../../../src/images/image-intake.js';

/** A resolver answering from a table and recording every name asked; unknown names fail as DNS would. */
export class StubDns {
  readonly asked: string[] = [];
  readonly #table: ReadonlyMap<string, readonly string[]>;

  constructor(table: Readonly<Record<string, readonly string[]>> = {}) {
    this.#table = new Map(Object.entries(table));
  }

  readonly resolve: Resolve = async (hostname) => {
    this.asked.push(hostname);
    const addresses = this.#table.get(hostname);
    if (addresses === undefined) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    }
    return addresses.map((address) => ({ address, family: isIP(address) === 6 ? 6 : 4 }));
  };
}
