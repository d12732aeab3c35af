import { Hono } from 'hono';
import type { FakeBotApi } from '../../runtime/fake-bot-api.js';

/** What the sandbox web chat needs of the in-process fake Telegram, plus the demo people to talk as. */
export interface SandboxChat {
  api: Pick<FakeBotApi, 'userSends' | 'userPresses' | 'chat' | 'onCall'>;
  people: { telegramId: number; name: string; roles: string[] }[];
}

export function sandboxRoutes(sandbox: SandboxChat) {
  const app = new Hono();
  app.get('/', (c) => c.text(`sandbox: ${sandbox.people.length} people`));
  return app;
}
