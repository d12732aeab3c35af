/** What a school's linked team chat receives. */
export const schoolChatScopes = ['all', 'events', 'tasks'] as const;
export type SchoolChatScope = (typeof schoolChatScopes)[number];
