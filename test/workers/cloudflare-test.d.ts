// The part of the pool's `cloudflare:test` module these tests use, typed against the module form of the Workers
// types: the pool's own declarations need the Workers globals, which clash with the DOM types of the Node lane.
declare module 'cloudflare:test' {
  import type { D1Migration } from '@cloudflare/vitest-pool-workers';
  import type {
    D1Database,
    DurableObjectNamespace,
    DurableObjectState,
    DurableObjectStub,
    ExecutionContext,
    ScheduledController,
  } from '@cloudflare/workers-types/latest/index.js';

  export const env: {
    DB: D1Database;
    OUTBOX: DurableObjectNamespace;
    TEST_MIGRATIONS: D1Migration[];
    /** The fake Telegram's control server (test/workers/global-setup.ts). */
    TELEGRAM_CONTROL: string;
    [setting: string]: unknown;
  };
  export const SELF: { fetch(input: string, init?: RequestInit): Promise<Response> };
  export function applyD1Migrations(db: D1Database, migrations: D1Migration[]): Promise<void>;
  export function runInDurableObject<R>(stub: DurableObjectStub, callback: (instance: unknown, state: DurableObjectState) => R | Promise<R>): Promise<R>;
  export function createExecutionContext(): ExecutionContext;
  export function waitOnExecutionContext(ctx: ExecutionContext): Promise<void>;
  export function createScheduledController(options?: { cron?: string; scheduledTime?: number }): ScheduledController;
}
