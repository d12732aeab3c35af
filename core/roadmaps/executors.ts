// A plan's executors ("ИРО", "МОУО", "ОО") as the people of the directory who answer for its rows.
import { resolveAudience, type AudienceMember, type AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import type { PersonRole } from '../directory/vocabulary.js';
import type { RoadMap, RoadMapItem } from './plans.js';

/**
 * Who in the directory answers for an executor named in a plan. The institute's names (ИРО, ЦОКО, the regional
 * coordinator) are the bot's editors; МОУО / муниципальные координаторы the coordinators; кураторы the curators;
 * ОО, руководители ОО and ШНОР the school leads (of ШНОР-tagged schools for ШНОР). A municipal plan narrows each to its
 * municipality. The ministry, ФИОКО, teachers and unknown names are asked nobody: their rows are marked in the panel.
 */
const executorRules: Record<string, { role: PersonRole; schoolTags?: string[] }> = {
  ИРО: { role: 'editor' },
  ЦОКО: { role: 'editor' },
  'региональный координатор': { role: 'editor' },
  МОУО: { role: 'coordinator' },
  'муниципальные координаторы': { role: 'coordinator' },
  кураторы: { role: 'curator' },
  ОО: { role: 'school_lead' },
  'руководители ОО': { role: 'school_lead' },
  ШНОР: { role: 'school_lead', schoolTags: ['shnor'] },
};

/** The audience rules of a row's executors (one per named executor the directory knows). */
export function executorAudiences(item: Pick<RoadMapItem, 'responsible'>, plan: Pick<RoadMap, 'municipalityId'>): { name: string; rule: AudienceRule }[] {
  return item.responsible.flatMap((name) => {
    const rule = executorRules[name];
    if (!rule) return [];
    return [
      {
        name,
        rule: {
          roles: [rule.role],
          ...(rule.schoolTags ? { schoolTags: rule.schoolTags } : {}),
          ...(plan.municipalityId !== null ? { municipalityIds: [plan.municipalityId] } : {}),
        },
      },
    ];
  });
}

/** The people who answer for a row, each once, with the executor name they answer for. */
export async function executorsOf(core: Core, item: RoadMapItem, plan: RoadMap): Promise<(AudienceMember & { as: string })[]> {
  const seen = new Map<number, AudienceMember & { as: string }>();
  for (const { name, rule } of executorAudiences(item, plan))
    for (const p of await resolveAudience(core, rule)) if (!seen.has(p.id)) seen.set(p.id, { ...p, as: name });
  return [...seen.values()];
}
