// The bare grammY bot the webhook case compares the product with: it only replies "ok". Plain JavaScript, run with
// `npm start`'s node flags, so both processes pay the same for Node and differ only in what the bot does.
import { serve } from '@hono/node-server';
import { Bot, webhookCallback } from 'grammy';
import { Hono } from 'hono';

const { BOT_TOKEN, TELEGRAM_API_ROOT, BOT_INFO, WEBHOOK_PATH, WEBHOOK_SECRET, PORT } = process.env;
const bot = new Bot(BOT_TOKEN, { client: { apiRoot: TELEGRAM_API_ROOT }, botInfo: JSON.parse(BOT_INFO) });
bot.on('message', (ctx) => ctx.reply('ok'));
const app = new Hono();
app.get('/healthz', (c) => c.json({ ok: true }));
app.post(WEBHOOK_PATH, webhookCallback(bot, 'hono', { secretToken: WEBHOOK_SECRET }));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(PORT) });
