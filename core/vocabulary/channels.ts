/**
 * The messengers a person can be reached on. A person has a contact per channel they use (db/schema/contacts.ts);
 * the outbox writes to each delivery's channel through that channel's messenger.
 */
export const messengerChannels = ['telegram', 'max'] as const;
export type MessengerChannel = (typeof messengerChannels)[number];

/** `blocked`: the messenger answered that the person blocked the bot there (or is gone); the other contacts still count. */
export type ContactStatus = 'active' | 'blocked';
