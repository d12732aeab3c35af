/**
 * The one HTML escaper, for both kinds of reader: Telegram's HTML parse mode (which knows only &lt; &gt; &amp; and
 * &quot;, so text is escaped no further than it must be) and a browser page, where a value may also stand inside a
 * quoted attribute.
 */
const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for Telegram's HTML or an element's content: & < > escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (ch) => escapes[ch]!);
}

/** A value safe anywhere in a page, inside a quoted attribute too: & < > " ' escaped. */
export function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => escapes[ch]!);
}
