/**
 * Telegram HTML as a browser would show it, safe to put into a page with innerHTML: the panel's previews and the
 * sandbox's chat both render a bot message through `telegramHtml`, so what an admin sees is what the person gets.
 * The sandbox's MAX view renders MAX's by the same code with MAX's rules (`markupHtml`).
 */
import { escapeAttribute } from './html.js';
import { telegramTags } from './telegram-html.js';

/** The entities Telegram's HTML parse mode understands: &lt; &gt; &amp; &quot; and numeric ones. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'amp') return '&';
    if (lower === 'quot') return '"';
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
    return String.fromCodePoint(code);
  });
}

const safeSchemes = new Set(['http:', 'https:', 'tg:', 'mailto:']);

/** An absolute http(s)/tg/mailto URL, or undefined: javascript:, data: and relative links never reach the page. */
export function safeUrl(raw: string): string | undefined {
  const value = raw.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a link must not carry
  if (value === '' || /[\u0000-\u001f\u007f]/.test(value)) return undefined;
  try {
    const url = new URL(value);
    return safeSchemes.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

// What a messenger turns into links by itself: URLs, and in Telegram /commands (a tap on a command sends it).
const linkableUrl = /https?:\/\/[^\s<>"«»]+/g;
const linkable = /https?:\/\/[^\s<>"«»]+|(?<=^|[\s(«"'„“])\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])/g;

/** Plain text with what the messenger makes links of made links (commands only where `commands`). */
export function linkify(text: string, commands = true): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(commands ? linkable : linkableUrl)) {
    let token = match[0];
    const start = match.index;
    if (token.startsWith('/')) {
      out += escapeAttribute(text.slice(last, start));
      out += `<a class="tg-command" data-command="${escapeAttribute(token)}">${escapeAttribute(token)}</a>`;
      last = start + token.length;
      continue;
    }
    token = token.replace(/[.,;:!?)\]'’”]+$/, '');
    const href = safeUrl(token);
    if (!href) continue;
    out += escapeAttribute(text.slice(last, start));
    out += `<a href="${escapeAttribute(href)}" target="_blank" rel="noopener noreferrer">${escapeAttribute(token)}</a>`;
    last = start + token.length;
  }
  return out + escapeAttribute(text.slice(last));
}

const tagPattern = /<(\/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)>/g;
const hrefPattern = /(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

/** What one messenger's HTML keeps: its tags (each with the tag a page shows it as), whether it has spoilers and links /commands. */
export interface MarkupRules {
  tags: Readonly<Record<string, string>>;
  spoilers: boolean;
  commands: boolean;
}

const telegramRules: MarkupRules = { tags: telegramTags, spoilers: true, commands: true };

/**
 * A message's text as safe HTML. With parse mode HTML (the default) only Telegram's tags survive as markup, every
 * attribute dropped except a safe href (a link Telegram would not open gets `badLinkTitle` as its tooltip); any other
 * tag shows as the text it is, unclosed tags close. A message sent without parse mode (`null`) is all text. Bare URLs
 * and /commands become links as Telegram makes them. Newlines are kept by the page's CSS (pre-wrap).
 */
export function telegramHtml(text: string, parseMode: string | null = 'HTML', badLinkTitle?: string): string {
  return parseMode?.toUpperCase() === 'HTML' ? markupHtml(text, telegramRules, badLinkTitle) : linkify(text);
}

/** A messenger's HTML text as a page shows it, by that messenger's rules (Telegram's above; MAX's in the sandbox). */
export function markupHtml(text: string, rules: MarkupRules, badLinkTitle?: string): string {
  const { tags } = rules;
  let out = '';
  const open: string[] = [];
  let last = 0;
  const plainText = (chunk: string): string => {
    const decoded = decodeEntities(chunk);
    return open.some((tag) => tag === 'a' || tag === 'code' || tag === 'pre') ? escapeAttribute(decoded) : linkify(decoded, rules.commands);
  };
  for (const match of text.matchAll(tagPattern)) {
    const [whole, slash, rawName, attributes] = match;
    const name = rawName!.toLowerCase();
    out += plainText(text.slice(last, match.index));
    last = match.index + whole.length;
    const spoiler = rules.spoilers && (name === 'tg-spoiler' || (name === 'span' && /class\s*=\s*["']?tg-spoiler/i.test(attributes ?? '')));
    if (!Object.hasOwn(tags, name) || (name === 'span' && !slash && !spoiler)) {
      out += escapeAttribute(whole);
      continue;
    }
    if (slash) {
      const at = open.lastIndexOf(name);
      if (at === -1) {
        out += escapeAttribute(whole);
        continue;
      }
      while (open.length > at) out += `</${tags[open.pop()!]}>`;
      continue;
    }
    if (name === 'a') {
      const m = hrefPattern.exec(attributes ?? '');
      const href = m ? safeUrl(decodeEntities(m[1] ?? m[2] ?? m[3] ?? '')) : undefined;
      out += href
        ? `<a href="${escapeAttribute(href)}" target="_blank" rel="noopener noreferrer">`
        : badLinkTitle === undefined
          ? '<a>'
          : `<a class="bad-link" title="${escapeAttribute(badLinkTitle)}">`;
    } else if (spoiler) out += '<span class="tg-spoiler">';
    else out += `<${tags[name]}>`;
    open.push(name);
  }
  out += plainText(text.slice(last));
  while (open.length > 0) out += `</${tags[open.pop()!]}>`;
  return out;
}
