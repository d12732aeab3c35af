import { afterEach, describe, expect, it } from 'vitest';
import { conversationStore } from '../../db/conversation-store.js';
import { openNodeDatabase, type NodeDatabase } from '../../db/node.js';

describe('the conversation store', () => {
  let database: NodeDatabase;
  afterEach(() => database.close());

  it('writes a state that changed, skips one that did not, and still refreshes its age once an hour', async () => {
    database = openNodeDatabase(':memory:');
    let now = 1_000_000;
    const store = conversationStore<{ step: number }>(database, () => now);
    const row = () =>
      database.sqlite.prepare('SELECT value, updated_at AS at FROM conversation_state WHERE key = ?').get('42') as { value: string; at: number };
    const changes = () => (database.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

    await store.write('42', { step: 1 });
    expect(row()).toEqual({ value: '{"step":1}', at: 1_000_000 });

    const before = changes();
    now += 60_000;
    await store.write('42', { step: 1 });
    expect(changes()).toBe(before);
    expect(row().at).toBe(1_000_000);

    now += 3_600_000;
    await store.write('42', { step: 1 });
    expect(row().at).toBe(now);

    now += 1_000;
    await store.write('42', { step: 2 });
    expect(row()).toEqual({ value: '{"step":2}', at: now });
    expect(await store.read('42')).toEqual({ step: 2 });
    await store.delete('42');
    expect(await store.read('42')).toBeUndefined();
  });
});
