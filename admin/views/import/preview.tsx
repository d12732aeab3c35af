import type { ImportKind, ImportPlan, ImportProblem } from '../../../core/directory/import.js';
import type { AdminEnv } from '../../env.js';
import { CsrfField, type PanelContext } from '../../kit.js';
import { UploadForm } from './upload.js';

type Translate = AdminEnv['Variables']['t'];

/** Changes listed on the preview; the counts cover the rest. Problems are all listed. */
const listedChanges = 200;

/** A problem or warning in words, with its row and column when it has them. */
function problemText(t: Translate, p: ImportProblem): string {
  const text = t(`import-problem-${p.reason}`, p.params);
  if (p.row !== null && p.column !== null) return t('import-problem-at-cell', { row: String(p.row), column: p.column, text });
  if (p.row !== null) return t('import-problem-at-row', { row: String(p.row), text });
  if (p.column !== null) return t('import-problem-at-column', { column: p.column, text });
  return text;
}

const encodingNames: Record<string, string> = { 'utf-8': 'UTF-8', 'windows-1251': 'Windows-1251', 'utf-16le': 'UTF-16', 'utf-16be': 'UTF-16' };
const delimiterKeys: Record<string, string> = { ',': 'import-delimiter-comma', ';': 'import-delimiter-semicolon', '\t': 'import-delimiter-tab' };

/**
 * What an upload would do, nothing written: counts, every problem, warnings, the changes; on a clean file with
 * something to write, the confirm form carrying the file (`confirm`: its base64 content, expected counts, signature).
 */
export function ImportPreview(props: {
  c: PanelContext;
  plan: ImportPlan;
  kinds: ImportKind[];
  confirm: { content: string; expect: string; signature: string };
}) {
  const { c, plan } = props;
  const { content, expect, signature } = props.confirm;
  const t = c.get('t');
  const clean = plan.problems.length === 0;
  const writes = plan.created + plan.updated > 0;
  return (
    <>
      <h1>
        {t('import-preview-title')}: {t(`import-kind-${plan.kind}`)}
      </h1>
      {plan.encoding && plan.delimiter ? (
        <p class="muted">
          {t('import-file-info', {
            file: plan.fileName,
            encoding: encodingNames[plan.encoding] ?? plan.encoding,
            delimiter: t(delimiterKeys[plan.delimiter] ?? ''),
            rows: String(plan.rows),
          })}
        </p>
      ) : null}
      {plan.columns.length > 0 ? (
        <p class="muted">
          {t('import-columns-found', {
            columns: plan.columns.map((col) => (col.header === col.column ? col.column : `${col.header} → ${col.column}`)).join(', '),
          })}
        </p>
      ) : null}
      <div class="grid mb-1">
        <div class="stat" data-create={String(plan.created)}>
          <b>{plan.created}</b>
          <span>{t('import-count-create')}</span>
        </div>
        <div class="stat" data-update={String(plan.updated)}>
          <b>{plan.updated}</b>
          <span>{t('import-count-update')}</span>
        </div>
        <div class="stat" data-unchanged={String(plan.unchanged)}>
          <b>{plan.unchanged}</b>
          <span>{t('import-count-unchanged')}</span>
        </div>
        <div class={clean ? 'stat' : 'stat alert'} data-problems={String(plan.problems.length)}>
          <b>{plan.problems.length}</b>
          <span>{t('import-count-problems')}</span>
        </div>
      </div>
      {clean ? null : (
        <div class="card">
          <h2 class="error">{t('import-problems-title', { count: plan.problems.length })}</h2>
          <ol class="import-problems">
            {plan.problems.map((p) => (
              <li>{problemText(t, p)}</li>
            ))}
          </ol>
        </div>
      )}
      {plan.warnings.length > 0 ? (
        <div class="card">
          <h2>{t('import-warnings-title')}</h2>
          <ul class="import-warnings">
            {plan.warnings.map((p) => (
              <li>{problemText(t, p)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {clean && writes ? (
        <>
          <p>{t('import-clean')}</p>
          <form method="post" action="/import/confirm" enctype="multipart/form-data">
            <CsrfField c={c} />
            <input type="hidden" name="kind" value={plan.kind} />
            <input type="hidden" name="fileName" value={plan.fileName} />
            <input type="hidden" name="expect" value={expect} />
            <input type="hidden" name="content" value={content} />
            <input type="hidden" name="signature" value={signature} />
            <button type="submit">{t('import-confirm')}</button>
          </form>
        </>
      ) : null}
      {clean && !writes ? <p class="flash">{t('import-nothing-to-do')}</p> : null}
      {plan.changes.length > 0 ? (
        <>
          <h2>{t('import-changes-title')}</h2>
          <div class="table-wrap" tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th>{t('import-changes-row')}</th>
                  <th>{t('import-changes-action')}</th>
                  <th>{t('import-changes-what')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.changes.slice(0, listedChanges).map((change) => (
                  <tr>
                    <td>{change.row}</td>
                    <td>{change.action === 'create' ? t('import-change-create') : t('import-change-update', { fields: change.fields.join(', ') })}</td>
                    <td>{change.label}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {plan.changes.length > listedChanges ? <p class="muted">{t('import-changes-more', { count: plan.changes.length - listedChanges })}</p> : null}
        </>
      ) : null}
      <h2>{t('import-upload-another')}</h2>
      <UploadForm c={c} kinds={props.kinds} selected={plan.kind} />
    </>
  );
}
