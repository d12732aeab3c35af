/**
 * What a Bot API call carries, read as Telegram reads it: JSON, form or multipart bodies and query strings become
 * one params object; the errors are Telegram's own shapes and words.
 */

export type Params = Record<string, unknown>;
export type Json = Record<string, unknown>;

/** A file part of a multipart call: its bytes ride along unlisted, so recorded params stay small and comparable. */
export interface Upload {
  file: true;
  filename: string;
  bytes?: Buffer;
}

export class BotApiError extends Error {
  constructor(
    readonly code: number,
    description: string,
    readonly parameters?: Json,
  ) {
    super(description);
  }

  body(): Json {
    const body: Json = { ok: false, error_code: this.code, description: this.message };
    if (this.parameters) body['parameters'] = this.parameters;
    return body;
  }
}

export const badRequest = (what: string): BotApiError => new BotApiError(400, `Bad Request: ${what}`);

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

// Form, multipart and query values arrive as strings; these are coerced so recorded params look like JSON ones.
const OBJECT_PARAMS = new Set([
  'reply_markup',
  'entities',
  'caption_entities',
  'commands',
  'scope',
  'allowed_updates',
  'link_preview_options',
  'reply_parameters',
  'menu_button',
  'media',
]);
const INT_PARAMS = new Set([
  'chat_id',
  'from_chat_id',
  'message_id',
  'user_id',
  'offset',
  'limit',
  'timeout',
  'reply_to_message_id',
  'message_thread_id',
  'cache_time',
  'max_connections',
]);
const BOOL_PARAMS = new Set([
  'disable_notification',
  'protect_content',
  'show_alert',
  'drop_pending_updates',
  'disable_web_page_preview',
  'allow_sending_without_reply',
]);

export function parseParams(contentType: string, body: Buffer, query: string): Params {
  const loose: Params = {};
  if (query !== '') for (const [k, v] of new URLSearchParams(query)) loose[k] = v;
  let json: Params | undefined;
  if (body.length > 0) {
    if (contentType.includes('application/json')) {
      try {
        json = JSON.parse(body.toString('utf8')) as Params;
      } catch {
        throw badRequest("can't parse JSON");
      }
    } else if (contentType.includes('multipart/form-data')) {
      parseMultipart(body, /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType), loose);
    } else {
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) loose[k] = v;
    }
  }
  for (const [k, v] of Object.entries(loose)) if (typeof v === 'string') loose[k] = coerce(k, v);
  return json ? Object.assign(loose, json) : loose;
}

function coerce(key: string, value: string): unknown {
  if (OBJECT_PARAMS.has(key)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value; // left as sent; the handler treats it like any other value
    }
  }
  if (INT_PARAMS.has(key) && /^-?\d+$/.test(value)) return Number(value);
  if (BOOL_PARAMS.has(key) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** Text fields become strings, file parts `{ file: true, filename }`; `attach://id` references are resolved to their file part. */
function parseMultipart(body: Buffer, boundaryMatch: RegExpExecArray | null, into: Params): void {
  const boundary = boundaryMatch?.[1] ?? boundaryMatch?.[2];
  if (boundary === undefined) throw badRequest('multipart boundary is missing');
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length + 2; // skip CRLF after the delimiter
    const next = body.indexOf(delimiter, start);
    if (next === -1) break; // the closing "--boundary--" has no following delimiter
    const part = body.subarray(start, next - 2); // the CRLF before a delimiter belongs to it
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /(?:^|[;\s])name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
      if (name !== undefined) {
        // The bytes ride along unlisted, so recorded params stay small and comparable.
        into[name] =
          filename !== undefined
            ? Object.defineProperty({ file: true, filename }, 'bytes', { value: Buffer.from(part.subarray(headerEnd + 4)), enumerable: false })
            : part.subarray(headerEnd + 4).toString('utf8');
      }
    }
    pos = next;
  }
  for (const [key, value] of Object.entries(into)) {
    if (typeof value !== 'string' || !value.startsWith('attach://')) continue;
    const id = value.slice('attach://'.length);
    if (isUpload(into[id])) {
      into[key] = into[id];
      delete into[id];
    }
  }
}

export function optInt(p: Params, name: string): number | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
  // Usernames like "@channel" are not modelled; Telegram says the same for unknown chats.
  if (!Number.isSafeInteger(n)) throw badRequest(name.endsWith('chat_id') ? 'chat not found' : `${name} is invalid`);
  return n;
}

export function requiredInt(p: Params, name: string): number {
  const n = optInt(p, name);
  if (n === undefined) throw badRequest(`${name} is empty`);
  return n;
}

export function optString(p: Params, name: string): string | undefined {
  const v = p[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function requiredString(p: Params, name: string): string {
  const v = optString(p, name);
  if (v === undefined || v === '') throw badRequest(`${name} is empty`);
  return v;
}

export function messageText(p: Params): string {
  const text = optString(p, 'text');
  if (text === undefined || text === '') throw badRequest('message text is empty');
  if (text.length > MAX_TEXT) throw badRequest('message is too long');
  return text;
}

export function isUpload(value: unknown): value is Upload {
  return typeof value === 'object' && value !== null && (value as { file?: unknown }).file === true;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
