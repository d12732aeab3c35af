import { schoolChatScopes, type SchoolChatScope } from '../../core/vocabulary/school-chats.js';

/** The scope buttons under /link in a group: `sc:all|events|tasks` (the chat is the one the button is in). */
export const schoolChatButton = {
  pattern: /^sc:/,
  encode: (scope: SchoolChatScope) => `sc:${scope}`,
  parse(data: string | undefined): SchoolChatScope | undefined {
    const scope = (data ?? '').slice(3);
    return (schoolChatScopes as readonly string[]).includes(scope) && data?.startsWith('sc:') ? (scope as SchoolChatScope) : undefined;
  },
};
