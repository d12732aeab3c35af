import type { FieldIssue } from '../errors.js';

/** Telegram's limits: a message's text, and a caption under a photo or a document (counted after tags are parsed). */
export const maxTextLength = 4096;
export const maxCaptionLength = 1024;

/**
 * The tags Telegram's HTML parse mode accepts, each with the tag a page shows it as (the checker and the preview
 * share this one list). A span counts only as `<span class="tg-spoiler">`; a custom emoji shows its fallback text.
 */
export const telegramTags: Readonly<Record<string, string>> = {
  b: 'b',
  strong: 'b',
  i: 'i',
  em: 'i',
  u: 'u',
  ins: 'u',
  s: 's',
  strike: 's',
  del: 's',
  a: 'a',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-spoiler': 'span',
  span: 'span',
  'tg-emoji': 'span',
};
const knownTags = new Set(Object.keys(telegramTags));
const entity = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-f]{1,6});/i;

/**
 * Checks text in Telegram's HTML the way Telegram would parse it, so a broadcast is refused in the composer with the
 * reason instead of failing for thousands at send time: unknown tags, a tag closed that was not open (or closed out of
 * order), a tag never closed, a stray "<" or "&", a link without an http(s) or tg:// address, and the length of the
 * visible text (tags removed, entities decoded, counted in UTF-16 units as Telegram does) against 4096, or 1024 for a
 * caption. Each problem is a field issue on `field` with the tag or the lengths in its params.
 */
export function checkTelegramHtml(source: string, options: { field: string; caption: boolean }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const issue = (reason: string, params?: FieldIssue['params']) => {
    if (!issues.some((i) => i.reason === reason)) issues.push({ field: options.field, reason, ...(params ? { params } : {}) });
  };
  const open: string[] = [];
  let visible = 0;
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '<') {
      const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))*)\s*>/.exec(source.slice(i));
      if (!m) {
        issue('html-stray-bracket');
        i += 1;
        continue;
      }
      const [whole, closing, rawName, attributes] = m;
      const name = rawName!.toLowerCase();
      i += whole.length;
      if (!knownTags.has(name)) {
        issue('html-unknown-tag', { tag: name });
        continue;
      }
      if (closing) {
        if (open.at(-1) !== name) issue(open.includes(name) ? 'html-misnested-tag' : 'html-stray-close', { tag: name });
        const at = open.lastIndexOf(name);
        if (at !== -1) open.splice(at);
        continue;
      }
      if (name === 'a') {
        const href = /href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(attributes ?? '');
        const url = href ? (href[1] ?? href[2] ?? href[3] ?? '') : '';
        // https only, as the composer promises (and tg:// for Telegram links): one rule for links in every composer.
        if (!/^(https:\/\/[^\s]+|tg:\/\/[^\s]+)$/i.test(url)) issue('html-bad-link');
      }
      if (name === 'span' && !/class\s*=\s*["']?tg-spoiler/i.test(attributes ?? '')) issue('html-unknown-tag', { tag: 'span' });
      open.push(name);
      continue;
    }
    if (ch === '&') {
      const m = entity.exec(source.slice(i));
      if (!m) issue('html-stray-ampersand');
      i += m ? m[0].length : 1;
      visible += 1;
      continue;
    }
    visible += 1;
    i += 1;
  }
  if (open.length) issue('html-unclosed-tag', { tag: open.at(-1)! });
  const limit = options.caption ? maxCaptionLength : maxTextLength;
  if (visible > limit) issue(options.caption ? 'caption-too-long' : 'text-too-long', { length: visible, maximum: limit });
  return issues;
}

/**
 * Whether admin-written text is Telegram HTML that will be accepted (a task's instructions): the same rule as
 * `checkTelegramHtml`, as a yes or no for a zod refinement.
 */
export function isTelegramHtml(text: string): boolean {
  return checkTelegramHtml(text, { field: 'html', caption: false }).length === 0;
}

/** The visible text of Telegram HTML (tags dropped, entities decoded): for lists and the bot's summaries. */
export function plainText(source: string): string {
  return source
    .replace(/<[^<>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** A short one-line excerpt of Telegram HTML (a list's row, the schedule's item); a paperclip for a file alone. */
export function excerpt(html: string, max = 80): string {
  const text = plainText(html).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text || '📎';
}
