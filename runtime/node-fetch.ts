import nodeFetch from 'node-fetch';
import { messengerAgent } from './request-writes.js';

/**
 * MAX's calls on Node go through node-fetch, which grammY already uses for Telegram: Node's own fetch (undici) would
 * be loaded for MAX alone, and cost the process about 20 MiB and a third more CPU a send (the both-channels bench,
 * 1,000 people: peak 130–138 vs 111–114 MiB, 6.6–8.2 vs 4.9–5.4 ms a send). Workers keep their platform's fetch.
 * The client reads only the status and the text of an answer, which both give alike. Its requests go through the
 * agent the scheduler follows to the wire (see request-writes.ts).
 */
export const fetchOnNode: typeof fetch = (input, init) =>
  nodeFetch(String(input), { ...(init as Parameters<typeof nodeFetch>[1]), agent: messengerAgent }) as unknown as Promise<Response>;
