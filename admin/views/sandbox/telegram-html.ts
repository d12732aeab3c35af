/**
 * The one place that turns a bot message's text into HTML for the sandbox's browser: Telegram's HTML subset kept
 * as markup, everything else shown as the text it is, links and /commands made as Telegram makes them.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

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

const SAFE_SCHEMES = new Set(['http:', 'https:', 'tg:', 'mailto:']);

/** An absolute http(s)/tg/mailto URL, or undefined: javascript:, data: and relative links never reach the page. */
export function safeUrl(raw: string): string | undefined {
  const value = raw.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a link must not carry
  if (value === '' || /[\u0000-\u001f\u007f]/.test(value)) return undefined;
  try {
    const url = new URL(value);
    return SAFE_SCHEMES.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

// What Telegram turns into links by itself: URLs and /commands (a tap on a command sends it).
const LINKABLE = /https?:\/\/[^\s<>"«»]+|(?<=^|[\s(«"'„“])\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])/g;

function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(LINKABLE)) {
    let token = match[0];
    const start = match.index;
    if (token.startsWith('/')) {
      out += escapeHtml(text.slice(last, start));
      out += `<a class="tg-command" data-command="${escapeHtml(token)}">${escapeHtml(token)}</a>`;
      last = start + token.length;
      continue;
    }
    token = token.replace(/[.,;:!?)\]'’”]+$/, '');
    const href = safeUrl(token);
    if (!href) continue;
    out += escapeHtml(text.slice(last, start));
    out += `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(token)}</a>`;
    last = start + token.length;
  }
  return out + escapeHtml(text.slice(last));
}

const ALLOWED_TAGS = new Set(['b', 'i', 'u', 's', 'a', 'code', 'pre']);
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)>/g;
const HREF = /(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

/**
 * A bot message's text as HTML that is safe to put into the page with innerHTML.
 * With parse_mode HTML only Telegram's subset survives as markup: <b> <i> <u> <s> <a href> <code> <pre>, with every
 * attribute dropped except a safe href (a link Telegram would not open gets `badLinkTitle` as its tooltip); any other tag (and everything in a plain-text message) shows as the text it is.
 * Bare URLs and /commands become links as Telegram makes them. Newlines are kept by the page's CSS (pre-wrap).
 */
export function telegramHtml(text: string, parseMode?: string, badLinkTitle?: string): string {
  if (parseMode?.toUpperCase() !== 'HTML') return linkify(text);
  let out = '';
  const open: string[] = [];
  let last = 0;
  const plainText = (chunk: string): string => {
    const decoded = decodeEntities(chunk);
    return open.some((tag) => tag === 'a' || tag === 'code' || tag === 'pre') ? escapeHtml(decoded) : linkify(decoded);
  };
  for (const match of text.matchAll(TAG)) {
    const [whole, slash, rawName, attributes] = match;
    const name = rawName!.toLowerCase();
    out += plainText(text.slice(last, match.index));
    last = match.index + whole.length;
    if (!ALLOWED_TAGS.has(name)) {
      out += escapeHtml(whole);
      continue;
    }
    if (slash) {
      const at = open.lastIndexOf(name);
      if (at === -1) {
        out += escapeHtml(whole);
        continue;
      }
      while (open.length > at) out += `</${open.pop()!}>`;
      continue;
    }
    if (name === 'a') {
      const m = HREF.exec(attributes ?? '');
      const href = m ? safeUrl(decodeEntities(m[1] ?? m[2] ?? m[3] ?? '')) : undefined;
      out += href
        ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">`
        : badLinkTitle === undefined
          ? '<a class="bad-link">'
          : `<a class="bad-link" title="${escapeHtml(badLinkTitle)}">`;
    } else {
      out += `<${name}>`;
    }
    open.push(name);
  }
  out += plainText(text.slice(last));
  while (open.length > 0) out += `</${open.pop()!}>`;
  return out;
}
