import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Context } from 'hono';
import { z } from 'zod';
import type { BotContext } from '../bot/context.js';

/** An update as far as the route checks it: an object with its id; grammY reads the rest. */
const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

/** Compares in constant time, so the answer's timing says nothing about how much of the secret matched. */
function sameSecret(given: string | undefined, secret: string): boolean {
  if (given === undefined) return false;
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(secret);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i] ?? 0) ^ b[i]!;
  return diff === 0;
}

/**
 * Telegram's updates in webhook mode. Checked before the bot sees them: the secret header (401), then the body
 * (truncated JSON, invalid UTF-8, empty, `null`, no update_id: 400 and one log line, never a stack trace).
 * While the bot does not yet know who it is (no getMe has ever answered on this database) an update gets 503:
 * Telegram sends it again later.
 */
export function webhookHandler(bot: Bot<BotContext>, secret: string, log: (message: string) => void) {
  return async (c: Context) => {
    if (!sameSecret(c.req.header('x-telegram-bot-api-secret-token'), secret)) return c.body(null, 401);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (error) {
      log(`webhook: refused a body of ${bytes.length} bytes: ${error instanceof Error ? error.message : String(error)}`);
      return c.json({ error: 'the body is not JSON in UTF-8' }, 400);
    }
    const parsed = updateSchema.safeParse(body);
    if (!parsed.success) {
      log(
        `webhook: refused a body of ${bytes.length} bytes: not an update (${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}${typeof body === 'object' && body ? ' without update_id' : ''})`,
      );
      return c.json({ error: 'the body is not a Telegram update' }, 400);
    }
    // grammY's own init would wait for getMe for as long as it fails; the start-up calls learn the name instead.
    if (!bot.isInited()) {
      log(`webhook: update ${parsed.data.update_id} answered 503: the bot does not know its name yet (getMe fails); Telegram will send it again`);
      return c.body(null, 503);
    }
    await bot.handleUpdate(parsed.data as unknown as Update);
    return c.body(null, 200);
  };
}
