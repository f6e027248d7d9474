import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Counter } from 'prom-client';
import type { Cache } from '../cache/cache.js';
import type { SessionConfig, WebhookLimits, WebhookSettings } from '../config/index.js';
import type { Logger } from '../logger.js';
import type { PictureService } from '../pictures/picture-service.js';
import type { Session } from '../session.js';
import type { SessionRegistry } from '../sessions.js';
import { applyChanges } from './apply-changes.js';
import { parseBoundedJson } from './bounded-json.js';
import { bodyDigest, EventLedger } from './event-ledger.js';
import { parseEvolutionEvent } from './evolution-events.js';
import type { ParsedEvent } from './picture-event.js';
import { readRawBody } from '../http/raw-body.js';
import { verifyDelivery } from './verify-delivery.js';
import { parseWahaEvent } from './waha-events.js';
import type { WebhookOutcome, WebhookProvider } from './webhook-outcome.js';

export const WEBHOOK_ROUTE = '/webhooks/';

export interface WebhookReceiverOptions {
  readonly sessions: readonly SessionConfig[];
  readonly registry: SessionRegistry;
  readonly service: PictureService;
  /** The shared cache: its claims keep one delivery of an event from being handled twice. */
  readonly cache: Cache;
  readonly limits: WebhookLimits;
  readonly logger: Logger;
  readonly events: Counter<'provider' | 'outcome'>;
  readonly now?: () => number;
}

/** A session that receives webhooks, with what its deliveries are checked against. */
interface Receiving {
  readonly session: Session;
  readonly provider: Exclude<WebhookProvider, 'none'>;
  /** The provider's own name of the account (WAHA session, Evolution instance). */
  readonly providerSession: string;
  readonly webhook: WebhookSettings;
}

const PATH = /^\/webhooks\/([\w.-]{1,64})(?:\/([A-Za-z0-9._~-]{1,512}))?$/;
// Real envelopes nest a dozen levels; Baileys message protos inside `engine.event` a few dozen.
const MAX_DEPTH = 64;
const CLOCK_SKEW_SECONDS = 30;

const STATUS: Record<WebhookOutcome, number> = {
  changed: 200,
  unchanged: 200,
  // Accepted, so that the provider stops sending it again: it is simply not ours to act on.
  ignored: 200,
  foreign_session: 200,
  duplicate: 200,
  // Not yet known whether it will succeed: the provider's retry decides.
  in_progress: 409,
  stale: 401,
  unauthorized: 401,
  malformed: 400,
  too_large: 413,
  not_found: 404,
  error: 500,
};

/**
 * `POST /webhooks/{session}` (and `/webhooks/{session}/{secret}` for a path secret): a provider's
 * picture-change events for one session, and only that session. Each delivery is read up to
 * WEBHOOK_MAX_BYTES, verified the provider's way over its raw bytes before anything of it is
 * parsed, parsed with a depth bound, checked against the replay window and the event ids already
 * handled by any replica, and then applied to that session's pictures: invalidated, or replaced by
 * the picture the event carries. Events of other types are accepted and ignored.
 */
export class WebhookReceiver {
  readonly #receiving: ReadonlyMap<string, Receiving>;
  readonly #service: PictureService;
  readonly #ledger: EventLedger;
  readonly #limits: WebhookLimits;
  readonly #logger: Logger;
  readonly #events: Counter<'provider' | 'outcome'>;
  readonly #now: () => number;

  constructor(options: WebhookReceiverOptions) {
    const receiving = new Map<string, Receiving>();
    for (const config of options.sessions) {
      const session = options.registry.get(config.name);
      const provider = config.provider;
      if (config.webhook !== null && session !== undefined && (provider === 'waha' || provider === 'wawp' || provider === 'evolution')) {
        receiving.set(config.name, { session, provider, providerSession: config.session, webhook: config.webhook });
      }
    }
    this.#receiving = receiving;
    this.#service = options.service;
    this.#ledger = new EventLedger(options.cache, options.limits.replayWindowSeconds * 1000);
    this.#limits = options.limits;
    this.#logger = options.logger;
    this.#events = options.events;
    this.#now = options.now ?? Date.now;
  }

  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const match = PATH.exec(url.pathname);
    const target = match === null ? undefined : this.#receiving.get(match[1] as string);
    // With a path secret the secret segment is required; without one, no second segment is a route.
    if (target === undefined || (match?.[2] !== undefined) !== (target.webhook.scheme === 'path-secret')) {
      this.#finish(response, 'none', 'not_found');
      return;
    }
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      this.#finish(response, target.provider, 'malformed', 405);
      return;
    }
    let outcome: WebhookOutcome;
    try {
      outcome = await this.#receive(request, target, match?.[2] ?? null);
    } catch (error) {
      this.#logger.error('webhook failed', { error, session: target.session.name });
      outcome = 'error';
    }
    if (outcome === 'too_large') {
      // The rest of the body is never read: the connection goes with the answer.
      response.setHeader('connection', 'close');
    }
    this.#finish(response, target.provider, outcome);
  }

  async #receive(request: IncomingMessage, target: Receiving, pathSecret: string | null): Promise<WebhookOutcome> {
    const body = await readRawBody(request, this.#limits.maxBytes);
    if (!body.ok) {
      return this.#refuse(target, body.reason === 'too_large' ? 'too_large' : 'malformed', `body ${body.reason}`);
    }
    const verified = await verifyDelivery(
      target.webhook,
      { headers: request.headers, body: body.bytes, pathSecret },
      { replayWindowSeconds: this.#limits.replayWindowSeconds, clockSkewSeconds: CLOCK_SKEW_SECONDS, now: this.#now },
    );
    if (!verified.ok) {
      return this.#refuse(target, verified.reason, verified.detail);
    }
    const json = parseBoundedJson(body.bytes, MAX_DEPTH);
    if (!json.ok) {
      return this.#refuse(target, 'malformed', json.reason);
    }
    const event: ParsedEvent =
      target.provider === 'evolution' ? parseEvolutionEvent(json.value) : parseWahaEvent(json.value, target.provider);
    if (event.kind === 'malformed') {
      return this.#refuse(target, 'malformed', event.detail);
    }
    // A global hook of a provider sends every account's events to one URL: only this one's count.
    // Wawp's envelope names its session in a way its docs leave open, and its hooks are per instance.
    if (target.provider !== 'wawp' && event.providerSession !== null && event.providerSession !== target.providerSession) {
      return this.#refuse(target, 'foreign_session', 'the event is for another provider session');
    }
    if (event.kind === 'ignored') {
      // Whatever its age: it changes nothing, and a refusal would only make the provider resend it.
      this.#logger.debug('webhook event ignored', { session: target.session.name, what: event.what });
      return 'ignored';
    }
    if (verified.bodySigned && event.timestamp === null) {
      return this.#refuse(target, 'malformed', 'a signed WAHA event without its timestamp');
    }
    if (event.timestamp !== null && !this.#withinWindow(event.timestamp)) {
      return this.#refuse(target, 'stale', 'the event is older than the replay window');
    }
    const entry = await this.#ledger.enter(target.session.identity, event.eventId ?? bodyDigest(body.bytes));
    if (entry.kind !== 'new') {
      this.#logger.debug('webhook event already handled', { session: target.session.name, state: entry.kind });
      return entry.kind;
    }
    let changed: number;
    try {
      changed = await applyChanges(this.#service, target.session, event.changes);
    } catch (error) {
      await this.#ledger.abandon(entry.claim);
      throw error;
    }
    await this.#ledger.done(entry.claim);
    if (changed === 0) {
      return 'unchanged';
    }
    this.#logger.info('pictures changed by a provider event', { session: target.session.name, provider: target.provider, changed });
    return 'changed';
  }

  #withinWindow(timestamp: number): boolean {
    const tolerance = (this.#limits.replayWindowSeconds + CLOCK_SKEW_SECONDS) * 1000;
    return Math.abs(this.#now() - timestamp) <= tolerance;
  }

  #refuse(target: Receiving, outcome: WebhookOutcome, detail: string): WebhookOutcome {
    // Never the body: it may carry an instance API key (Evolution's `apikey`) or message content.
    // A shared global hook sends every account's events here: those are routine, not a warning.
    const fields = { session: target.session.name, provider: target.provider, outcome, detail };
    if (outcome === 'foreign_session') {
      this.#logger.debug('webhook refused', fields);
    } else {
      this.#logger.warn('webhook refused', fields);
    }
    return outcome;
  }

  #finish(response: ServerResponse, provider: WebhookProvider, outcome: WebhookOutcome, status = STATUS[outcome]): void {
    this.#events.inc({ provider, outcome });
    const text = JSON.stringify({ outcome });
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
    });
    response.end(text);
  }
}
