/** Kinds of topics one may subscribe to. */
export const topicKinds = ['subject', 'event_kind', 'programme', 'digest'] as const;
export type TopicKind = (typeof topicKinds)[number];
