import { Emulator, type EmulatorResponse, type RecordedRequest } from './emulator.js';
import { downloadFromLoopback, reencodeAsJpeg } from './images.js';
import { WhatsAppWorld } from './whatsapp-world.js';

/**
 * Evolution API (Baileys channel) as providers.md describes it: the `apikey` header checked after
 * the instance guard (an unknown instance is 404 before any key check), `POST
 * /chat/fetchProfilePictureUrl/{instance}` with a JSON `number`, `@c.us` rewritten to
 * `@s.whatsapp.net`, and `profilePictureUrl: null` for every failure, a closed instance included.
 *
 * `POST /group/updateGroupPicture/{instance}` (`group.router.ts` L59-67, `abstract.router.ts`
 * groupValidate L96-118, service L4187-4220): `groupJid` from the body or else the query (400 when
 * neither), `@g.us` appended, `image` required; an http(s) URL is downloaded (with `?timestamp=`
 * appended), raw base64 decoded, anything else refused by a BadRequestException — a thrown plain
 * object, so the 500 that wraps it reads "[object Object]". Baileys re-encodes with sharp and sends
 * the IQ; every failure is a 500 `["Error update group picture", "<error.toString()>"]`; success 201.
 */
export interface EvolutionEmulatorOptions {
  apiKey?: string;
  /** Instance name → connection state. */
  instances?: Record<string, 'open' | 'connecting' | 'close'>;
}

function createJid(number: string): string {
  if (/@(g\.us|s\.whatsapp\.net|lid|broadcast)$/.test(number)) {
    return number;
  }
  const digits = number.replace(/@.*$/, '').replace(/\D/g, '');
  return number.includes('-') || digits.length >= 18 ? `${digits}@g.us` : `${digits}@s.whatsapp.net`;
}

/** class-validator's isBase64 (validator.js, default options): the standard alphabet, padded to a multiple of 4. */
function isBase64(value: string): boolean {
  return value.length > 0 && value.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(value);
}

/** class-validator's isURL closely enough for tests: http(s) with a host; a `data:` URI is not one. */
function isUrl(value: string): boolean {
  return /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(value);
}

function failed(status: number, error: string, message: unknown): EmulatorResponse {
  return { status, body: { status, error, response: { message } } };
}

export async function startEvolutionEmulator(options: EvolutionEmulatorOptions = {}) {
  const world = new WhatsAppWorld();
  const apiKey = options.apiKey ?? 'evolution-global-key-42';
  const instances = new Map(Object.entries(options.instances ?? { 'crm-main': 'open' as const }));
  /** The URLs Evolution downloaded pictures from, as it asked for them. */
  const downloads: string[] = [];

  async function updateGroupPicture(request: RecordedRequest, instance: string): Promise<EmulatorResponse> {
    let body: { groupJid?: unknown; image?: unknown };
    try {
      body = JSON.parse(request.body) as { groupJid?: unknown; image?: unknown };
    } catch {
      body = {};
    }
    let groupJid = typeof body.groupJid === 'string' && body.groupJid !== '' ? body.groupJid : request.query.groupJid;
    if (groupJid === undefined || groupJid === '') {
      return failed(400, 'Bad Request', ['The group id needs to be informed in the query', 'ex: "groupJid=120362@g.us"']);
    }
    if (!groupJid.endsWith('@g.us')) {
      groupJid = `${groupJid}@g.us`;
    }
    const image = body.image;
    if (typeof image !== 'string' || image === '') {
      return failed(400, 'Bad Request', ['instance requires property "image"']);
    }
    const wrapped = (error: string) => failed(500, 'Internal Server Error', ['Error update group picture', error]);
    let bytes: Buffer;
    if (isUrl(image)) {
      const url = new URL(image);
      url.searchParams.set('timestamp', String(Date.now()));
      downloads.push(url.toString());
      const download = await downloadFromLoopback(url.toString());
      if (!download.ok) {
        return wrapped(`AxiosError: ${download.reason}`);
      }
      bytes = download.bytes;
    } else if (isBase64(image)) {
      bytes = Buffer.from(image, 'base64');
    } else {
      return wrapped('[object Object]');
    }
    if (instances.get(instance) !== 'open') {
      return wrapped('Error: Connection Closed');
    }
    let jpeg: Buffer;
    try {
      jpeg = await reencodeAsJpeg(bytes, 50);
    } catch (error) {
      return wrapped(String(error));
    }
    const change = world.changeGroupPicture(groupJid.split('@')[0] ?? '', jpeg);
    if (!change.ok) {
      // Baileys' Boom(text): its toString() is "Error: <text>".
      return wrapped(`Error: ${change.error.text}`);
    }
    return { status: 201, body: { update: 'success' } };
  }

  const emulator = new Emulator(async (request) => {
    const match = /^\/(chat\/fetchProfilePictureUrl|group\/updateGroupPicture)\/([^/]+)$/.exec(request.path);
    if (match === null || request.method !== 'POST') {
      return { status: 404, body: { status: 404, error: 'Not Found', response: { message: ['Not Found'] } } };
    }
    const instance = match[2] ?? '';
    if (!instances.has(instance)) {
      return {
        status: 404,
        body: { status: 404, error: 'Not Found', response: { message: [`The "${instance}" instance does not exist`] } },
      };
    }
    if (request.headers.apikey !== apiKey) {
      return { status: 401, body: { status: 401, error: 'Unauthorized', response: { message: 'Unauthorized' } } };
    }
    if (match[1] === 'group/updateGroupPicture') {
      return updateGroupPicture(request, instance);
    }
    let number: unknown;
    try {
      number = (JSON.parse(request.body) as { number?: unknown }).number;
    } catch {
      number = undefined;
    }
    if (typeof number !== 'string') {
      return { status: 400, body: { status: 400, error: 'Bad Request', response: { message: ['instance requires property "number"'] } } };
    }
    const wuid = createJid(number);
    const picture = world.lookup(wuid.split('@')[0] ?? '');
    const url = instances.get(instance) === 'open' && picture.kind === 'picture' ? world.cdnUrl(picture.pictureId, false) : null;
    return { status: 200, body: { wuid, profilePictureUrl: url } };
  });
  await emulator.start();
  return { emulator, world, apiKey, instances, downloads };
}
