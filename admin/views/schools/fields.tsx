import type { AdminEnv } from '../../env.js';
import { isStandardTag } from '../../../core/directory/schools.js';
import { schoolTags } from '../../../core/directory/vocabulary.js';
import { FieldError } from '../../kit.js';

export type Translate = AdminEnv['Variables']['t'];

/** A standard tag in words, a free tag as typed. */
export function tagLabel(t: Translate, tag: string): string {
  return isStandardTag(tag) ? t(`tag-${tag}`) : tag;
}

/** A school's tags as chips, or a dash. */
export function Tags(props: { t: Translate; tags: readonly string[] }) {
  if (props.tags.length === 0) return <span class="muted">—</span>;
  return (
    <>
      {props.tags.map((tag) => (
        <span class="tag">{tagLabel(props.t, tag)}</span>
      ))}
    </>
  );
}

/** A single form value, or empty. */
export function text(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** Standard tags as checkboxes, free tags as comma-separated text. */
export function TagFields(props: { t: Translate; checked: readonly string[]; free: string; errors?: Record<string, string> }) {
  const { t } = props;
  return (
    <>
      <div class="field">
        <span class="muted">{t('school-tags')}</span>
        <div class="checks">
          {schoolTags.map((tag) => (
            <label>
              <input type="checkbox" name="tags" value={tag} checked={props.checked.includes(tag)} /> {t(`tag-${tag}`)}
            </label>
          ))}
        </div>
        <FieldError errors={props.errors} name="tags" />
      </div>
      <div class="field">
        <label>
          {t('school-free-tags')}
          <input name="freeTags" value={props.free} size={50} placeholder={t('school-free-tags-placeholder')} />
        </label>
        <span class="muted">{t('school-free-tags-hint')}</span>
        <FieldError errors={props.errors} name="freeTags" />
      </div>
    </>
  );
}

/** The full and the short name of a school. */
export function NameFields(props: { t: Translate; fullName: string; shortName: string; errors?: Record<string, string> }) {
  const { t } = props;
  return (
    <>
      <div class="field">
        <label>
          {t('school-full-name')}
          <input name="fullName" value={props.fullName} size={70} />
        </label>
        <FieldError errors={props.errors} name="fullName" />
      </div>
      <div class="field">
        <label>
          {t('school-short-name')}
          <input name="shortName" value={props.shortName} size={40} />
        </label>
        <FieldError errors={props.errors} name="shortName" />
      </div>
    </>
  );
}
