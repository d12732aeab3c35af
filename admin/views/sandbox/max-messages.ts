/**
 * A MAX dialog's messages as the sandbox page shows them: what MAX would show of what max/render.ts sent. MAX's own
 * HTML subset (no spoilers; `mark` highlights), its buttons (callback and link), its string message ids.
 */
import { linkify, type MarkupRules, markupHtml, safeUrl } from '../../../core/text/telegram-preview.js';
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

const maxRules: MarkupRules = { tags: maxTags, spoilers: false, commands: false };

/** A MAX message's text as safe HTML for the page: MAX's tags kept (attributes dropped but a safe href), the rest escaped; MAX makes no link of a /command. */
export function maxHtml(text: string, format: SandboxMaxMessage['format'], badLinkTitle: string): string {
  return format === 'html' ? markupHtml(text, maxRules, badLinkTitle) : linkify(text, false);
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
