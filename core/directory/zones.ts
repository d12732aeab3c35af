import { municipalities } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import type { Person } from './people.js';
import { regionTimezone } from './places.js';

/** The zone of each person of a message: their own, their municipality's, the region's. */
export interface ZoneResolver {
  (p: { timezone: string | null; municipalityId: number | null }): string;
  /** The region's zone (for what goes to groups rather than to a person). */
  region: string;
}

/**
 * Resolves zones for any number of people in two statements (the region and the municipalities, a short list),
 * so a message to many people asks nothing per person.
 */
export async function zoneResolver(core: Core): Promise<ZoneResolver> {
  const region = await regionTimezone(core);
  const zones = new Map((await core.database.db.select({ id: municipalities.id, tz: municipalities.timezone }).from(municipalities)).map((m) => [m.id, m.tz]));
  return Object.assign(
    (p: { timezone: string | null; municipalityId: number | null }) => p.timezone ?? (p.municipalityId !== null ? zones.get(p.municipalityId) : null) ?? region,
    { region },
  );
}

/** The zone one person reads times in. */
export async function personZone(core: Core, person: Pick<Person, 'timezone' | 'municipalityId'>): Promise<string> {
  return person.timezone ?? (await zoneResolver(core))(person);
}
