import type { Actor } from '../core/admins/access.js';
import type { AdminSession } from '../core/admins/sessions.js';
import type { Core } from '../core/core.js';
import type { EmergencyStop } from '../core/deliveries/emergency-stop.js';
import type { Locale, TranslateArgs } from '../locales/translator.js';

/** What every panel handler finds on the context. */
export interface AdminEnv {
  Variables: {
    core: Core;
    t: (key: string, args?: TranslateArgs) => string;
    /** The language the panel speaks to this admin. */
    locale: Locale;
    actor: Actor;
    session: AdminSession;
    /** The admin's e-mail, for the header. */
    email: string;
    /** Opens a file a person sent the bot (task evidence), by its id; absent where no messenger can. */
    fetchFile?: (fileId: string) => Promise<Uint8Array | null>;
    /** The emergency stop while it is on (a banner on every page), else null. */
    emergencyStop: EmergencyStop | null;
    /** While Telegram is unreachable: since when (as shown) and how many messages wait; else null. */
    telegramOutage: { since: string; waiting: number } | null;
  };
}
