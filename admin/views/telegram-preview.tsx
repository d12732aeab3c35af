import type { MessageButton, OutgoingMessage } from '../../core/deliveries/message.js';
import { FieldError } from '../kit.js';
import { telegramHtml } from '../../core/text/telegram-preview.js';
import { Select } from './components.js';

/** The photo or document of a message (by URL or Telegram file_id): the fields `formAttachment` reads. */
export function AttachmentField(props: { t: (key: string) => string; kind: string; file: string; errors?: Record<string, string>; errorName: string }) {
  const { t } = props;
  return (
    <div class="field">
      <Select
        label={t('broadcast-field-attachment')}
        name="attachmentKind"
        value={props.kind}
        options={[
          ['photo', t('broadcast-attachment-photo')],
          ['document', t('broadcast-attachment-document')],
        ]}
        empty={t('broadcast-attachment-none')}
      />
      <label>
        {t('broadcast-field-file')}
        <input name="attachmentFile" value={props.file} size={60} placeholder="https://…" />
      </label>
      <FieldError errors={props.errors} name={props.errorName} />
    </div>
  );
}

/** A Telegram-like bubble: a photo or document placeholder, the text as Telegram renders it, the buttons under it. */
export function TelegramPreview(props: { t: (key: string) => string; message: OutgoingMessage }) {
  const { message, t } = props;
  const rows: MessageButton[][] = message.buttons ?? [];
  return (
    <div class="tg-chat" data-preview="broadcast">
      <div class="tg-bubble">
        {message.attachment ? (
          <div class={`tg-attachment tg-${message.attachment.kind}`} data-attachment={message.attachment.kind}>
            {message.attachment.kind === 'photo' ? '🖼 ' : '📄 '}
            {message.attachment.file.split('/').at(-1)}
          </div>
        ) : null}
        {message.copyOf ? <div class="muted">{t('broadcast-preview-copy')}</div> : null}
        <div class="tg-text" dangerouslySetInnerHTML={{ __html: telegramHtml(message.html) }} />
      </div>
      {rows.map((row) => (
        <div class="tg-row">
          {row.map((b) => (
            <span class="tg-button" title={'url' in b ? b.url : ''}>
              {b.text}
            </span>
          ))}
        </div>
      ))}
    </div>
  );
}
