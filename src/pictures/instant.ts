/**
 * A Date that formats itself once. A cached picture is served many times, and every answer that
 * selects `fetchedAt` or `expiresAt` asks for the ISO string: the first call computes it and the
 * instant keeps it. Nothing in the subgraph changes a Date after making it, so the kept string
 * cannot go stale.
 */
export class Instant extends Date {
  #iso: string | undefined;

  override toISOString(): string {
    this.#iso ??= super.toISOString();
    return this.#iso;
  }
}
