/**
 * What WhatsApp itself knows, shared by every emulator: for each account, whether it has a
 * picture, none, or one hidden from us by privacy, and the CDN URLs that serve it.
 *
 * By default the last digit of the user part decides, as in the demo provider (0–5 picture,
 * 6–7 not set, 8–9 hidden); tests override single JIDs with `set`.
 */
export type WorldPicture =
  { readonly kind: 'picture'; readonly pictureId: string } | { readonly kind: 'not-set' } | { readonly kind: 'hidden' };

export class WhatsAppWorld {
  readonly #overrides = new Map<string, WorldPicture>();
  #signature = 0;

  /** `user` is the part before the @ (a phone number, LID, group or channel id). */
  set(user: string, picture: WorldPicture): void {
    this.#overrides.set(user, picture);
  }

  lookup(user: string): WorldPicture {
    const override = this.#overrides.get(user);
    if (override !== undefined) {
      return override;
    }
    const lastDigit = Number(user.at(-1));
    if (Number.isNaN(lastDigit) || lastDigit <= 5) {
      return { kind: 'picture', pictureId: `${user.replace(/\D/g, '').slice(-10)}1` };
    }
    return lastDigit <= 7 ? { kind: 'not-set' } : { kind: 'hidden' };
  }

  /** A pps.whatsapp.net URL in WhatsApp's shape: the path names the picture, the query is signed anew each time. */
  cdnUrl(pictureId: string, preview: boolean, now = Date.now()): string {
    this.#signature += 1;
    const oe = Math.floor(now / 1000 + 2 * 86_400)
      .toString(16)
      .toUpperCase();
    const size = preview ? 's96x96' : 's640x640';
    return `https://pps.whatsapp.net/v/t61.24694-24/${size}/${pictureId}_n.jpg?ccb=11-4&oh=01_Q5Aa${this.#signature.toString(36)}&oe=${oe}&_nc_sid=e6ed6c&_nc_cat=111`;
  }
}
