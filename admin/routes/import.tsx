import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { applyImport, assertCanImport, canImport, isImportKind, maxImportBytes, planImport } from '../../core/directory/import.js';
import { importKinds, type ImportKind } from '../../core/directory/import/columns.js';
import type { ImportPlan } from '../../core/directory/import/plan.js';
import { DomainError } from '../../core/errors.js';
import type { AdminEnv } from '../env.js';
import { validForm, type FieldErrors, type FormValues } from '../forms.js';
import { page, type PanelContext } from '../kit.js';
import { ImportPreview } from '../views/import/preview.js';
import { ImportUpload, maxMegabytes } from '../views/import/upload.js';

/**
 * CSV import of the directory: upload → a preview naming every problem (nothing written) → "Import" on a clean
 * preview writes everything at once. The file rides along in the preview's confirm form (base64), signed with the
 * session's CSRF token, so confirming needs no second upload and no server-side storage; it is checked again in full.
 */
export function importRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', (c) => {
    assertCanImport(c.get('actor'));
    const t = c.get('t');
    const kind = c.req.query('kind');
    const result = /^(\d+)\.(\d+)\.(\d+)$/.exec(c.req.query('result') ?? '');
    const flash = result
      ? {
          text:
            result[1] === '0' && result[2] === '0'
              ? t('import-done-nothing')
              : t('import-done', { created: result[1]!, updated: result[2]!, unchanged: result[3]! }),
        }
      : undefined;
    return uploadPage(c, { kind: isImportKind(kind) ? kind : undefined, flash, doneKind: result && isImportKind(kind) ? kind : undefined });
  });

  app.get('/template/:file{[a-z]+\\.csv}', (c) => {
    const kind = c.req.param('file').replace('.csv', '');
    if (!isImportKind(kind)) return c.notFound();
    assertCanImport(c.get('actor'), kind);
    // A BOM and ";" so that a Russian Excel opens it as a table with Cyrillic intact.
    return c.body(`\ufeff${templates[kind]}`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${kind}.csv"`,
    });
  });

  // Refused before the file is read any further (multipart overhead allowed for).
  app.post('/preview', bodyAtMost(maxImportBytes + 64 * 1024), validForm(uploadForm, refusal), async (c) => {
    const { kind, file } = c.req.valid('form');
    assertCanImport(c.get('actor'), kind);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const fileName = file.name.slice(0, 200);
    const plan = await planImport(c.get('core'), c.get('actor'), { kind, fileName, bytes });
    return previewPage(c, plan, bytes);
  });

  // The file rides base64-encoded: a third larger.
  app.post('/confirm', bodyAtMost((maxImportBytes * 4) / 3 + 64 * 1024), validForm(confirmForm, refusal), async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    const { kind, fileName, content, expect, signature: signed } = c.req.valid('form');
    assertCanImport(actor, kind);
    const bytes = fromBase64(content);
    const signature = await sign(c.get('session').csrfToken, [kind, fileName, expect, content]);
    if (!bytes || !sameText(signature, signed)) return refuse(c, t('import-bad-confirm'), kind);
    const core = c.get('core');
    const plan = await planImport(core, actor, { kind, fileName, bytes });
    // Checked again in full: the directory may have changed since the preview. Different counts → a fresh preview.
    if (plan.problems.length > 0 || countsOf(plan) !== expect) return previewPage(c, plan, bytes, { text: t('import-stale'), bad: true });
    try {
      const result = await applyImport(core, actor, plan);
      return c.redirect(`/import?kind=${kind}&result=${result.created}.${result.updated}.${result.unchanged}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error.issues[0]?.reason !== 'import-conflict') throw error;
      return previewPage(c, await planImport(core, actor, { kind, fileName, bytes }), bytes, { text: t('import-conflict'), bad: true });
    }
  });

  return app;
}

function countsOf(plan: ImportPlan): string {
  return `${plan.created}.${plan.updated}.${plan.unchanged}`;
}

const importKind = z.custom<ImportKind>(isImportKind, { error: 'import-bad-kind' });
/** The chosen file: one was chosen (a browser sends an empty nameless part otherwise), no bigger than the limit. */
const importFile = z
  .custom<File>((v) => v instanceof File && !(v.size === 0 && v.name === ''), { error: 'import-no-file' })
  .refine((file) => file.size <= maxImportBytes, { error: 'import-too-large', params: { max: maxMegabytes } });
const uploadForm = z.object({ kind: importKind, file: importFile });
const text = z.string().default('');
const confirmForm = z.object({ kind: importKind, fileName: text, content: text, expect: text, signature: text });

/** A form of this page refused: the upload page again, its messages at the top, the kind kept when it was one. */
const refusal = {
  view: (c: PanelContext, values: FormValues, errors: FieldErrors) =>
    refuse(c, Object.values(errors).join(' '), isImportKind(values.kind) ? values.kind : undefined),
};

/** Only those who may import send a body, and none larger than `bytes`: checked before anything reads it. */
function bodyAtMost(bytes: number): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    assertCanImport(c.get('actor'));
    if (Number(c.req.header('content-length') ?? 0) > bytes) return refuse(c, c.get('t')('validation-import-too-large', { max: maxMegabytes }));
    await next();
  };
}

function refuse(c: PanelContext, message: string, kind?: ImportKind) {
  return uploadPage(c, { kind, flash: { text: message, bad: true }, status: 400 });
}

function uploadPage(
  c: PanelContext,
  options: { kind?: ImportKind | undefined; flash?: { text: string; bad?: boolean } | undefined; status?: 200 | 400; doneKind?: ImportKind | undefined },
) {
  const kinds = importKinds.filter((k) => canImport(c.get('actor'), k));
  return page(
    c,
    { title: c.get('t')('import-title'), section: '/import', status: options.status ?? 200, flash: options.flash },
    <ImportUpload c={c} kinds={kinds} kind={options.kind} doneKind={options.doneKind} />,
  );
}

async function previewPage(c: PanelContext, plan: ImportPlan, bytes: Uint8Array, flash?: { text: string; bad?: boolean }) {
  const clean = plan.problems.length === 0;
  const content = clean && plan.created + plan.updated > 0 ? toBase64(bytes) : '';
  const expect = countsOf(plan);
  const signature = content ? await sign(c.get('session').csrfToken, [plan.kind, plan.fileName, expect, content]) : '';
  const kinds = importKinds.filter((k) => canImport(c.get('actor'), k));
  return page(
    c,
    { title: c.get('t')('import-preview-title'), section: '/import', status: clean ? 200 : 400, flash },
    <ImportPreview c={c} plan={plan} kinds={kinds} confirm={{ content, expect, signature }} />,
  );
}

/** Templates offered for download: our headers and a row or two of example (examples/import/ has fuller files). */
const templates: Record<ImportKind, string> = {
  municipalities: 'name;timezone\r\nГородской округ Светлогорск;\r\nЗаречный муниципальный округ;Asia/Yekaterinburg\r\n',
  schools:
    'code;full_name;short_name;municipality;tags\r\n' +
    '3901000001;"МБОУ ""Средняя общеобразовательная школа № 5"" г. Светлогорска";СОШ № 5;Городской округ Светлогорск;"ШНОР, 500+"\r\n',
  people:
    'full_name;role;school_code;municipality;subjects;telegram_id\r\n' +
    'Васильева Елена Александровна;учитель;3901000001;;"математика, информатика";\r\n' +
    'Соколова Ирина Викторовна;координатор;;Городской округ Светлогорск;;123456789\r\n',
};

/** HMAC-SHA-256 over the parts, keyed with the session's CSRF token: the confirm form is this session's preview. */
async function sign(key: string, parts: string[]): Promise<string> {
  const encoder = new TextEncoder();
  const cryptoKey = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(parts.map((p) => `${p.length}:${p}`).join('\n')));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array | null {
  if (text === '') return null;
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}
