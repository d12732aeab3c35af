import type { Child } from 'hono/jsx';
import type { AuditEntry } from '../../../core/admins/audit.js';
import { freeTagsOf, type SchoolCard } from '../../../core/directory/schools.js';
import { CsrfField, FieldError, formatDateTime, list, type PanelContext } from '../../kit.js';
import { History } from '../history.js';
import { NameFields, TagFields, Tags, text } from './fields.js';

type Form = Record<string, string | string[]>;

/** Which form of the card failed, what was typed in it and what was wrong. */
export interface CardState {
  form: 'names' | 'tags' | 'curators';
  typed: Form;
  errors: Record<string, string>;
}

/** A new school: municipality, names, code and tags. */
export function NewSchool(props: {
  c: PanelContext;
  municipalities: { id: number; name: string }[];
  writable: boolean;
  typed: Form;
  errors?: Record<string, string>;
}) {
  const { c, municipalities, typed, errors } = props;
  const t = c.get('t');
  const chosen = text(typed.municipalityId) || (municipalities.length === 1 ? String(municipalities[0]!.id) : '');
  return (
    <>
      <h1>{t('schools-new')}</h1>
      <form method="post" action="/schools" class="card">
        <CsrfField c={c} />
        <fieldset disabled={!props.writable} class="bare">
          <div class="field">
            <label>
              {t('field-municipality')}
              <select name="municipalityId">
                <option value="">—</option>
                {municipalities.map((m) => (
                  <option value={String(m.id)} selected={chosen === String(m.id)}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
            <FieldError errors={errors} name="municipalityId" />
          </div>
          <NameFields t={t} fullName={text(typed.fullName)} shortName={text(typed.shortName)} errors={errors} />
          <div class="field">
            <label>
              {t('school-code')}
              <input name="code" value={text(typed.code)} size={20} maxlength={40} />
            </label>
            <span class="muted">{t('school-code-hint')}</span>
            <FieldError errors={errors} name="code" />
          </div>
          <TagFields t={t} checked={list(typed.tags)} free={text(typed.freeTags)} errors={errors} />
          <button type="submit">{t('school-create')}</button>
        </fieldset>
      </form>
    </>
  );
}

/** A school's card: facts, curators, tags, names, the school's timeline (`timeline`) and its history. */
export function SchoolCardPage(props: {
  c: PanelContext;
  card: SchoolCard;
  curators: { id: number; fullName: string | null }[];
  history: AuditEntry[];
  zone: string;
  writable: boolean;
  timeline: Child;
  state?: CardState;
}) {
  const { c, card, curators, history, zone, writable, state } = props;
  const t = c.get('t');
  const { school, municipality } = card;
  const typed = (form: CardState['form']) => (state?.form === form ? state.typed : undefined);
  const errorsOf = (form: CardState['form']) => (state?.form === form ? state.errors : undefined);
  const names = typed('names');
  const tags = typed('tags');
  const assigned = new Set(card.curators.map((k) => k.id));
  const choices = curators.filter((k) => !assigned.has(k.id));
  const chosenCurator = text(typed('curators')?.curatorId);
  return (
    <>
      <h1>{school.shortName}</h1>
      <div class="card">
        <p>{school.fullName}</p>
        <p>
          <span class="muted">{t('field-municipality')}:</span> <a href={`/schools?municipality=${municipality.id}`}>{municipality.name}</a>
          {' · '}
          <span class="muted">{t('school-code')}:</span> {school.code ?? '—'}
        </p>
        <p>
          <span class="muted">{t('school-tags')}:</span> <Tags t={t} tags={school.tags} />
        </p>
        <p>
          <a href={`/people?school=${school.id}`} data-count="people">
            {t('school-people-link', { count: card.peopleTotal })}
          </a>
          {' · '}
          <span class="muted">{t('school-created-at', { date: formatDateTime(school.createdAt, zone) })}</span>
        </p>
      </div>

      <h2>{t('school-curators')}</h2>
      {card.curators.length === 0 ? (
        <p class="muted">{t('school-no-curators')}</p>
      ) : (
        <table>
          <tbody>
            {card.curators.map((k) => (
              <tr data-curator={String(k.id)}>
                <td>
                  <a href={`/people/${k.id}`}>{k.fullName ?? t('person-erased')}</a>
                  {k.status !== 'active' ? <span class={`status-${k.status}`}> · {t(`status-${k.status}`)}</span> : null}
                </td>
                <td>
                  <form class="inline" method="post" action={`/schools/${school.id}/curators/remove`}>
                    <CsrfField c={c} />
                    <input type="hidden" name="curatorId" value={String(k.id)} />
                    <button type="submit" class="secondary" disabled={!writable}>
                      {t('school-unassign')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action={`/schools/${school.id}/curators`} class="card mt-s">
        <CsrfField c={c} />
        <fieldset disabled={!writable} class="bare">
          <div class="field">
            <label>
              {t('school-assign-curator')}
              <select name="curatorId">
                <option value="">—</option>
                {choices.map((k) => (
                  <option value={String(k.id)} selected={chosenCurator === String(k.id)}>
                    {k.fullName ?? t('person-erased')}
                  </option>
                ))}
              </select>
            </label>
            <FieldError errors={errorsOf('curators')} name="curatorId" />
          </div>
          <button type="submit">{t('school-assign')}</button>
        </fieldset>
      </form>

      <h2>{t('school-tags')}</h2>
      <form method="post" action={`/schools/${school.id}/tags`} class="card">
        <CsrfField c={c} />
        <fieldset disabled={!writable} class="bare">
          <TagFields
            t={t}
            checked={tags ? list(tags.tags) : school.tags}
            free={tags ? text(tags.freeTags) : freeTagsOf(school.tags)}
            errors={errorsOf('tags')}
          />
          <button type="submit">{t('save')}</button>
        </fieldset>
      </form>

      <h2>{t('school-names')}</h2>
      <form method="post" action={`/schools/${school.id}`} class="card">
        <CsrfField c={c} />
        <fieldset disabled={!writable} class="bare">
          <NameFields
            t={t}
            fullName={names ? text(names.fullName) : school.fullName}
            shortName={names ? text(names.shortName) : school.shortName}
            errors={errorsOf('names')}
          />
          <button type="submit">{t('save')}</button>
        </fieldset>
      </form>

      {props.timeline}

      <h2>{t('school-history')}</h2>
      <History c={c} entries={history} zone={zone} empty={t('school-history-empty')} />
    </>
  );
}
