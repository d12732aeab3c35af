import { env, SELF } from 'cloudflare:test';
import type { D1Database } from '@cloudflare/workers-types/latest/index.js';
import type { Core } from '../../core/core.js';
import { openD1Database } from '../../db/d1.js';
import { loadBundledTranslator } from '../../locales/bundled.js';
import { workerConfig } from '../../runtime/worker-env.js';
import { createCore } from '../../runtime/core.js';

export { countingD1 } from './counting-d1.js';

export const origin = 'https://mayak.example.org';
export const webhookSecret = 'workers-lane-webhook-secret';
export const maxWebhookSecret = 'workers-lane-max-webhook-secret';

/** A call the fake Telegram recorded (read through its control server in Node). */
export interface Call {
  method: string;
  params: Record<string, unknown>;
  at: number;
  response: unknown;
}

export async function control(path: string): Promise<unknown> {
  const response = await fetch(`${env.TELEGRAM_CONTROL}${path}`);
  if (!response.ok) throw new Error(`control ${path}: ${response.status}`);
  return response.json();
}

export const calls = (method: string) => control(`/calls?method=${method}`) as Promise<Call[]>;

/** A call the fake MAX recorded. */
export interface MaxCall {
  method: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  at: number;
  response: unknown;
}

export const maxCalls = (method: string) => control(`/max/calls?method=${method}`) as Promise<MaxCall[]>;

/** The update a MAX user's action makes, built by the fake MAX (`started`, `text`, `press`: sandbox/fake-max-api.ts). */
export function maxUpdate(action: 'started' | 'text' | 'press', params: Record<string, string | number>): Promise<Record<string, unknown>> {
  const query = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)]));
  return control(`/max/${action}?${query}`) as Promise<Record<string, unknown>>;
}

/** Posts an update to the Worker's MAX webhook as MAX does (its secret in X-Max-Bot-Api-Secret; none when null). */
export function postMaxUpdate(update: Record<string, unknown>, secret: string | null = maxWebhookSecret): Promise<Response> {
  return request('/max/webhook', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-max-bot-api-secret': secret }) },
    body: JSON.stringify(update),
  });
}

/** The Worker's own fetch, as Cloudflare calls it. */
export function request(path: string, init?: RequestInit): Promise<Response> {
  return SELF.fetch(new URL(path, origin).toString(), { ...init, redirect: 'manual' } as never) as unknown as Promise<Response>;
}

export function postUpdate(update: Record<string, unknown>, secret = webhookSecret): Promise<Response> {
  return request('/telegram/webhook', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify(update),
  });
}

let updateId = 1;
export function textUpdate(from: { id: number; first_name: string }, text: string): Record<string, unknown> {
  const message: Record<string, unknown> = {
    message_id: updateId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: from.id, type: 'private', first_name: from.first_name },
    from: { ...from, is_bot: false, language_code: 'ru' },
    text,
  };
  if (text.startsWith('/')) message.entities = [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }];
  return { update_id: updateId++, message };
}

export function pressUpdate(from: { id: number; first_name: string }, messageId: number, data: string): Record<string, unknown> {
  return {
    update_id: updateId++,
    callback_query: {
      id: String(updateId),
      from: { ...from, is_bot: false, language_code: 'ru' },
      chat_instance: '1',
      data,
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: from.id, type: 'private', first_name: from.first_name },
        from: { id: 123456, is_bot: true, first_name: 'Маяк' },
        text: '…',
      },
    },
  };
}

/** A core over the lane's D1 (or a counting wrapper of it), configured as the Worker is. */
export function testCore(d1: D1Database = env.DB): Core {
  return createCore({ config: workerConfig(env as never), database: openD1Database(d1), translate: loadBundledTranslator() });
}
