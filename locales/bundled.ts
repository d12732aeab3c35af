// The .ftl files as text modules (wrangler's Text rule), for Workers where there is no file system to read.
// test/locales.test.ts checks that this list names every file in locales/ru and locales/en.
import { createTranslator, type Locale, type Translate } from './translator.js';
import ruAdminAccounts from './ru/admin-accounts.ftl';
import ruAdminApi from './ru/admin-api.ftl';
import ruAdminImport from './ru/admin-import.ftl';
import ruAdminOnboarding from './ru/admin-onboarding.ftl';
import ruAdminRoadmaps from './ru/admin-roadmaps.ftl';
import ruAdminSchools from './ru/admin-schools.ftl';
import ruAdmin from './ru/admin.ftl';
import ruAudiences from './ru/audiences.ftl';
import ruAuditWords from './ru/audit-words.ftl';
import ruBot from './ru/bot.ftl';
import ruBroadcasts from './ru/broadcasts.ftl';
import ruDashboard from './ru/dashboard.ftl';
import ruEventsAdmin from './ru/events-admin.ftl';
import ruEventsDelivery from './ru/events-delivery.ftl';
import ruEvents from './ru/events.ftl';
import ruRoadmapFiles from './ru/roadmap-files.ftl';
import ruRoadmaps from './ru/roadmaps.ftl';
import ruSandbox from './ru/sandbox.ftl';
import ruSchedule from './ru/schedule.ftl';
import ruSubscriptions from './ru/subscriptions.ftl';
import ruSurveysAdmin from './ru/surveys-admin.ftl';
import ruSurveys from './ru/surveys.ftl';
import ruTasksAdmin from './ru/tasks-admin.ftl';
import ruTasks from './ru/tasks.ftl';
import ruWords from './ru/words.ftl';
import enAdminAccounts from './en/admin-accounts.ftl';
import enAdminApi from './en/admin-api.ftl';
import enAdminImport from './en/admin-import.ftl';
import enAdminOnboarding from './en/admin-onboarding.ftl';
import enAdminRoadmaps from './en/admin-roadmaps.ftl';
import enAdminSchools from './en/admin-schools.ftl';
import enAdmin from './en/admin.ftl';
import enAudiences from './en/audiences.ftl';
import enAuditWords from './en/audit-words.ftl';
import enBot from './en/bot.ftl';
import enBroadcasts from './en/broadcasts.ftl';
import enDashboard from './en/dashboard.ftl';
import enEventsAdmin from './en/events-admin.ftl';
import enEventsDelivery from './en/events-delivery.ftl';
import enEvents from './en/events.ftl';
import enRoadmapFiles from './en/roadmap-files.ftl';
import enRoadmaps from './en/roadmaps.ftl';
import enSandbox from './en/sandbox.ftl';
import enSchedule from './en/schedule.ftl';
import enSubscriptions from './en/subscriptions.ftl';
import enSurveysAdmin from './en/surveys-admin.ftl';
import enSurveys from './en/surveys.ftl';
import enTasksAdmin from './en/tasks-admin.ftl';
import enTasks from './en/tasks.ftl';
import enWords from './en/words.ftl';

/** Each language's files in name order, as Node reads them (locales/node.ts). */
export const bundledLocaleFiles: Record<Locale, Record<string, string>> = {
  ru: {
    'admin-accounts.ftl': ruAdminAccounts,
    'admin-api.ftl': ruAdminApi,
    'admin-import.ftl': ruAdminImport,
    'admin-onboarding.ftl': ruAdminOnboarding,
    'admin-roadmaps.ftl': ruAdminRoadmaps,
    'admin-schools.ftl': ruAdminSchools,
    'admin.ftl': ruAdmin,
    'audiences.ftl': ruAudiences,
    'audit-words.ftl': ruAuditWords,
    'bot.ftl': ruBot,
    'broadcasts.ftl': ruBroadcasts,
    'dashboard.ftl': ruDashboard,
    'events-admin.ftl': ruEventsAdmin,
    'events-delivery.ftl': ruEventsDelivery,
    'events.ftl': ruEvents,
    'roadmap-files.ftl': ruRoadmapFiles,
    'roadmaps.ftl': ruRoadmaps,
    'sandbox.ftl': ruSandbox,
    'schedule.ftl': ruSchedule,
    'subscriptions.ftl': ruSubscriptions,
    'surveys-admin.ftl': ruSurveysAdmin,
    'surveys.ftl': ruSurveys,
    'tasks-admin.ftl': ruTasksAdmin,
    'tasks.ftl': ruTasks,
    'words.ftl': ruWords,
  },
  en: {
    'admin-accounts.ftl': enAdminAccounts,
    'admin-api.ftl': enAdminApi,
    'admin-import.ftl': enAdminImport,
    'admin-onboarding.ftl': enAdminOnboarding,
    'admin-roadmaps.ftl': enAdminRoadmaps,
    'admin-schools.ftl': enAdminSchools,
    'admin.ftl': enAdmin,
    'audiences.ftl': enAudiences,
    'audit-words.ftl': enAuditWords,
    'bot.ftl': enBot,
    'broadcasts.ftl': enBroadcasts,
    'dashboard.ftl': enDashboard,
    'events-admin.ftl': enEventsAdmin,
    'events-delivery.ftl': enEventsDelivery,
    'events.ftl': enEvents,
    'roadmap-files.ftl': enRoadmapFiles,
    'roadmaps.ftl': enRoadmaps,
    'sandbox.ftl': enSandbox,
    'schedule.ftl': enSchedule,
    'subscriptions.ftl': enSubscriptions,
    'surveys-admin.ftl': enSurveysAdmin,
    'surveys.ftl': enSurveys,
    'tasks-admin.ftl': enTasksAdmin,
    'tasks.ftl': enTasks,
    'words.ftl': enWords,
  },
};

/** The Workers way to load locales: the same translator over the bundled sources. */
export function loadBundledTranslator(): Translate {
  const join = (files: Record<string, string>) =>
    Object.keys(files)
      .sort()
      .map((name) => files[name])
      .join('\n');
  return createTranslator({ ru: join(bundledLocaleFiles.ru), en: join(bundledLocaleFiles.en) });
}
