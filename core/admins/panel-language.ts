import { eq } from 'drizzle-orm';
import { systemState } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { defaultLocale, languages, type Locale } from '../../locales/translator.js';

// One system_state row per admin who chose a language: no migration for a single preference.
const key = (adminId: number) => `admin-locale:${adminId}`;

/** The language the panel speaks to this admin: Russian unless they chose otherwise on /account. */
export async function panelLanguage(core: Core, adminId: number): Promise<Locale> {
  const row = await core.database.db
    .select()
    .from(systemState)
    .where(eq(systemState.key, key(adminId)))
    .get();
  return languages.find((l) => l === row?.value) ?? defaultLocale;
}

export async function choosePanelLanguage(core: Core, adminId: number, locale: Locale): Promise<void> {
  const now = core.clock.now();
  await core.database.db
    .insert(systemState)
    .values({ key: key(adminId), value: locale, updatedAt: now })
    .onConflictDoUpdate({ target: systemState.key, set: { value: locale, updatedAt: now } });
}
