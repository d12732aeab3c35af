import type { Update } from '@maxhub/max-bot-api/types';
import type { Context } from 'hono';
import { z } from 'zod';
import type { MaxBot } from './bot.js';
import type { MaxClient } from './client.js';

/** An update as far as the route checks it: an object with its type and time; the bot reads the rest. */
const updateSchema = z.looseObject({ update_type: z.string().min(1), timestamp: z.number() });

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
 * MAX's updates (POST PUBLIC_URL/max/webhook). The secret header first (401), then the body (400 and one log line),
 * then the update is handled and only then answered 200: MAX retries an update it got no 200 for, and a 200 before
 * handling (what the SDK's webhookCallback does) would lose the update if the process stopped half-way.
 */
export function maxWebhookHandler(bot: MaxBot, secret: string, log: (message: string) => void) {
  return async (c: Context) => {
    if (!sameSecret(c.req.header('x-max-bot-api-secret'), secret)) return c.body(null, 401);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (error) {
      log(`max webhook: refused a body of ${bytes.length} bytes: ${error instanceof Error ? error.message : String(error)}`);
      return c.json({ error: 'the body is not JSON in UTF-8' }, 400);
    }
    const parsed = updateSchema.safeParse(body);
    if (!parsed.success) {
      log(`max webhook: refused a body of ${bytes.length} bytes: not a MAX update`);
      return c.json({ error: 'the body is not a MAX update' }, 400);
    }
    await bot.handleUpdate(parsed.data as unknown as Update);
    return c.body(null, 200);
  };
}

/** Tells MAX where to post (idempotent: the same URL again replaces the subscription). */
export async function subscribeWebhook(client: MaxClient, url: string, secret: string): Promise<void> {
  const result = await client.call('POST', '/subscriptions', {
    body: { url, secret, update_types: ['bot_started', 'bot_stopped', 'message_created', 'message_callback', 'bot_added', 'bot_removed'] },
  });
  if (!result.ok) throw new Error(`MAX subscribe failed: ${result.description}`);
}
