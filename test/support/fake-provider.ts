import type { Jid } from '../../src/pictures/jid.js';
import type { Provider, ProviderCapabilities, ProviderPicture, ProviderPictureRequest } from '../../src/providers/provider.js';

export interface RecordedCall {
  readonly jid: string;
  readonly preview: boolean;
  readonly refresh: boolean;
}

/**
 * A provider for unit tests of the pipeline: it records every call, tracks how many run at once,
 * and answers from a function of the JID after an optional delay.
 */
export class FakeProvider implements Provider {
  readonly kind = 'fake';
  readonly capabilities: ProviderCapabilities;
  readonly calls: RecordedCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  delayMs = 0;
  answer: (jid: Jid, request: ProviderPictureRequest) => ProviderPicture | Promise<ProviderPicture> = (jid, request) => ({
    status: 'AVAILABLE',
    url: `https://pps.whatsapp.net/v/t61/${jid.user}_n.jpg?oe=${Math.floor(Date.now() / 1000 + 7200).toString(16)}&oh=sig${this.calls.length}`,
    id: null,
    preview: request.preview,
  });

  constructor(capabilities: Partial<ProviderCapabilities> = {}) {
    this.capabilities = { preview: false, refresh: true, tellsHiddenFromNotSet: true, ...capabilities };
  }

  async fetchPicture(request: ProviderPictureRequest): Promise<ProviderPicture> {
    this.calls.push({ jid: request.jid.canonical, preview: request.preview, refresh: request.refresh });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      }
      return await this.answer(request.jid, request);
    } finally {
      this.inFlight -= 1;
    }
  }

  callsFor(jid: string): number {
    return this.calls.filter((call) => call.jid === jid).length;
  }
}
