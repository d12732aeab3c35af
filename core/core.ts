import type { Database } from '../db/database.js';
import type { Translate } from '../locales/translator.js';

/** The clock is injected so that everything scheduled can be tested at a chosen time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface CoreConfig {
  defaultTimezone: string;
  /** Shown when consent is asked (152-ФЗ): who processes the data and where the policy is. */
  operatorName: string;
  privacyPolicyUrl: string;
  /** Stored with each consent, so a changed policy can be asked for again. */
  consentVersion: string;
  botUsername: string;
  /**
   * The MAX bot's name (its GET /me, remembered like Telegram's identity) when this deployment runs a MAX bot: invite
   * links for MAX (`max.ru/<it>?start=…`) are shown only then. Unset: no MAX, or MAX never answered yet.
   */
  maxBotUsername?: string;
  /** Where the panel is reachable from outside (links in messages: a person's calendar feed). */
  publicUrl: string;
  /** PASSWORD_PEPPER: the secret passwords are peppered with; without it, one made once and kept in the database. */
  passwordPepper?: string;
}

/**
 * What a feature sends a person who has just become reachable (its open events, tasks, surveys): a hook, so the
 * directory and onboarding call every feature without importing one. Keyed per person: a second call sends nothing.
 */
export type PersonReachable = (core: Core, personId: number) => Promise<unknown>;

/**
 * What every domain function needs, passed explicitly (no globals), so the same code runs on Node and on Workers.
 * `outboxChanged` lets a long-running process drain new deliveries at once instead of at the next minute.
 */
export interface Core {
  database: Database;
  clock: Clock;
  config: CoreConfig;
  translate: Translate;
  outboxChanged(): void;
  /** Run in order for each newly reachable person; the app lists them once where it is assembled. */
  personReachable: readonly PersonReachable[];
}
