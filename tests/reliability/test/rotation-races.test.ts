import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { dbValue, type StoreKind } from './support/descriptors.js';
import { type Scenario, type ScenarioValues, startScenario } from './support/harness.js';

/**
 * Rotation races: while 1,000 callers read `db` (an object secret whose every field carries its
 * version marker) and `token`, the store gets new versions and the client refreshes, again and
 * again. No caller may see `undefined`, fields of two versions in one object, or a version older
 * than one it already saw.
 */
const CALLERS = 1_000;
const ROTATIONS = 12;

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

const revOf = (n: number): string => `r${String(n).padStart(3, '0')}`;
const tokenOf = (n: number): string => `rotation-token-${revOf(n)}-0123456789`;

/** The version number of a `db` value, after checking that every field agrees on it. */
function dbRevision(value: ScenarioValues['db'] | undefined): number {
  if (value === undefined) throw new Error('caller saw undefined');
  const rev = value.rev;
  const fromUrl = /rev=(r\d+)$/.exec(value.url)?.[1];
  const fromPassword = /-(r\d+)-/.exec(value.password)?.[1];
  if (fromUrl !== rev || fromPassword !== rev)
    throw new Error(`half-rotated object: ${rev}/${fromUrl}/${fromPassword}`);
  return Number(rev.slice(1));
}

function tokenRevision(value: string | undefined): number {
  if (value === undefined) throw new Error('caller saw undefined');
  const match = /-r(\d+)-/.exec(value);
  if (!match?.[1]) throw new Error('token without a version marker');
  return Number(match[1]);
}

describe('rotation races', () => {
  it('the checker itself catches a half-rotated object and a missing marker', () => {
    const mixed = { ...dbValue(revOf(2)), password: dbValue(revOf(1)).password };
    expect(() => dbRevision(mixed)).toThrow(/half-rotated/);
    expect(() => dbRevision(undefined)).toThrow(/undefined/);
    expect(() => tokenRevision('no-marker')).toThrow(/marker/);
    expect(dbRevision(dbValue(revOf(7)))).toBe(7);
  });

  it.each(['aws', 'vault'] as const satisfies readonly StoreKind[])(
    '%s: 1,000 concurrent readers across repeated rotations never see undefined, a mix or a regression',
    async (store) => {
      const s = await startScenario(store);
      scenario = s;
      s.seed('db', dbValue(revOf(0)));
      s.seed('token', tokenOf(0));
      await s.clock.until(s.client.preload());

      let rotating = true;
      const violations: string[] = [];
      let reads = 0;
      const caller = async (id: number): Promise<void> => {
        let lastDb = 0;
        let lastToken = 0;
        while (rotating) {
          try {
            // Alternate the async and the sync paths; both must hold the same guarantees.
            const db = id % 2 === 0 ? await s.client.get('db') : s.client.secret('db').current();
            const token = await s.client.get('token');
            const dbRev = dbRevision(db);
            const tokenRev = tokenRevision(token);
            if (dbRev < lastDb || tokenRev < lastToken) violations.push(`caller ${id} went back in time`);
            lastDb = dbRev;
            lastToken = tokenRev;
            reads++;
          } catch (error) {
            violations.push(`caller ${id}: ${(error as Error).message}`);
          }
          await yieldToLoop();
        }
      };
      const callers = Array.from({ length: CALLERS }, (_, i) => caller(i));

      for (let n = 1; n <= ROTATIONS; n++) {
        s.seed('db', dbValue(revOf(n)));
        s.seed('token', tokenOf(n));
        // Several refreshes at once: single flight must hand every caller the same new object,
        // from one read of each secret.
        const readsBefore = s.secretReads();
        const refreshed = await Promise.all([
          s.client.secret('db').refresh(),
          s.client.secret('db').refresh(),
          s.client.secret('token').refresh(),
        ]);
        expect(s.secretReads() - readsBefore).toBe(2);
        expect(refreshed[0]).toBe(refreshed[1]);
        expect(dbRevision(refreshed[0])).toBe(n);
        await yieldToLoop();
      }
      rotating = false;
      await Promise.all(callers);

      expect(violations).toEqual([]);
      expect(reads).toBeGreaterThanOrEqual(CALLERS * ROTATIONS);
      expect(dbRevision(await s.client.get('db'))).toBe(ROTATIONS);
      const versions = await s.client.secret('db').versions();
      expect(dbRevision(versions.current.value)).toBe(ROTATIONS);
      expect(versions.previous && dbRevision(versions.previous.value)).toBe(ROTATIONS - 1);
    },
  );
});
