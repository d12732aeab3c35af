import { composingScope, scopeOf, type Actor, type Scope } from '../../core/admins/access.js';
import { audienceRuleSchema, countAudience, type AudienceRule } from '../../core/audiences/audiences.js';
import { listSavedAudiences, type SavedAudience } from '../../core/audiences/saved.js';
import type { Core } from '../../core/core.js';
import { liveTopics } from '../../core/subscriptions/subscriptions.js';
import { listSchools, municipalitiesInScope } from '../../core/directory/directory.js';
import { personRoles, schoolTags, subjects } from '../../core/directory/vocabulary.js';
import type { AudienceRuleJson } from '../../db/schema/index.js';
import type { TranslateArgs } from '../../locales/translator.js';
import { FieldError, list, type PanelContext } from '../kit.js';

/**
 * One audience picker for every form that sends something (events, tasks, surveys, broadcasts, saved audiences):
 * the rule's fields, a saved audience to start from, and the live count of recipients. The form's field names are
 * fixed here, so `readAudienceForm` reads any of those forms.
 */
type FormValues = Record<string, string | string[]>;
type Translate = (key: string, args?: TranslateArgs) => string;

export interface AudiencePickerData {
  municipalities: { id: number; name: string }[];
  schools: { id: number; name: string; municipalityId: number }[];
  saved: SavedAudience[];
  /** Topics one may narrow to their subscribers. */
  topics: { id: number; name: string }[];
}

/** What the picker offers to this admin: their municipalities and schools, and the saved audiences they may use. */
export async function loadAudiencePicker(core: Core, actor: Actor): Promise<AudiencePickerData> {
  const scope = scopeOf(actor);
  const [municipalities, schools, saved, topics] = await Promise.all([
    municipalitiesInScope(core, scope),
    listSchools(core, scope),
    listSavedAudiences(core, actor),
    liveTopics(core),
  ]);
  return {
    municipalities: municipalities.map((m) => ({ id: m.id, name: m.name })),
    schools: schools.map((s) => ({ id: s.school.id, name: s.school.shortName, municipalityId: s.school.municipalityId })),
    saved,
    topics: topics.map((t) => ({ id: t.id, name: t.name })),
  };
}

const ids = (v: string | string[] | undefined): number[] => list(v).map(Number);

/** The rule as the form sent it; an invalid one is returned as sent, so the domain names the bad field. */
export function readAudienceForm(form: FormValues): AudienceRule {
  const raw = {
    roles: list(form.roles),
    municipalityIds: ids(form.audienceMunicipalities),
    schoolTags: list(form.schoolTags),
    schoolIds: ids(form.schoolIds),
    subjects: list(form.subjects),
    topicIds: ids(form.topicIds),
  };
  const parsed = audienceRuleSchema.safeParse(raw);
  return parsed.success ? parsed.data : (raw as AudienceRule);
}

/** A stored rule as the picker's form values. */
export function audienceToForm(rule: AudienceRuleJson): FormValues {
  return {
    roles: rule.roles ?? [],
    audienceMunicipalities: (rule.municipalityIds ?? []).map(String),
    schoolTags: rule.schoolTags ?? [],
    schoolIds: (rule.schoolIds ?? []).map(String),
    subjects: rule.subjects ?? [],
    topicIds: (rule.topicIds ?? []).map(String),
  };
}

/** The form's fields the picker owns, with the owning municipality: what the count and the recipients list read. */
const audienceFields = ['roles', 'audienceMunicipalities', 'schoolTags', 'schoolIds', 'subjects', 'topicIds', 'municipalityId'] as const;

/** The picker's part of a form as a query string (the link to the recipients behind the count). */
export function audienceQuery(form: FormValues): string {
  const params = new URLSearchParams();
  for (const name of audienceFields) for (const value of list(form[name])) params.append(name, value);
  return params.toString();
}

/**
 * The rule in the form and the scope it is evaluated in: the municipality the thing will belong to (the form's
 * `municipalityId`, if it has one) and never beyond the actor's own scope. Undefined when the rule is invalid.
 */
export function audienceOfForm(actor: Actor, form: FormValues): { rule: AudienceRule; scope: Scope } | undefined {
  const owner = typeof form.municipalityId === 'string' && form.municipalityId.trim() ? Number(form.municipalityId) : null;
  const rule = audienceRuleSchema.safeParse(readAudienceForm(form));
  if (!rule.success || (owner !== null && !Number.isInteger(owner))) return undefined;
  return { rule: rule.data, scope: composingScope(actor, owner) };
}

/** How many people the rule in the form reaches now (see `audienceOfForm`). An invalid rule counts 0. */
export async function countAudienceForm(core: Core, actor: Actor, form: FormValues): Promise<number> {
  const audience = audienceOfForm(actor, form);
  return audience ? countAudience(core, audience.rule, audience.scope) : 0;
}

/** The rule in words for lists and summaries: "Роли: учитель · Метки школ: ШНОР"; "Все" when it has no conditions. */
export function describeAudience(
  t: Translate,
  rule: AudienceRuleJson,
  data: Pick<AudiencePickerData, 'municipalities' | 'schools'> & Partial<Pick<AudiencePickerData, 'topics'>>,
): string {
  const names = <T extends { id: number; name: string }>(items: T[], wanted: number[] | undefined) =>
    (wanted ?? []).map((id) => items.find((i) => i.id === id)?.name ?? `#${id}`);
  const parts: [string, string[]][] = [
    ['audience-roles', (rule.roles ?? []).map((r) => t(`role-${r}`))],
    ['audience-municipalities', names(data.municipalities, rule.municipalityIds)],
    ['audience-tags', (rule.schoolTags ?? []).map((s) => t(`tag-${s}`))],
    ['audience-schools', names(data.schools, rule.schoolIds)],
    ['audience-subjects', (rule.subjects ?? []).map((s) => t(`subject-${s}`))],
    ['audience-topics', names(data.topics ?? [], rule.topicIds)],
  ];
  const said = parts.filter(([, values]) => values.length > 0).map(([key, values]) => `${t(key)}: ${values.join(', ')}`);
  return said.length ? said.join(' · ') : t('audience-everyone');
}

/** The picker's fields; put it inside a `<form>`. `count` is the count for `values`, shown until the form changes. */
export function AudiencePicker(props: { c: PanelContext; data: AudiencePickerData; values: FormValues; count: number; errors?: Record<string, string> }) {
  const { c, data, values, count, errors } = props;
  const t = c.get('t');
  const has = (name: string, value: string) => list(values[name]).includes(value);
  const checks = (name: string, options: readonly (readonly [string | number, string])[]) => (
    <div class="checks">
      {options.map(([value, text]) => (
        <label>
          <input type="checkbox" name={name} value={String(value)} checked={has(name, String(value))} /> {text}
        </label>
      ))}
    </div>
  );
  return (
    <div data-audience-picker>
      <h2>{t('audience-title')}</h2>
      <p class="muted">{t('audience-hint')}</p>
      {data.saved.length > 0 ? (
        <div class="field">
          <label>
            {t('audience-saved')}
            <select data-audience-saved>
              <option value="">{t('audience-saved-none')}</option>
              {data.saved.map((s) => (
                <option value={String(s.id)} data-rule={JSON.stringify(audienceToForm(s.rule))}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : null}
      <div class="field">
        <span class="muted">{t('audience-roles')}</span>
        {checks(
          'roles',
          personRoles.map((r) => [r, t(`role-${r}`)]),
        )}
      </div>
      <div class="field">
        <span class="muted">{t('audience-municipalities')}</span>
        {checks(
          'audienceMunicipalities',
          data.municipalities.map((m) => [m.id, m.name]),
        )}
      </div>
      <div class="field">
        <span class="muted">{t('audience-tags')}</span>
        {checks(
          'schoolTags',
          schoolTags.map((s) => [s, t(`tag-${s}`)]),
        )}
      </div>
      <div class="field">
        <span class="muted">{t('audience-schools')}</span>
        <div class="checks-scroll">
          {checks(
            'schoolIds',
            data.schools.map((s) => [s.id, s.name]),
          )}
        </div>
      </div>
      <div class="field">
        <span class="muted">{t('audience-subjects')}</span>
        {checks(
          'subjects',
          subjects.map((s) => [s, t(`subject-${s}`)]),
        )}
      </div>
      {data.topics.length > 0 ? (
        <div class="field">
          <span class="muted">{t('audience-topics')}</span>
          {checks(
            'topicIds',
            data.topics.map((topic) => [topic.id, topic.name]),
          )}
          <span class="muted">{t('audience-topics-hint')}</span>
        </div>
      ) : null}
      <FieldError errors={errors} name="audience" />
      <p>
        <a id="audience-list" href={`/audiences/recipients?${audienceQuery(values)}`} title={t('audience-list-hint')}>
          <b id="audience-count" data-count={String(count)}>
            {t('audience-count', { count })}
          </b>
        </a>
      </p>
    </div>
  );
}
