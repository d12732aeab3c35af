import { importColumns, maxImportBytes, maxImportRows, type ImportKind } from '../../../core/directory/import.js';
import type { AdminEnv } from '../../env.js';
import { CsrfField, type PanelContext } from '../../kit.js';

type Translate = AdminEnv['Variables']['t'];

export const maxMegabytes = maxImportBytes / 1024 / 1024;
const kindPaths: Record<ImportKind, string> = { municipalities: '/municipalities', schools: '/schools', people: '/people' };

/** The upload page: what to import, the file, and the columns each kind takes (with a template to download). */
export function ImportUpload(props: { c: PanelContext; kinds: ImportKind[]; kind: ImportKind | undefined; doneKind: ImportKind | undefined }) {
  const { c, kinds } = props;
  const t = c.get('t');
  return (
    <>
      <h1>{t('import-title')}</h1>
      {props.doneKind ? (
        <p>
          <a href={kindPaths[props.doneKind]}>
            {t('import-open-list')}: {t(`import-kind-${props.doneKind}`)}
          </a>
        </p>
      ) : null}
      <p>{t('import-intro')}</p>
      <UploadForm c={c} kinds={kinds} selected={props.kind} />
      <p class="muted">{t('import-formats')}</p>
      {kinds.map((kind) => (
        <ColumnsHelp t={t} kind={kind} open={kind === (props.kind ?? kinds[0])} />
      ))}
    </>
  );
}

/** The file form: the kind (among those the admin may import) and the CSV. */
export function UploadForm(props: { c: PanelContext; kinds: ImportKind[]; selected: ImportKind | undefined }) {
  const t = props.c.get('t');
  return (
    <form method="post" action="/import/preview" enctype="multipart/form-data" class="card">
      <CsrfField c={props.c} />
      <div class="field">
        <label>
          {t('import-kind')}
          <select name="kind" required>
            {props.kinds.map((k) => (
              <option value={k} selected={k === props.selected}>
                {t(`import-kind-${k}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="field">
        <label>
          {t('import-file', { max: maxMegabytes, rows: maxImportRows })}
          <input type="file" name="file" accept=".csv,text/csv" required />
        </label>
      </div>
      <button type="submit">{t('import-check')}</button>
    </form>
  );
}

/** The columns of one kind: names, accepted aliases, meaning; open for the chosen kind. */
function ColumnsHelp(props: { t: Translate; kind: ImportKind; open: boolean }) {
  const { t, kind } = props;
  return (
    <details open={props.open} class="card">
      <summary>
        <b>{t('import-columns-for', { kind: t(`import-kind-${kind}`) })}</b>
      </summary>
      <p>{t(`import-key-${kind}`)}</p>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th>{t('import-column')}</th>
              <th>{t('import-column-aliases')}</th>
              <th>{t('import-column-meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {importColumns[kind].map((col) => (
              <tr>
                <td>
                  <code>{col.name}</code>
                  <div class="muted">{t(col.required ? 'import-column-required' : 'import-column-optional')}</div>
                </td>
                <td>
                  <code>{col.aliases.join(', ')}</code>
                </td>
                <td>{t(`import-col-${kind}-${col.name}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={`/import/template/${kind}.csv`}>{t('import-template')}</a>
      </p>
    </details>
  );
}
