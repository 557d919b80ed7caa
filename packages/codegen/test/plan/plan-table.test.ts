import { describe, expect, it } from 'vitest';
import { isBroad, riskFlags } from '../../src/plan/flags.js';
import { accessMatrix, planChanges } from '../../src/plan/index.js';
import { type CatalogDoc, load, planLines, smallCatalog } from './catalogs.js';

const OPTIONS = { baseSource: 'base', headSource: 'head', maxReaders: 5 };

interface Case {
  readonly name: string;
  readonly edit: (doc: CatalogDoc) => void;
  readonly accessChanged: boolean;
  readonly expected: readonly string[];
}

/**
 * Each edit of the small catalog and the exact plan it gives. In the small catalog dev reads .env
 * (no store access there) and prod is production. Every grant is a service's: each service's ESO
 * store authenticates as the service, so no operator identity reads on its behalf.
 */
const CASES: readonly Case[] = [
  {
    name: 'add a reader',
    edit: (doc) => {
      doc.secrets.database!.readers.push('api');
    },
    accessChanged: true,
    expected: [
      'staging gain api database iam,kubernetes',
      'prod gain api database iam,kubernetes',
      'staging flag cross-team api database',
      'prod flag new-production-reader api database',
      'prod flag cross-team api database',
    ],
  },
  {
    name: 'remove a reader',
    edit: (doc) => {
      doc.secrets['signing-key']!.readers = [];
    },
    accessChanged: true,
    expected: ['staging loss api signing-key vault,kubernetes', 'prod loss api signing-key vault,kubernetes'],
  },
  {
    name: 'move a secret to the other provider',
    edit: (doc) => {
      doc.secrets.database!.provider = 'vault';
    },
    accessChanged: true,
    expected: [
      'staging switch worker database iam -> vault',
      'staging moved database aws:shop/staging/database -> vault:secret/shop/staging/database',
      'prod switch worker database iam -> vault',
      'prod moved database aws:shop/prod/database -> vault:secret/shop/prod/database',
      'prod flag production-placement - database',
      'catalog database provider aws -> vault',
    ],
  },
  {
    name: 'change a path template',
    edit: (doc) => {
      (doc.providers.aws as Record<string, unknown>).name = 'apps/{project}/{env}/{secret}';
    },
    accessChanged: true,
    expected: [
      'staging switch worker database iam -> iam',
      'staging moved database aws:shop/staging/database -> aws:apps/shop/staging/database',
      'prod switch worker database iam -> iam',
      'prod moved database aws:shop/prod/database -> aws:apps/shop/prod/database',
      'prod flag production-placement - database',
    ],
  },
  {
    name: 'add an environment',
    edit: (doc) => {
      doc.environments.push({ name: 'eu-prod', production: true });
    },
    accessChanged: true,
    expected: [
      'eu-prod environment added',
      'eu-prod gain api signing-key vault,kubernetes',
      'eu-prod gain worker database iam,kubernetes',
      'eu-prod added database - -> aws:shop/eu-prod/database',
      'eu-prod added signing-key - -> vault:secret/shop/eu-prod/signing-key',
      'eu-prod flag new-production-reader api signing-key',
      'eu-prod flag new-production-reader worker database',
      'eu-prod flag production-placement - database',
      'eu-prod flag production-placement - signing-key',
    ],
  },
  {
    name: 'rename a service',
    edit: (doc) => {
      doc.services.jobs = doc.services.worker!;
      delete doc.services.worker;
      doc.secrets.database!.readers = ['jobs'];
    },
    accessChanged: true,
    expected: [
      'staging gain jobs database iam,kubernetes',
      'staging loss worker database iam,kubernetes',
      'prod gain jobs database iam,kubernetes',
      'prod loss worker database iam,kubernetes',
      'prod flag new-production-reader jobs database',
      'catalog service added jobs',
      'catalog service removed worker',
      'catalog service renamed worker -> jobs',
    ],
  },
  {
    name: 'a service reads its store directly: its ExternalSecret, store and RBAC go, its IAM grant stays',
    edit: (doc) => {
      doc.services.worker!.externalSecrets = false;
    },
    accessChanged: true,
    expected: ['staging switch worker database kubernetes -> ', 'prod switch worker database kubernetes -> '],
  },
  {
    name: 'a service runs as another ServiceAccount: its store and RBAC bind the new one',
    edit: (doc) => {
      doc.services.api!.serviceAccount = 'api-runner';
    },
    accessChanged: true,
    expected: [
      'staging switch api signing-key vault,kubernetes -> vault,kubernetes',
      'prod switch api signing-key vault,kubernetes -> vault,kubernetes',
    ],
  },
  {
    name: 'stores become ClusterSecretStores (still one per service, as the service): no access change',
    edit: (doc) => {
      doc.kubernetes = {
        stores: { aws: { kind: 'ClusterSecretStore' }, vault: { kind: 'ClusterSecretStore' } },
      };
    },
    accessChanged: false,
    expected: [],
  },
  {
    name: 'change rotation only: no access change',
    edit: (doc) => {
      doc.secrets.database!.rotation = { strategy: 'manual', every: '30d' };
    },
    accessChanged: false,
    expected: ['catalog database rotation.every 90d -> 30d'],
  },
  {
    name: 'add a reader in an environment that reads .env: nothing is granted',
    edit: (doc) => {
      doc.services.tool = { environments: ['dev'] };
      doc.secrets.database!.readers.push('tool');
    },
    accessChanged: false,
    expected: ['catalog service added tool'],
  },
];

describe('locksmith plan: each catalog edit gives exactly its plan', () => {
  it.each(CASES)('$name', ({ edit, accessChanged, expected }) => {
    const baseDoc = smallCatalog();
    const headDoc = smallCatalog();
    edit(headDoc);
    const plan = planChanges(load(baseDoc), load(headDoc), OPTIONS);
    expect(planLines(plan)).toEqual(expected);
    expect(plan.accessChanged).toBe(accessChanged);
  });

  it('an unchanged catalog plans nothing, whatever its formatting', () => {
    const base = load(smallCatalog());
    const reordered = smallCatalog();
    reordered.secrets = Object.fromEntries(Object.entries(reordered.secrets).reverse());
    const plan = planChanges(base, load(reordered, 'other.yaml'), OPTIONS);
    expect(planLines(plan)).toEqual([]);
    expect(plan.accessChanged).toBe(false);
    expect(plan.environments.map((e) => e.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });

  it('a new catalog (no base) gains everything', () => {
    const plan = planChanges(undefined, load(smallCatalog()), OPTIONS);
    expect(plan.base.hash).toBeNull();
    // Two deployed environments × (worker on database, api on signing-key).
    expect(plan.summary.gained).toBe(4);
    expect(plan.environments.map((e) => e.status)).toEqual(['added', 'added', 'added']);
  });

  it('flags a secret whose readers grow past the threshold, not one that was already past it and shrinks', () => {
    const grow = smallCatalog();
    grow.services.a = {};
    grow.services.b = {};
    grow.secrets.database!.readers.push('api', 'a', 'b');
    const plan = planChanges(load(smallCatalog()), load(grow), { ...OPTIONS, maxReaders: 3 });
    expect(
      plan.flags.filter((f) => f.kind === 'readers-threshold').map((f) => `${f.environment} ${f.secret}`),
    ).toEqual(['staging database', 'prod database']);
    const shrink = planChanges(load(grow), load(smallCatalog()), { ...OPTIONS, maxReaders: 3 });
    expect(shrink.flags.filter((f) => f.kind === 'readers-threshold')).toEqual([]);
  });

  it('flags a wildcard grant the change introduces, and only then', () => {
    // The loader refuses wildcards in store paths; the flag guards the grants themselves, so it is
    // checked on grants directly.
    const exact = accessMatrix(load(smallCatalog())).filter((g) => g.environment === 'prod');
    const wildcard = exact.map((g) =>
      g.channel === 'iam' ? { ...g, resource: g.resource.replace('database-??????', '*') } : g,
    );
    const input = {
      environment: 'prod',
      production: true,
      access: [],
      placements: [],
      head: load(smallCatalog()),
      maxReaders: 5,
    };
    const flagged = (baseGrants: typeof exact, headGrants: typeof exact) =>
      riskFlags({ ...input, baseGrants, headGrants }).map((f) => `${f.kind} ${f.principal} ${f.secret}`);
    expect(flagged(exact, wildcard)).toEqual(['broad-grant worker database']);
    expect(flagged(wildcard, wildcard)).toEqual([]);
    expect(flagged(exact, exact)).toEqual([]);
  });

  it('names the service’s own store, and the ServiceAccount it reads as, in the Kubernetes grant', () => {
    const grants = accessMatrix(load(smallCatalog())).filter((g) => g.environment === 'prod');
    expect(grants.map((g) => `${g.principal} ${g.channel} ${g.holder} ${g.via}`)).toEqual([
      'api vault shop-prod-api Vault policy shop-prod-api through Kubernetes-auth role shop-prod-api (bound to ServiceAccount shop/api)',
      'api kubernetes shop/api ExternalSecret api-signing-key through SecretStore api-vault-prod (as ServiceAccount api), Role api-secrets-reader bound to ServiceAccount api',
      'worker iam arn:aws:iam::123456789012:role/shop-prod-worker IAM policy shop-prod-worker-secrets of role arn:aws:iam::123456789012:role/shop-prod-worker (assumed by ServiceAccount shop/worker)',
      'worker kubernetes shop/worker ExternalSecret worker-database through SecretStore worker-aws-prod (as ServiceAccount worker), Role worker-secrets-reader bound to ServiceAccount worker',
    ]);
  });

  // A service that reads its store directly has no Kubernetes grant to show a new ServiceAccount:
  // the change is in who may assume its IAM role or log in with its Vault role.
  it('a service that reads its store directly and runs as another ServiceAccount switches its IAM and Vault grants', () => {
    const base = smallCatalog();
    base.services.api!.externalSecrets = false;
    base.services.worker!.externalSecrets = false;
    const head = structuredClone(base);
    head.services.api!.serviceAccount = 'api-runner';
    head.services.worker!.serviceAccount = 'worker-runner';
    const plan = planChanges(load(base), load(head), OPTIONS);
    expect(plan.accessChanged).toBe(true);
    expect(planLines(plan)).toEqual([
      'staging switch api signing-key vault -> vault',
      'staging switch worker database iam -> iam',
      'prod switch api signing-key vault -> vault',
      'prod switch worker database iam -> iam',
    ]);
    const prod = plan.environments.find((e) => e.name === 'prod')!;
    expect(prod.access.map((a) => `${a.before[0]!.identity} -> ${a.after[0]!.identity}`)).toEqual([
      'shop/api -> shop/api-runner',
      'shop/worker -> shop/worker-runner',
    ]);
  });

  it('a Vault reader that logs in by AppRole has no ServiceAccount on its grant, so renaming one changes no access', () => {
    const base = smallCatalog();
    base.providers.vault = { mount: 'secret', auth: { method: 'approle' } };
    base.services.api!.externalSecrets = false;
    const head = structuredClone(base);
    head.services.api!.serviceAccount = 'api-runner';
    const plan = planChanges(load(base), load(head), OPTIONS);
    expect(planLines(plan)).toEqual([]);
    expect(accessMatrix(load(head)).find((g) => g.channel === 'vault')?.identity).toBeNull();
  });

  it('reads only the six characters AWS appends as an exact IAM resource', () => {
    const grant = accessMatrix(load(smallCatalog())).find((g) => g.channel === 'iam')!;
    expect(grant.resource).toMatch(/:secret:shop\/staging\/database-\?{6}$/);
    expect(isBroad(grant)).toBe(false);
    expect(isBroad({ ...grant, resource: grant.resource.replace('database', 'data*') })).toBe(true);
    expect(isBroad({ ...grant, resource: grant.resource.replace('-??????', '-?????') })).toBe(true);
    expect(isBroad({ ...grant, channel: 'vault', resource: 'secret/data/shop/+/database' })).toBe(true);
    expect(isBroad({ ...grant, channel: 'vault', resource: 'secret/data/shop/prod/database' })).toBe(false);
  });

  it('says what a move needs besides merging', () => {
    const moved = smallCatalog();
    moved.secrets.database!.provider = 'vault';
    const plan = planChanges(load(smallCatalog()), load(moved), OPTIONS);
    const note = plan.environments.find((e) => e.name === 'prod')!.placements[0]!.note;
    expect(note).toBe(
      'A move is a copy plus a reader switch: copy the value from aws:shop/prod/database to ' +
        'vault:secret/shop/prod/database (locksmith copy --from aws --to vault --env prod) before the new ' +
        'policies apply, then worker switch to reading vault:secret/shop/prod/database; delete ' +
        'aws:shop/prod/database once nothing reads it.',
    );
  });
});
