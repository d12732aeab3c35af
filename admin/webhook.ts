import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Context } from 'hono';
import type { BotContext } from '../bot/context.js';

const secretHeader = 'x-telegram-bot-api-secret-token';

/** Compares in constant time, so the answer's timing says nothing about how much of the secret matched. */
function sameSecret(given: string | undefined, secret: Uint8Array): boolean {
  if (given === undefined) return false;
  const a = new TextEncoder().encode(given);
  let diff = a.length ^ secret.length;
  for (let i = 0; i < secret.length; i++) diff |= (a[i] ?? 0) ^ secret[i]!;
  return diff === 0;
}

/**
 * The request as @hono/node-server hands it over (`c.env.incoming`, Node's IncomingMessage): its headers and body
 * are read from it directly. Going through `c.req` instead builds a fetch Request, a web stream and an
 * AbortController around every update: a tenth of the webhook's CPU under load. Absent on Workers and in
 * `app.request` (tests), which take `c.req`.
 */
interface NodeIncoming extends AsyncIterable<Uint8Array> {
  headers: Record<string, string | string[] | undefined>;
}

function nodeIncoming(c: Context): NodeIncoming | undefined {
  const incoming = (c.env as { incoming?: Partial<NodeIncoming> } | undefined)?.incoming;
  return incoming && typeof incoming.headers === 'object' && typeof incoming[Symbol.asyncIterator] === 'function' ? (incoming as NodeIncoming) : undefined;
}

/** The body, or null when it is longer than `max` bytes (counted as it arrives when no length is declared). */
async function readBody(c: Context, incoming: NodeIncoming | undefined, max: number): Promise<Uint8Array | null> {
  const declared = Number(incoming ? incoming.headers['content-length'] : c.req.header('content-length'));
  if (declared > max) return null;
  if (!incoming) {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return bytes.length > max ? null : bytes;
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of incoming) {
    length += chunk.length;
    if (length > max) return null;
    chunks.push(chunk);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/** What the route checks of an update: an object with a non-negative integer update_id; grammY reads the rest. */
function refusal(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body;
  const id = (body as { update_id?: unknown }).update_id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? undefined : 'object without update_id';
}

/**
 * Telegram's updates in webhook mode. Checked before the bot sees them: the secret header (401), the size (413),
 * then the body (truncated JSON, invalid UTF-8, empty, `null`, no update_id: 400 and one log line, never a stack
 * trace). While the bot does not yet know who it is (no getMe has ever answered on this database) an update gets
 * 503: Telegram sends it again later.
 */
export function webhookHandler(bot: Bot<BotContext>, secret: string, maxBytes: number, log: (message: string) => void) {
  const secretBytes = new TextEncoder().encode(secret);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return async (c: Context) => {
    const incoming = nodeIncoming(c);
    const given = incoming ? incoming.headers[secretHeader] : c.req.header(secretHeader);
    if (!sameSecret(typeof given === 'string' ? given : undefined, secretBytes)) return c.body(null, 401);
    const bytes = await readBody(c, incoming, maxBytes);
    if (bytes === null) return c.json({ error: 'payload-too-large', limit: `${maxBytes / 1024 / 1024} MB` }, 413);
    let body: unknown;
    try {
      body = JSON.parse(decoder.decode(bytes));
    } catch (error) {
      log(`webhook: refused a body of ${bytes.length} bytes: ${error instanceof Error ? error.message : String(error)}`);
      return c.json({ error: 'the body is not JSON in UTF-8' }, 400);
    }
    const why = refusal(body);
    if (why !== undefined) {
      log(`webhook: refused a body of ${bytes.length} bytes: not an update (${why})`);
      return c.json({ error: 'the body is not a Telegram update' }, 400);
    }
    const update = body as Update;
    // grammY's own init would wait for getMe for as long as it fails; the start-up calls learn the name instead.
    if (!bot.isInited()) {
      log(`webhook: update ${update.update_id} answered 503: the bot does not know its name yet (getMe fails); Telegram will send it again`);
      return c.body(null, 503);
    }
    await bot.handleUpdate(update);
    return c.body(null, 200);
  };
}
