/**
 * The MAX Bot API's methods as the fake answers them, each by its HTTP method and path (`POST /messages`), named
 * as the SDK names them (sendMessage, editMessage…) in the recorded calls. The limits are MAX's: text up to 4,000
 * characters, a button's text up to 128, its payload up to 1,024 bytes; errors are `{ code, message }`.
 */
import { apiMessage, dialogChatIdOf, type MaxButton, type MaxState } from './state.js';

export class MaxApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  body(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}

export interface MaxRequest {
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** The path's own parameters ({chat_id}, {message_id}). */
  params: string[];
}

export interface Route {
  name: string;
  verb: string;
  path: RegExp;
  handle(req: MaxRequest): unknown;
}

export const maxTextLimit = 4000;
export const maxButtonTextLimit = 128;
export const maxPayloadBytes = 1024;

const bad = (message: string) => new MaxApiError(400, 'proto.payload', message);
const notFound = (what: string) => new MaxApiError(404, 'not.found', `${what} not found`);

export function routes(state: MaxState, root: () => string): Route[] {
  const number = (value: string | null | undefined, what: string) => {
    const n = Number(value);
    if (!value || !Number.isSafeInteger(n)) throw bad(`${what}: must be a number`);
    return n;
  };
  const ok = { success: true };

  return [
    { name: 'getMyInfo', verb: 'GET', path: /^\/me$/, handle: () => ({ ...state.botUser(), commands: state.commands }) },
    {
      name: 'setMyCommands',
      verb: 'PATCH',
      path: /^\/me\/commands$/,
      handle: ({ body }) => {
        state.commands = (body['commands'] as typeof state.commands | undefined) ?? [];
        return { commands: state.commands };
      },
    },
    {
      name: 'sendMessage',
      verb: 'POST',
      path: /^\/messages$/,
      handle: ({ query, body }) => {
        const userId = query.get('user_id');
        const chatId = userId ? dialogChatIdOf(number(userId, 'user_id')) : number(query.get('chat_id'), 'chat_id');
        if (userId && !state.users.has(Number(userId))) throw notFound('dialog');
        const group = state.groups.get(chatId);
        if (state.userOfDialog(chatId) === undefined && !group) throw notFound('chat');
        if (state.isStopped(chatId)) throw new MaxApiError(403, 'chat.denied', 'error.dialog.suspended');
        if (group && (!group.botIsMember || (group.type === 'channel' && !group.botIsAdmin))) throw new MaxApiError(403, 'chat.denied', 'bot is not a member');
        const message = state.add({ chatId, senderId: state.botId, fromBot: true, ...content(body) });
        return { message: apiMessage(state, message) };
      },
    },
    {
      name: 'editMessage',
      verb: 'PUT',
      path: /^\/messages$/,
      handle: ({ query, body }) => {
        const message = state.message(query.get('message_id') ?? '');
        if (!message || message.deleted || !message.fromBot) throw notFound('message');
        const next = content(body, true);
        // MAX keeps what the edit does not name: a text-only edit leaves the buttons.
        message.text = body['text'] === undefined ? message.text : next.text;
        if (body['format'] !== undefined) message.format = next.format;
        if (body['attachments'] !== undefined) {
          message.attachments = next.attachments;
          message.buttons = next.buttons;
        }
        message.edited = true;
        return ok;
      },
    },
    {
      name: 'deleteMessage',
      verb: 'DELETE',
      path: /^\/messages$/,
      handle: ({ query }) => {
        const message = state.message(query.get('message_id') ?? '');
        if (!message || message.deleted) throw notFound('message');
        message.deleted = true;
        return ok;
      },
    },
    {
      name: 'getMessage',
      verb: 'GET',
      path: /^\/messages\/([^/]+)$/,
      handle: ({ params }) => {
        const message = state.message(decodeURIComponent(params[0] ?? ''));
        if (!message || message.deleted) throw notFound('message');
        return apiMessage(state, message);
      },
    },
    {
      name: 'answerOnCallback',
      verb: 'POST',
      path: /^\/answers$/,
      handle: ({ query, body }) => {
        const id = query.get('callback_id') ?? '';
        const pressed = state.callbacks.get(id);
        if (!pressed) throw notFound('callback');
        const replacement = body['message'] as Record<string, unknown> | null | undefined;
        const message = state.message(pressed);
        if (replacement && message) {
          const next = content(replacement);
          if (replacement['text'] !== undefined) message.text = next.text;
          if (replacement['attachments'] !== undefined) message.buttons = next.buttons;
          message.edited = true;
        }
        return ok;
      },
    },
    {
      name: 'getUploadUrl',
      verb: 'POST',
      path: /^\/uploads$/,
      handle: ({ query }) => {
        const type = query.get('type');
        if (!type || !['image', 'video', 'audio', 'file'].includes(type)) throw bad('type: must be image, video, audio or file');
        return { url: `${root()}/upload/${state.uploads.length}` };
      },
    },
    {
      // The upload URL takes the file's bytes (multipart) without the bot's token, and answers with the file's token.
      name: 'upload',
      verb: 'POST',
      path: /^\/upload\/(\d+)$/,
      handle: ({ body }) => {
        state.uploads.push(Number(body['bytes'] ?? 0));
        return { token: `file-token-${state.uploads.length}` };
      },
    },
    {
      name: 'getChat',
      verb: 'GET',
      path: /^\/chats\/(-?\d+)$/,
      handle: ({ params }) => {
        const chatId = Number(params[0]);
        const group = state.groups.get(chatId);
        if (!group || !group.botIsMember) throw notFound('chat');
        return {
          chat_id: chatId,
          type: group.type,
          status: 'active',
          title: group.title,
          icon: null,
          last_event_time: Date.now(),
          participants_count: 2,
          is_public: false,
        };
      },
    },
    {
      // Only the members asked for by `user_ids` (comma-separated), as the bot asks: is this sender an admin?
      name: 'getChatMembers',
      verb: 'GET',
      path: /^\/chats\/(-?\d+)\/members$/,
      handle: ({ params, query }) => {
        const chatId = Number(params[0]);
        const group = state.groups.get(chatId);
        if (!group || !group.botIsMember) throw notFound('chat');
        const ids = (query.get('user_ids') ?? '').split(',').filter(Boolean).map(Number);
        const members = ids.flatMap((id) => {
          const user = state.users.get(id);
          if (!user) return [];
          const role = state.groupRoles.get(chatId)?.get(id);
          return [
            {
              ...user,
              name: [user.first_name, user.last_name].filter(Boolean).join(' '),
              is_bot: false,
              last_activity_time: Date.now(),
              last_access_time: Date.now(),
              is_owner: role === 'owner',
              is_admin: role !== undefined,
              join_time: 0,
              permissions: role ? ['write', 'add_remove_members', 'pin_message'] : null,
            },
          ];
        });
        return { members, marker: null };
      },
    },
    {
      name: 'getChatMembership',
      verb: 'GET',
      path: /^\/chats\/(-?\d+)\/members\/me$/,
      handle: ({ params }) => {
        const group = state.groups.get(Number(params[0]));
        if (!group || !group.botIsMember) throw notFound('chat');
        const bot = state.botUser();
        return {
          ...bot,
          last_access_time: Date.now(),
          is_owner: false,
          is_admin: group.botIsAdmin,
          join_time: 0,
          permissions: group.botIsAdmin ? group.permissions : null,
        };
      },
    },
    {
      name: 'subscribe',
      verb: 'POST',
      path: /^\/subscriptions$/,
      handle: ({ body }) => {
        const url = String(body['url'] ?? '');
        if (!/^https?:\/\//.test(url)) throw bad('url: must be an http(s) URL');
        const secret = body['secret'] === undefined ? undefined : String(body['secret']);
        state.subscription = { url, secret, update_types: (body['update_types'] as string[] | undefined) ?? [], time: Date.now() };
        return ok;
      },
    },
    {
      name: 'unsubscribe',
      verb: 'DELETE',
      path: /^\/subscriptions$/,
      handle: () => {
        state.subscription = undefined;
        return ok;
      },
    },
    {
      name: 'getSubscriptions',
      verb: 'GET',
      path: /^\/subscriptions$/,
      handle: () => ({ subscriptions: state.subscription ? [state.subscription] : [] }),
    },
  ];
}

/** A message's content as sent (or edited: an edit may name the buttons alone), checked against MAX's limits. */
function content(
  body: Record<string, unknown>,
  edit = false,
): {
  text: string;
  format: 'html' | 'markdown' | null;
  attachments: Record<string, unknown>[];
  buttons: MaxButton[][];
} {
  const text = typeof body['text'] === 'string' ? body['text'] : '';
  if (text.length > maxTextLimit) throw bad(`text: size must be between 0 and ${maxTextLimit}`);
  const format = body['format'] === 'html' || body['format'] === 'markdown' ? body['format'] : null;
  if (body['format'] != null && format === null) throw bad('format: must be html or markdown');
  const all = (body['attachments'] as Record<string, unknown>[] | null | undefined) ?? [];
  const keyboards = all.filter((a) => a['type'] === 'inline_keyboard');
  const buttons = (keyboards[0]?.['payload'] as { buttons?: MaxButton[][] } | undefined)?.buttons ?? [];
  for (const button of buttons.flat()) {
    if (button.text.length > maxButtonTextLimit) throw bad(`button text: size must be between 1 and ${maxButtonTextLimit}`);
    if (button.type === 'callback' && new TextEncoder().encode(button.payload ?? '').length > maxPayloadBytes)
      throw bad(`button payload: size must be up to ${maxPayloadBytes} bytes`);
    if (button.type === 'link' && !/^https?:\/\//.test(button.url ?? '')) throw bad('button url: must be an http(s) URL');
  }
  if (!text && all.length === 0 && !edit) throw bad('text: must not be empty');
  return { text, format, attachments: all.filter((a) => a['type'] !== 'inline_keyboard'), buttons };
}
