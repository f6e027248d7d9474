import type { Jid } from '../../src/pictures/jid.js';
import type {
  DeleteGroupPictureRequest,
  GroupPictureImage,
  GroupPictureWritten,
  Provider,
  ProviderCapabilities,
  ProviderPicture,
  ProviderPictureRequest,
  SetGroupPictureRequest,
} from '../../src/providers/provider.js';

export interface RecordedCall {
  readonly jid: string;
  readonly preview: boolean;
  readonly refresh: boolean;
}

/** One write as the fake received it; `image` only for a set. */
export interface RecordedWrite {
  readonly operation: 'set' | 'delete';
  readonly jid: string;
  readonly image: GroupPictureImage | null;
}

/**
 * A provider for unit tests of the pipeline: it records every call, tracks how many run at once,
 * and answers from a function of the JID after an optional delay. Writes are recorded too and
 * answered by `setAnswer` / `deleteAnswer`, which may throw a Refusal or an AppError to play a
 * provider's refusal; by default a set answers a fresh picture id and a delete none.
 */
export class FakeProvider implements Provider {
  readonly kind = 'fake';
  readonly capabilities: ProviderCapabilities;
  readonly calls: RecordedCall[] = [];
  readonly writes: RecordedWrite[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** A provider's own latency, for tests about time (deadlines); tests about concurrency use `hold`. */
  delayMs = 0;
  #held: Promise<void> | null = null;
  answer: (jid: Jid, request: ProviderPictureRequest) => ProviderPicture | Promise<ProviderPicture> = (jid, request) => ({
    status: 'AVAILABLE',
    url: `https://pps.whatsapp.net/v/t61/${jid.user}_n.jpg?oe=${Math.floor(Date.now() / 1000 + 7200).toString(16)}&oh=sig${this.calls.length}`,
    id: null,
    preview: request.preview,
  });
  setAnswer: (request: SetGroupPictureRequest) => GroupPictureWritten | Promise<GroupPictureWritten> = () => ({
    pictureId: `fake-${this.writes.length}`,
  });
  deleteAnswer: (request: DeleteGroupPictureRequest) => GroupPictureWritten | Promise<GroupPictureWritten> = () => ({ pictureId: null });

  constructor(capabilities: Partial<ProviderCapabilities> = {}) {
    this.capabilities = {
      preview: false,
      refresh: true,
      tellsHiddenFromNotSet: true,
      setGroupPicture: ['bytes', 'url'],
      deleteGroupPicture: true,
      ...capabilities,
    };
  }

  async fetchPicture(request: ProviderPictureRequest): Promise<ProviderPicture> {
    this.calls.push({ jid: request.jid.canonical, preview: request.preview, refresh: request.refresh });
    return this.#run(() => this.answer(request.jid, request));
  }

  async setGroupPicture(request: SetGroupPictureRequest): Promise<GroupPictureWritten> {
    this.writes.push({ operation: 'set', jid: request.jid.canonical, image: request.image });
    return this.#run(() => this.setAnswer(request));
  }

  async deleteGroupPicture(request: DeleteGroupPictureRequest): Promise<GroupPictureWritten> {
    this.writes.push({ operation: 'delete', jid: request.jid.canonical, image: null });
    return this.#run(() => this.deleteAnswer(request));
  }

  callsFor(jid: string): number {
    return this.calls.filter((call) => call.jid === jid).length;
  }

  writesFor(jid: string): RecordedWrite[] {
    return this.writes.filter((write) => write.jid === jid);
  }

  /**
   * Holds every call, from now until the returned release is called: a test keeps calls in flight
   * exactly as long as it needs (to let other batches join them), instead of sleeping.
   */
  hold(): () => void {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#held = held;
    return () => {
      if (this.#held === held) {
        this.#held = null;
      }
      release();
    };
  }

  async #run<T>(answer: () => T | Promise<T>): Promise<T> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.#held !== null) {
        await this.#held;
      }
      if (this.delayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      }
      return await answer();
    } finally {
      this.inFlight -= 1;
    }
  }
}
