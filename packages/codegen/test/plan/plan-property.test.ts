import type { Catalog } from '@locksmith/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AccessPlan, planChanges } from '../../src/plan/index.js';
import { artifactMatrix, grantEntry } from './artifact-matrix.js';
import { load } from './catalogs.js';
import { applyEdits, catalogDoc, edit } from './random-catalogs.js';

/** Every AWS name and Vault KV path either catalog places anywhere: what the matrices ask about. */
function candidates(...catalogs: Catalog[]) {
  const aws = new Set<string>();
  const vault = new Set<string>();
  for (const catalog of catalogs) {
    for (const secret of catalog.secrets) {
      for (const p of secret.placements) {
        if (p.provider === 'aws') aws.add(p.path);
        else vault.add(`${p.mount}/data/${p.path}`);
      }
    }
  }
  return { aws: [...aws].sort(), vault: [...vault].sort() };
}

/** The base matrix with the plan's access changes applied: drop what each change had, add what it gets. */
function applyPlan(matrix: ReadonlySet<string>, plan: AccessPlan): Set<string> {
  const out = new Set(matrix);
  for (const env of plan.environments) {
    for (const change of env.access) {
      for (const grant of change.before) {
        const entry = grantEntry(env.name, change.principal, grant);
        expect(out.has(entry), `the plan removes ${entry}, which the base artifacts do not grant`).toBe(true);
        out.delete(entry);
      }
      for (const grant of change.after) {
        const entry = grantEntry(env.name, change.principal, grant);
        expect(out.has(entry), `the plan adds ${entry}, which the base artifacts already grant`).toBe(false);
        out.add(entry);
      }
    }
  }
  return out;
}

describe('locksmith plan agrees with the generated artifacts', () => {
  it('applying the plan to the base access matrix gives the head access matrix (IAM simulated, Vault and RBAC read from the files)', async () => {
    let changed = 0;
    let clusterStores = 0;
    let directReaders = 0;
    await fc.assert(
      fc.asyncProperty(catalogDoc, fc.array(edit, { minLength: 0, maxLength: 4 }), async (baseDoc, edits) => {
        const base = load(baseDoc);
        const head = load(applyEdits(baseDoc, edits));
        const asked = candidates(base, head);
        const before = await artifactMatrix(base, asked);
        const after = await artifactMatrix(head, asked);
        const plan = planChanges(base, head, { baseSource: 'base', headSource: 'head', maxReaders: 5 });
        expect([...applyPlan(before, plan)].sort()).toEqual([...after].sort());
        const differs = before.size !== after.size || [...before].some((e) => !after.has(e));
        expect(plan.accessChanged).toBe(differs);
        if (differs) changed++;
        // #13's layouts must be exercised too: ClusterSecretStores bound to one service, and
        // services that read their store directly (IAM or Vault grants, no Kubernetes one).
        const entries = [...before, ...after];
        const clustered = [base, head].some(
          (c) =>
            c.kubernetes.stores.aws.kind === 'ClusterSecretStore' ||
            c.kubernetes.stores.vault.kind === 'ClusterSecretStore',
        );
        if (clustered && entries.some((e) => e.split('|')[2] === 'kubernetes')) clusterStores++;
        const direct = new Set(
          [base, head].flatMap((c) => c.services.filter((s) => !s.externalSecrets).map((s) => s.name)),
        );
        if (entries.some((e) => direct.has(e.split('|')[1]!) && e.split('|')[2] !== 'kubernetes'))
          directReaders++;
      }),
      { numRuns: 120, seed: 19 },
    );
    // The generator must exercise real changes, not only no-ops.
    expect(changed).toBeGreaterThan(30);
    expect(clusterStores).toBeGreaterThan(10);
    expect(directReaders).toBeGreaterThan(10);
  }, 180_000);
});
