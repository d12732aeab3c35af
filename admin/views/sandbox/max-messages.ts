/**
 * A MAX dialog's messages as the sandbox page shows them: what MAX would show of what max/render.ts sent. MAX's own
 * HTML subset (no spoilers; `mark` highlights), its buttons (callback and link), its string message ids.
 */
import { escapeAttribute } from '../../../core/text/html.js';
import { safeUrl } from '../../../core/text/telegram-preview.js';
import type { SandboxMaxMessage } from '../../sandbox-port.js';
import type { ButtonView, MessageView } from './messages.js';

/** MAX's `html` format: these tags (each shown as the tag on the right); anything else is the text it is. */
const maxTags: Readonly<Record<string, string>> = {
  b: 'b',
  strong: 'b',
  i: 'i',
  em: 'i',
  u: 'u',
  ins: 'u',
  s: 's',
  del: 's',
  a: 'a',
  code: 'code',
  pre: 'pre',
  mark: 'mark',
  blockquote: 'blockquote',
};

/** A MAX message as the page renders it: the Telegram view's shape, with MAX's string id and its order in the dialog. */
export interface MaxMessageView extends Omit<MessageView, 'id'> {
  id: string;
  order: number;
}

const tagPattern = /<(\/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)>/g;
const hrefPattern = /(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
const urlPattern = /https?:\/\/[^\s<>"«»]+/g;

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|#\d{1,7});/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'amp') return '&';
    if (lower === 'quot') return '"';
    const code = Number(lower.slice(1));
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

/** Plain text with its URLs made links, as MAX shows them (MAX makes no link of a /command). */
function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    const token = match[0].replace(/[.,;:!?)\]'’”]+$/, '');
    const href = safeUrl(token);
    if (!href) continue;
    out += escapeAttribute(text.slice(last, match.index));
    out += `<a href="${escapeAttribute(href)}" target="_blank" rel="noopener noreferrer">${escapeAttribute(token)}</a>`;
    last = match.index + token.length;
  }
  return out + escapeAttribute(text.slice(last));
}

/** A MAX message's text as safe HTML for the page: MAX's tags kept (attributes dropped but a safe href), the rest escaped. */
export function maxHtml(text: string, format: SandboxMaxMessage['format'], badLinkTitle: string): string {
  if (format !== 'html') return linkify(text);
  let out = '';
  const open: string[] = [];
  let last = 0;
  const plain = (chunk: string) =>
    open.includes('a') || open.includes('code') || open.includes('pre') ? escapeAttribute(decodeEntities(chunk)) : linkify(decodeEntities(chunk));
  for (const match of text.matchAll(tagPattern)) {
    const [whole, slash, rawName, attributes] = match;
    const name = rawName!.toLowerCase();
    out += plain(text.slice(last, match.index));
    last = match.index + whole.length;
    if (!Object.hasOwn(maxTags, name)) {
      out += escapeAttribute(whole);
      continue;
    }
    if (slash) {
      const at = open.lastIndexOf(name);
      if (at === -1) out += escapeAttribute(whole);
      else while (open.length > at) out += `</${maxTags[open.pop()!]}>`;
      continue;
    }
    if (name === 'a') {
      const m = hrefPattern.exec(attributes ?? '');
      const href = m ? safeUrl(decodeEntities(m[1] ?? m[2] ?? m[3] ?? '')) : undefined;
      out += href
        ? `<a href="${escapeAttribute(href)}" target="_blank" rel="noopener noreferrer">`
        : `<a class="bad-link" title="${escapeAttribute(badLinkTitle)}">`;
    } else out += `<${maxTags[name]}>`;
    open.push(name);
  }
  out += plain(text.slice(last));
  while (open.length > 0) out += `</${maxTags[open.pop()!]}>`;
  return out;
}

export function maxButtons(message: Pick<SandboxMaxMessage, 'buttons'>): ButtonView[][] {
  return message.buttons
    .map((row) =>
      row.map((button): ButtonView => {
        if (button.type === 'callback' && typeof button.payload === 'string') return { text: button.text, kind: 'callback', data: button.payload };
        const url = button.type === 'link' && button.url ? safeUrl(button.url) : undefined;
        return url ? { text: button.text, kind: 'url', url } : { text: button.text, kind: 'other' };
      }),
    )
    .filter((row) => row.length > 0);
}

/** An image MAX shows by its URL, or a file by its name. */
function mediaOf(message: SandboxMaxMessage): MessageView['media'] {
  for (const attachment of message.attachments) {
    const payload = (attachment['payload'] ?? {}) as Record<string, unknown>;
    if (attachment['type'] === 'image') return typeof payload['url'] === 'string' ? { kind: 'photo', fileId: payload['url'] } : { kind: 'photo' };
    if (attachment['type'] === 'file')
      return typeof attachment['filename'] === 'string' ? { kind: 'document', name: attachment['filename'] } : { kind: 'document' };
  }
  return undefined;
}

export function maxMessageView(message: SandboxMaxMessage, order: number, badLinkTitle: string): MaxMessageView {
  const view: MaxMessageView = {
    id: message.mid,
    order,
    fromBot: message.fromBot,
    html: maxHtml(message.text, message.fromBot ? message.format : null, badLinkTitle),
    buttons: message.fromBot ? maxButtons(message) : [],
    edited: message.edited,
    forwarded: false,
    date: Math.floor(message.timestamp / 1000),
  };
  const media = mediaOf(message);
  if (media) view.media = media;
  return view;
}
