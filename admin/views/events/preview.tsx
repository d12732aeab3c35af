import type { MessageButton, OutgoingMessage } from '../../../core/deliveries/message.js';
import { telegramHtml } from '../../../core/text/telegram-preview.js';

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
