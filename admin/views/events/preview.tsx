import type { MessageButton, OutgoingMessage } from '../../../core/deliveries/message.js';

/** Tags Telegram's HTML parse mode accepts, as we render them; anything else is shown as text. */
const telegramTags: Record<string, string> = {
  b: 'b',
  strong: 'b',
  i: 'i',
  em: 'i',
  u: 'u',
  ins: 'u',
  s: 's',
  strike: 's',
  del: 's',
  code: 'code',
  pre: 'pre',
  a: 'a',
  blockquote: 'blockquote',
  'tg-spoiler': 'span',
};

const escapeText = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Telegram's entities in text (&lt; &gt; &amp; &quot; and numeric ones) decoded, then everything escaped again. */
function telegramText(text: string): string {
  const decoded = text.replace(/&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (whole, name: string) => {
    const n = name.toLowerCase();
    if (n === 'lt') return '<';
    if (n === 'gt') return '>';
    if (n === 'amp') return '&';
    if (n === 'quot') return '"';
    const code = n.startsWith('#x') ? Number.parseInt(n.slice(2), 16) : Number(n.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
  return escapeText(decoded);
}

/**
 * A message in Telegram's HTML subset as safe HTML for the panel: only Telegram's tags survive (without attributes,
 * except an http(s)/tg: href on links); any other tag, attribute or stray bracket is shown as text; unclosed tags close.
 */
export function telegramHtml(source: string): string {
  const out: string[] = [];
  const open: string[] = [];
  let last = 0;
  for (const m of source.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>/g)) {
    out.push(telegramText(source.slice(last, m.index)));
    last = m.index + m[0].length;
    const name = m[2]!.toLowerCase();
    const tag = telegramTags[name];
    if (!tag) {
      out.push(escapeText(m[0]));
      continue;
    }
    if (m[1]) {
      const at = open.lastIndexOf(name);
      if (at === -1) {
        out.push(escapeText(m[0]));
        continue;
      }
      while (open.length > at) out.push(`</${telegramTags[open.pop()!]}>`);
      continue;
    }
    open.push(name);
    if (name === 'a') {
      const href = /\shref\s*=\s*"([^"]*)"/i.exec(m[3] ?? '')?.[1];
      const url = href === undefined ? '' : telegramText(href).replaceAll('&amp;', '&');
      out.push(/^(https?:\/\/|tg:\/\/)/i.test(url) ? `<a href="${escapeText(url)}" rel="noopener noreferrer" target="_blank">` : '<a>');
    } else if (name === 'tg-spoiler') out.push('<span class="tg-spoiler">');
    else out.push(`<${tag}>`);
  }
  out.push(telegramText(source.slice(last)));
  while (open.length) out.push(`</${telegramTags[open.pop()!]}>`);
  return out.join('');
}

/** A Telegram-like bubble: the message's HTML as Telegram renders it, its inline buttons under it. */
export function AnnouncementPreview(props: { t: (key: string) => string; message: OutgoingMessage | null }) {
  const { message, t } = props;
  if (!message)
    return (
      <p class="muted" data-preview="none">
        {props.t('event-preview-needs-dates')}
      </p>
    );
  const rows: MessageButton[][] = message.buttons ?? [];
  return (
    <div class="tg-chat" data-preview="announcement">
      <div class="tg-bubble" dangerouslySetInnerHTML={{ __html: telegramHtml(message.html) }} />
      {rows.map((row) => (
        <div class="tg-row">
          {row.map((b) => (
            <span class="tg-button" title={'url' in b ? b.url : t('event-preview-button')}>
              {b.text}
            </span>
          ))}
        </div>
      ))}
    </div>
  );
}
