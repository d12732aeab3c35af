import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../db/node.js';
import { people } from '../db/schema/index.js';
import { inArray } from 'drizzle-orm';
import { boundParameters } from './support/d1-limits.js';

describe("D1's limit of 100 bound parameters, held in every test", () => {
  it('counts placeholders outside string literals', () => {
    expect(boundParameters(`select * from "people" where "id" in (?, ?, ?) and note = '?'`)).toBe(3);
  });

  it('refuses a statement binding 101 parameters and lets one of 100 through', async () => {
    const database = openNodeDatabase(':memory:');
    const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    await expect(
      database.db
        .select()
        .from(people)
        .where(inArray(people.id, ids(100))),
    ).resolves.toEqual([]);
    await expect(async () =>
      database.db
        .select()
        .from(people)
        .where(inArray(people.id, ids(101))),
    ).rejects.toThrow(/too many SQL variables for D1: 101/);
    database.close();
  });
});
