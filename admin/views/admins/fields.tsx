import { adminRoles } from '../../../core/admins/management.js';
import type { Municipality } from '../../../core/directory/places.js';
import { FieldError, type PanelContext } from '../../kit.js';

/** What a profile form holds, as typed (kept when the form comes back with errors). */
export interface ProfileValues {
  email?: string;
  name: string;
  role: string;
  municipalityIds: string[];
  generate?: boolean;
}

/** Name, role and municipalities of an admin. */
export function ProfileFields(props: { c: PanelContext; values: ProfileValues; errors?: Record<string, string>; municipalities: Municipality[] }) {
  const t = props.c.get('t');
  const { values, errors } = props;
  return (
    <>
      <div class="field">
        <label>
          {t('admins-name')}
          <input name="name" value={values.name} size={40} />
        </label>
        <FieldError errors={errors} name="name" />
      </div>
      <div class="field">
        <label>
          {t('field-role')}
          <select name="role">
            {adminRoles.map((r) => (
              <option value={r} selected={values.role === r}>
                {t(`admin-role-${r}`)}
              </option>
            ))}
          </select>
        </label>
        <FieldError errors={errors} name="role" />
      </div>
      <div class="field">
        <span class="muted">{t('admins-municipalities-hint')}</span>
        <div class="checks">
          {props.municipalities.map((m) => (
            <label>
              <input type="checkbox" name="municipalityIds" value={String(m.id)} checked={values.municipalityIds.includes(String(m.id))} /> {m.name}
            </label>
          ))}
        </div>
        <FieldError errors={errors} name="municipalityIds" />
      </div>
    </>
  );
}

/** A password typed, or one generated and shown once. */
export function PasswordFields(props: { c: PanelContext; generate: boolean; errors?: Record<string, string> }) {
  const t = props.c.get('t');
  return (
    <div class="field">
      <label>
        {t('admins-password')}
        <input name="password" type="password" autocomplete="new-password" size={30} />
      </label>
      <div class="checks">
        <label>
          <input type="checkbox" name="generate" value="1" checked={props.generate} /> {t('admins-generate-password')}
        </label>
      </div>
      <FieldError errors={props.errors} name="password" />
    </div>
  );
}

/** An admin's municipalities by name, or a dash. */
export function municipalityNames(ids: number[], all: Municipality[]): string {
  if (ids.length === 0) return '—';
  return ids.map((id) => all.find((m) => m.id === id)?.name ?? `#${id}`).join(', ');
}
