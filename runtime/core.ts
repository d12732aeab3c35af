import { systemClock, type Clock, type Core } from '../core/core.js';
import { announceOpenEventsTo } from '../core/events/publishing.js';
import { tellTopicDefaults } from '../core/subscriptions/subscriptions.js';
import { inviteToOpenSurveys } from '../core/surveys/delivery.js';
import { assignOpenTasksTo } from '../core/tasks/assignment.js';
import type { Database } from '../db/database.js';
import type { Translate } from '../locales/translator.js';
import type { Config } from './config.js';

/** The core as configured from the environment; shared by the process, the CLI and the tests. */
export function createCore(options: {
  config: Config;
  database: Database;
  translate: Translate;
  clock?: Clock;
  botUsername?: string;
  outboxChanged?: () => void;
}): Core {
  const { config } = options;
  return {
    database: options.database,
    clock: options.clock ?? systemClock,
    translate: options.translate,
    config: {
      defaultTimezone: config.DEFAULT_TIMEZONE,
      operatorName: config.OPERATOR_NAME,
      privacyPolicyUrl: config.PRIVACY_POLICY_URL,
      consentVersion: config.CONSENT_VERSION,
      botUsername: options.botUsername ?? '',
      publicUrl: (config.PUBLIC_URL ?? `http://localhost:${config.ADMIN_PORT}`).replace(/\/+$/, ''),
      ...(config.PASSWORD_PEPPER ? { passwordPepper: config.PASSWORD_PEPPER } : {}),
    },
    outboxChanged: options.outboxChanged ?? (() => undefined),
    // What a newly reachable person gets, in this order: their topics in one line, then what is still open.
    personReachable: [tellTopicDefaults, announceOpenEventsTo, assignOpenTasksTo, inviteToOpenSurveys],
  };
}
