import fc from 'fast-check';
import type { CatalogDoc } from './catalogs.js';

const ENVIRONMENTS = ['dev', 'staging', 'prod', 'qa'] as const;
const SERVICES = ['api', 'worker', 'billing', 'gateway'] as const;
const SECRETS = ['database', 'redis', 'signing-key', 'mail-key', 'token'] as const;
const TEMPLATES = ['{project}/{env}/{secret}', '{env}/{secret}', 'apps/{project}/{env}/{secret}'] as const;
const TEAMS = ['team-a', 'team-b'] as const;
const STORE_KINDS = ['SecretStore', 'ClusterSecretStore'] as const;

const subset = <T>(items: readonly T[]) => fc.subarray([...items]);

/** A valid catalog: random environments, services, secrets, readers, templates, overrides and auth. */
export const catalogDoc: fc.Arbitrary<CatalogDoc> = fc
  .record({
    envs: fc.subarray([...ENVIRONMENTS], { minLength: 1 }),
    sources: fc.array(fc.constantFrom('store', 'store', 'env', 'files'), { minLength: 4, maxLength: 4 }),
    awsName: fc.constantFrom(...TEMPLATES),
    vaultPath: fc.constantFrom(...TEMPLATES),
    mount: fc.constantFrom('secret', 'kv'),
    authMethod: fc.constantFrom('kubernetes', 'approle'),
    policy: fc.constantFrom('{project}-{env}-{service}', '{env}-{service}-read'),
    namespace: fc.constantFrom('{project}', '{project}-{env}', '{project}-{service}'),
    storeKinds: fc.array(fc.constantFrom(...STORE_KINDS), { minLength: 2, maxLength: 2 }),
    services: fc.subarray([...SERVICES], { minLength: 1 }),
    direct: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    accounts: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    serviceEnvs: fc.array(fc.option(subset(ENVIRONMENTS)), { minLength: 4, maxLength: 4 }),
    owners: fc.array(fc.option(fc.constantFrom(...TEAMS)), { minLength: 9, maxLength: 9 }),
    secrets: fc.subarray([...SECRETS]),
    providers: fc.array(fc.constantFrom('aws', 'vault'), { minLength: 5, maxLength: 5 }),
    readers: fc.array(subset(SERVICES), { minLength: 5, maxLength: 5 }),
    secretEnvs: fc.array(fc.option(subset(ENVIRONMENTS)), { minLength: 5, maxLength: 5 }),
    overrides: fc.array(
      fc.option(
        fc.record({
          env: fc.constantFrom(...ENVIRONMENTS),
          provider: fc.option(fc.constantFrom('aws', 'vault')),
          path: fc.boolean(),
        }),
      ),
      { minLength: 5, maxLength: 5 },
    ),
  })
  .map((r) => {
    const doc: CatalogDoc = {
      version: 1,
      project: 'shop',
      environments: r.envs.map((name, i) =>
        r.sources[i] === 'store' ? name : { name, source: r.sources[i]! },
      ),
      providers: {
        aws: { region: 'us-east-1', accountId: '123456789012', name: r.awsName },
        vault: { mount: r.mount, path: r.vaultPath, auth: { method: r.authMethod, policy: r.policy } },
      },
      kubernetes: {
        namespace: r.namespace,
        stores: { aws: { kind: r.storeKinds[0]! }, vault: { kind: r.storeKinds[1]! } },
      },
      services: {},
      secrets: {},
    };
    r.services.forEach((name, i) => {
      const envs = r.serviceEnvs[i];
      doc.services[name] = {
        ...(envs ? { environments: envs } : {}),
        ...(r.owners[i] ? { owner: r.owners[i] } : {}),
        // Some services read their store directly (no ESO store, RBAC or ExternalSecret), some
        // run under a ServiceAccount of another name.
        ...(r.direct[i] ? { externalSecrets: false } : {}),
        ...(r.accounts[i] ? { serviceAccount: `${name}-sa` } : {}),
      };
    });
    r.secrets.forEach((name, i) => {
      const override = r.overrides[i];
      const envs = r.secretEnvs[i];
      doc.secrets[name] = {
        provider: r.providers[i]!,
        schema: { type: 'string', minLength: 8 },
        readers: r.readers[i]!,
        ...(envs ? { environments: envs } : {}),
        ...(r.owners[4 + i] ? { owner: r.owners[4 + i] } : {}),
        ...(override
          ? {
              overrides: {
                [override.env]: {
                  ...(override.provider ? { provider: override.provider } : {}),
                  ...(override.path ? { path: 'custom/{env}/{secret}' } : {}),
                },
              },
            }
          : {}),
      };
    });
    return sanitise(doc);
  });

/** One edit a pull request might make. */
export type Edit =
  | { kind: 'toggle-reader'; secret: number; service: number }
  | { kind: 'flip-provider'; secret: number }
  | { kind: 'override-path'; secret: number; env: number }
  | { kind: 'template'; provider: 'aws' | 'vault'; template: number }
  | { kind: 'add-environment'; production: boolean }
  | { kind: 'remove-environment'; env: number }
  | { kind: 'rename-service'; service: number }
  | { kind: 'namespace'; template: number }
  | { kind: 'vault-auth' }
  | { kind: 'owner'; secret: number; team: number }
  | { kind: 'store-kind'; provider: 'aws' | 'vault' }
  | { kind: 'external-secrets'; service: number }
  | { kind: 'service-account'; service: number }
  | { kind: 'add-secret'; provider: 'aws' | 'vault'; service: number };

const index = fc.nat({ max: 9 });
export const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('toggle-reader' as const), secret: index, service: index }),
  fc.record({ kind: fc.constant('flip-provider' as const), secret: index }),
  fc.record({ kind: fc.constant('override-path' as const), secret: index, env: index }),
  fc.record({
    kind: fc.constant('template' as const),
    provider: fc.constantFrom('aws' as const, 'vault' as const),
    template: index,
  }),
  fc.record({ kind: fc.constant('add-environment' as const), production: fc.boolean() }),
  fc.record({ kind: fc.constant('remove-environment' as const), env: index }),
  fc.record({ kind: fc.constant('rename-service' as const), service: index }),
  fc.record({ kind: fc.constant('namespace' as const), template: index }),
  fc.record({ kind: fc.constant('vault-auth' as const) }),
  fc.record({ kind: fc.constant('owner' as const), secret: index, team: index }),
  fc.record({
    kind: fc.constant('store-kind' as const),
    provider: fc.constantFrom('aws' as const, 'vault' as const),
  }),
  fc.record({ kind: fc.constant('external-secrets' as const), service: index }),
  fc.record({ kind: fc.constant('service-account' as const), service: index }),
  fc.record({
    kind: fc.constant('add-secret' as const),
    provider: fc.constantFrom('aws' as const, 'vault' as const),
    service: index,
  }),
);

/** The base with the edits applied, still a valid catalog. */
export function applyEdits(base: CatalogDoc, edits: readonly Edit[]): CatalogDoc {
  const doc = structuredClone(base);
  const pick = <T>(items: readonly T[], i: number): T | undefined => items[i % Math.max(items.length, 1)];
  const envNames = () => doc.environments.map((e) => (typeof e === 'string' ? e : e.name));
  for (const e of edits) {
    const secret = pick(Object.keys(doc.secrets), 'secret' in e ? e.secret : 0);
    const entry = secret ? doc.secrets[secret] : undefined;
    switch (e.kind) {
      case 'toggle-reader': {
        const service = pick(Object.keys(doc.services), e.service);
        if (!entry || !service) break;
        entry.readers = entry.readers.includes(service)
          ? entry.readers.filter((r) => r !== service)
          : [...entry.readers, service];
        break;
      }
      case 'flip-provider':
        if (entry) entry.provider = entry.provider === 'aws' ? 'vault' : 'aws';
        break;
      case 'override-path': {
        const env = pick(envNames(), e.env);
        if (entry && env) entry.overrides = { [env]: { path: 'moved/{env}/{secret}' } };
        break;
      }
      case 'template':
        (doc.providers[e.provider] as Record<string, unknown>)[e.provider === 'aws' ? 'name' : 'path'] = pick(
          TEMPLATES,
          e.template,
        );
        break;
      case 'add-environment':
        if (!envNames().includes('eu')) doc.environments.push({ name: 'eu', production: e.production });
        break;
      case 'remove-environment':
        if (doc.environments.length > 1) doc.environments.splice(e.env % doc.environments.length, 1);
        break;
      case 'rename-service': {
        const old = pick(Object.keys(doc.services), e.service);
        if (!old || doc.services[`${old}-v2`]) break;
        doc.services[`${old}-v2`] = doc.services[old]!;
        delete doc.services[old];
        for (const s of Object.values(doc.secrets))
          s.readers = s.readers.map((r) => (r === old ? `${old}-v2` : r));
        break;
      }
      case 'namespace':
        doc.kubernetes = {
          ...doc.kubernetes,
          namespace: pick(['{project}', '{project}-{env}', 'apps-{env}', '{service}-{env}'], e.template),
        };
        break;
      case 'store-kind': {
        const stores = (doc.kubernetes?.stores ?? {}) as Record<string, { kind?: string }>;
        const kind = stores[e.provider]?.kind === 'ClusterSecretStore' ? 'SecretStore' : 'ClusterSecretStore';
        doc.kubernetes = { ...doc.kubernetes, stores: { ...stores, [e.provider]: { kind } } };
        break;
      }
      case 'external-secrets': {
        const service = pick(Object.keys(doc.services), e.service);
        if (!service) break;
        const entry = doc.services[service]!;
        if (entry.externalSecrets === false) delete entry.externalSecrets;
        else entry.externalSecrets = false;
        break;
      }
      case 'service-account': {
        const service = pick(Object.keys(doc.services), e.service);
        if (!service) break;
        const entry = doc.services[service]!;
        if (entry.serviceAccount === undefined) entry.serviceAccount = `${service}-runner`;
        else delete entry.serviceAccount;
        break;
      }
      case 'vault-auth': {
        const auth = (doc.providers.vault as { auth: { method: string } }).auth;
        auth.method = auth.method === 'kubernetes' ? 'approle' : 'kubernetes';
        break;
      }
      case 'owner':
        if (entry) entry.owner = pick(TEAMS, e.team)!;
        break;
      case 'add-secret': {
        const service = pick(Object.keys(doc.services), e.service);
        if (!doc.secrets['added-key'] && service) {
          doc.secrets['added-key'] = {
            provider: e.provider,
            schema: { type: 'string' },
            readers: [service],
          };
        }
        break;
      }
    }
  }
  return sanitise(doc);
}

/** Drops references to environments and services that no longer exist, and options the catalog's rules would refuse. */
function sanitise(doc: CatalogDoc): CatalogDoc {
  const envs = new Set(doc.environments.map((e) => (typeof e === 'string' ? e : e.name)));
  const services = new Set(Object.keys(doc.services));
  const keepEnvs = (entry: Record<string, unknown>) => {
    if (!Array.isArray(entry.environments)) return;
    const kept = (entry.environments as string[]).filter((e) => envs.has(e));
    if (kept.length > 0) entry.environments = kept;
    else delete entry.environments;
  };
  for (const service of Object.values(doc.services)) keepEnvs(service);
  // Mounted files come from the Secrets ESO writes: a service in a `files` environment keeps ESO.
  const fileEnvs = doc.environments.flatMap((e) =>
    typeof e !== 'string' && e.source === 'files' ? [e.name] : [],
  );
  for (const service of Object.values(doc.services)) {
    const runsIn = (service.environments as string[] | undefined) ?? [...envs];
    if (service.externalSecrets === false && runsIn.some((e) => fileEnvs.includes(e)))
      delete service.externalSecrets;
  }
  for (const secret of Object.values(doc.secrets)) {
    keepEnvs(secret);
    secret.readers = secret.readers.filter((r) => services.has(r));
    const overrides = secret.overrides as Record<string, Record<string, unknown>> | undefined;
    if (overrides) {
      for (const key of Object.keys(overrides))
        if (!envs.has(key) || Object.keys(overrides[key]!).length === 0) delete overrides[key];
      if (Object.keys(overrides).length === 0) delete secret.overrides;
    }
  }
  return doc;
}
