import type { AttachmentRequest, Button } from '@maxhub/max-bot-api/types';
import type { MessageButton, OutgoingMessage } from '../core/vocabulary/message.js';

/** MAX's limits (the Bot API's schema): a message's text, a button's text, a callback button's payload in bytes. */
export const maxLimits = { text: 4000, buttonText: 128, payloadBytes: 1024 } as const;

/** The body of POST /messages (and PUT /messages, answers' `message`) for one of our messages. */
export interface MaxMessageBody {
  text: string;
  format: 'html';
  attachments: AttachmentRequest[];
  notify?: boolean;
}

/**
 * Renders a channel-neutral message for MAX: our HTML subset as MAX's `html` format (b, i, u, s, a, code, pre all
 * exist there), the buttons as one `inline_keyboard` attachment, a photo by URL or by MAX's own token. A message
 * copied from a Telegram chat (`copyOf`) cannot be copied here: its text goes instead. A document must already be a
 * MAX file token (a URL is uploaded first by the messenger, which passes the token in `documentToken`).
 * Throws `RenderError` for what MAX would refuse and no trimming can fix (a payload over 1,024 bytes).
 */
export function renderForMax(message: OutgoingMessage, documentToken?: string): MaxMessageBody {
  const attachments: AttachmentRequest[] = [];
  const file = message.copyOf ? undefined : message.attachment;
  if (file?.kind === 'photo') attachments.push({ type: 'image', payload: isUrl(file.file) ? { url: file.file } : { token: file.file } });
  if (file?.kind === 'document') attachments.push({ type: 'file', payload: { token: documentToken ?? file.file } });
  const keyboard = renderButtons(message.buttons ?? []);
  if (keyboard.length) attachments.push({ type: 'inline_keyboard', payload: { buttons: keyboard } });
  return { text: fitHtml(message.html, maxLimits.text), format: 'html', attachments };
}

export class RenderError extends Error {}

export function renderButtons(rows: MessageButton[][]): Button[][] {
  return rows
    .filter((row) => row.length > 0)
    .map((row) =>
      row.map((button): Button => {
        const text = fitPlain(button.text, maxLimits.buttonText);
        if ('url' in button) return { type: 'link', text, url: button.url };
        if (new TextEncoder().encode(button.action).length > maxLimits.payloadBytes) {
          throw new RenderError(`a button's payload is over ${maxLimits.payloadBytes} bytes (${button.action.slice(0, 40)}…)`);
        }
        return { type: 'callback', text, payload: button.action };
      }),
    );
}

export const isUrl = (file: string): boolean => /^https?:\/\//.test(file);

function fitPlain(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join('')}…`;
}

/**
 * Cuts HTML to at most `limit` characters without breaking it: never inside a tag or an entity, the tags still
 * open closed after an ellipsis. Our messages are checked against Telegram's 4,096 characters, so only the last
 * few of a long one are lost on MAX.
 */
export function fitHtml(html: string, limit: number): string {
  if (html.length <= limit) return html;
  const tokens = html.match(/<[^>]*>|&[#a-zA-Z0-9]+;|[^<&]|[<&]/g) ?? [];
  const open: string[] = [];
  let out = '';
  for (const token of tokens) {
    const closing = open
      .map((name) => `</${name}>`)
      .reverse()
      .join('');
    const tag = /^<(\/?)([a-z0-9-]+)/i.exec(token);
    const next = tag && tag[1] === '/' ? open.slice(0, -1) : tag ? [...open, tag[2]!.toLowerCase()] : open;
    const closingAfter = next
      .map((name) => `</${name}>`)
      .reverse()
      .join('');
    if (out.length + token.length + closingAfter.length + 1 > limit) return `${out}…${closing}`;
    out += token;
    open.splice(0, open.length, ...next);
  }
  return out;
}
