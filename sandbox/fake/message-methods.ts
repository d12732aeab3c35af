/** The Bot API methods that send, copy, forward, edit and delete messages, answered as Telegram does. */
import { type FileStore, mediaFields, type MediaKind } from './files.js';
import { MAX_CAPTION, badRequest, messageText, optString, requiredInt, requiredString, sameJson, type Json, type Params } from './params.js';
import type { TelegramState } from './state.js';

export type Handler = (p: Params) => unknown;

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

export function messageMethods(state: TelegramState, files: FileStore): [string, Handler][] {
  const sendMedia = (p: Params, method: string, kind: MediaKind): Json => {
    const chatId = state.targetChat(p);
    const input = p[kind];
    if (input === undefined || input === '') throw badRequest(`there is no ${kind} in the request`);
    const caption = optString(p, 'caption');
    if (caption !== undefined && caption.length > MAX_CAPTION) throw badRequest('message caption is too long');
    const { fileId, name } = files.fromInput(kind, input);
    return state.toMessage(
      state.store(chatId, method, {
        caption,
        caption_entities: p['caption_entities'],
        parse_mode: optString(p, 'parse_mode'),
        reply_markup: p['reply_markup'],
        media: mediaFields(kind, fileId, 1024, name),
      }),
    );
  };

  return [
    [
      'sendMessage',
      (p) => {
        const chatId = state.targetChat(p);
        const text = messageText(p);
        return state.toMessage(
          state.store(chatId, 'sendMessage', {
            text,
            entities: p['entities'],
            parse_mode: optString(p, 'parse_mode'),
            reply_markup: p['reply_markup'],
          }),
        );
      },
    ],
    ['getFile', (p) => files.info(requiredString(p, 'file_id'))],
    ['sendPhoto', (p) => sendMedia(p, 'sendPhoto', 'photo')],
    ['sendDocument', (p) => sendMedia(p, 'sendDocument', 'document')],
    [
      'sendMediaGroup',
      (p) => {
        const chatId = state.targetChat(p);
        const items = p['media'];
        if (!Array.isArray(items) || items.length < 2 || items.length > 10) throw badRequest('wrong number of media in the album: 2 to 10 expected');
        const group = files.newId('album');
        return items.map((raw: unknown) => {
          const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Params;
          const kind = item['type'] === 'document' ? 'document' : 'photo';
          const input = item['media'];
          const upload = typeof input === 'string' && input.startsWith('attach://') ? p[input.slice('attach://'.length)] : input;
          const { fileId, name } = files.fromInput(kind, upload);
          const caption = optString(item, 'caption');
          const media = mediaFields(kind, fileId, 1024, name);
          return state.toMessage(state.store(chatId, 'sendMediaGroup', { caption, parse_mode: optString(item, 'parse_mode'), media, media_group_id: group }));
        });
      },
    ],
    [
      'copyMessage',
      (p) => {
        const chatId = state.targetChat(p);
        const source = state.sourceMessage(p, 'copy');
        const caption = optString(p, 'caption');
        const copy = state.store(chatId, 'copyMessage', {
          text: source.text,
          entities: source.entities,
          caption: caption ?? source.caption,
          caption_entities: caption === undefined ? source.caption_entities : p['caption_entities'],
          parse_mode: optString(p, 'parse_mode'),
          media: source.media,
          reply_markup: p['reply_markup'],
        });
        return { message_id: copy.message_id };
      },
    ],
    [
      'forwardMessage',
      (p) => {
        const chatId = state.targetChat(p);
        const source = state.sourceMessage(p, 'forward');
        const origin: Json = source.from_bot
          ? { type: 'user', sender_user: state.botUser(), date: source.date }
          : { type: 'user', sender_user: state.userOf(source.chat_id), date: source.date };
        return state.toMessage(
          state.store(chatId, 'forwardMessage', {
            text: source.text,
            entities: source.entities,
            caption: source.caption,
            caption_entities: source.caption_entities,
            media: source.media,
            forward_origin: origin,
          }),
        );
      },
    ],
    [
      'editMessageText',
      (p) => {
        const text = messageText(p);
        const m = state.editTarget(p);
        if (!m) return true;
        if (m.text === undefined) throw badRequest('there is no text in the message to edit');
        if (m.text === text && sameJson(m.reply_markup, p['reply_markup'])) throw badRequest(NOT_MODIFIED);
        m.text = text;
        m.entities = p['entities'];
        m.parse_mode = optString(p, 'parse_mode');
        m.reply_markup = p['reply_markup']; // Telegram drops the keyboard when the edit carries none
        return state.markEdited(m);
      },
    ],
    [
      'editMessageReplyMarkup',
      (p) => {
        const m = state.editTarget(p);
        if (!m) return true;
        if (sameJson(m.reply_markup, p['reply_markup'])) throw badRequest(NOT_MODIFIED);
        m.reply_markup = p['reply_markup'];
        return state.markEdited(m);
      },
    ],
    [
      'editMessageCaption',
      (p) => {
        const caption = optString(p, 'caption');
        if (caption !== undefined && caption.length > MAX_CAPTION) throw badRequest('message caption is too long');
        const m = state.editTarget(p);
        if (!m) return true;
        if (m.media === undefined) throw badRequest('there is no caption in the message to edit');
        if (m.caption === caption && sameJson(m.reply_markup, p['reply_markup'])) throw badRequest(NOT_MODIFIED);
        m.caption = caption;
        m.caption_entities = p['caption_entities'];
        m.parse_mode = optString(p, 'parse_mode');
        m.reply_markup = p['reply_markup'];
        return state.markEdited(m);
      },
    ],
    [
      'deleteMessage',
      (p) => {
        const m = state.message(requiredInt(p, 'chat_id'), requiredInt(p, 'message_id'));
        if (!m) throw badRequest('message to delete not found');
        m.deleted = true;
        return true;
      },
    ],
  ];
}
