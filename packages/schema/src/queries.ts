import { fillTemplate } from './descriptor.js';
import type { Catalog, Environment, Placement, ProviderName, Secret, Service } from './model.js';

/**
 * Questions every reader of the normalised catalog asks (the generator's emitters and the
 * operations commands alike): which secrets live in an environment, which a service reads there,
 * which services run there. They live beside the model so no two packages answer them differently.
 */

/** A placement together with the secret it belongs to. */
export interface PlacedSecret {
  readonly secret: Secret;
  readonly placement: Placement;
}

/** Code-unit comparison: unlike `localeCompare`, identical on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Environments that get infrastructure (Kubernetes, IAM, Vault, Terraform). An environment whose
 * runtime source is `env` reads a local `.env` file and needs no cloud resources.
 */
export function deployedEnvironments(catalog: Catalog): readonly Environment[] {
  return catalog.environments.filter((env) => env.source !== 'env');
}

/** Per catalog (immutable), the placements of each environment sorted by secret name, built once. */
const placementIndex = new WeakMap<Catalog, Map<string, readonly PlacedSecret[]>>();

function placementsByEnvironment(catalog: Catalog): Map<string, readonly PlacedSecret[]> {
  let index = placementIndex.get(catalog);
  if (!index) {
    const built = new Map<string, PlacedSecret[]>();
    for (const secret of sortedSecrets(catalog)) {
      for (const placement of secret.placements) {
        const list = built.get(placement.environment) ?? [];
        list.push({ secret, placement });
        built.set(placement.environment, list);
      }
    }
    index = built;
    placementIndex.set(catalog, index);
  }
  return index;
}

/** Every secret placed in `environment`, optionally only those held by `provider`, sorted by secret name. */
export function placementsIn(catalog: Catalog, environment: string, provider?: ProviderName): PlacedSecret[] {
  const placed = placementsByEnvironment(catalog).get(environment) ?? [];
  return placed.filter((p) => provider === undefined || p.placement.provider === provider);
}

/** Per catalog, the placements each service reads in each environment (environment → service → placements), built once. */
const readsIndex = new WeakMap<Catalog, Map<string, Map<string, PlacedSecret[]>>>();

function readsByService(catalog: Catalog): Map<string, Map<string, PlacedSecret[]>> {
  let index = readsIndex.get(catalog);
  if (!index) {
    index = new Map();
    for (const [environment, placed] of placementsByEnvironment(catalog)) {
      const byService = new Map<string, PlacedSecret[]>();
      index.set(environment, byService);
      for (const p of placed) {
        for (const reader of p.placement.readers) {
          const list = byService.get(reader);
          if (list) list.push(p);
          else byService.set(reader, [p]);
        }
      }
    }
    readsIndex.set(catalog, index);
  }
  return index;
}

/**
 * The placements in `environment` that `service` reads there, sorted by secret name. Answered from
 * an index built once per catalog: emitters ask it for every service in every environment, and a
 * scan of every placement each time made large catalogs quadratic.
 */
export function readsIn(
  catalog: Catalog,
  service: Service,
  environment: string,
  provider?: ProviderName,
): PlacedSecret[] {
  const placed = readsByService(catalog).get(environment)?.get(service.name) ?? [];
  return placed.filter((p) => provider === undefined || p.placement.provider === provider);
}

/** Services that run in `environment`, sorted by name. */
export function servicesIn(catalog: Catalog, environment: string): Service[] {
  return sortedServices(catalog).filter((s) => s.environments.includes(environment));
}

/** Services sorted by name (the loader sorts them too; sorting again keeps callers order-proof). */
export function sortedServices(catalog: Catalog): Service[] {
  return [...catalog.services].sort((a, b) => compareStrings(a.name, b.name));
}

/** Per catalog, its secrets sorted by name, sorted once. */
const sortedIndex = new WeakMap<Catalog, readonly Secret[]>();

/** Secrets sorted by name (a fresh array; the sort itself happens once per catalog). */
export function sortedSecrets(catalog: Catalog): Secret[] {
  let sorted = sortedIndex.get(catalog);
  if (!sorted) {
    sorted = [...catalog.secrets].sort((a, b) => compareStrings(a.name, b.name));
    sortedIndex.set(catalog, sorted);
  }
  return [...sorted];
}

/** The secrets a service reads in any environment, sorted by name. */
export function secretsReadBy(catalog: Catalog, service: Service): Secret[] {
  const reads = new Set(service.reads);
  return sortedSecrets(catalog).filter((s) => reads.has(s.name));
}

/** The Kubernetes namespace a service runs in, in an environment. */
export function namespaceFor(catalog: Catalog, environment: string, service: string): string {
  return fillTemplate(catalog.kubernetes.namespaceTemplate, templateValues(catalog, environment, service));
}

/** The name of the ESO store a service reads `provider` through, in an environment. */
export function storeNameFor(
  catalog: Catalog,
  provider: ProviderName,
  environment: string,
  service: string,
): string {
  return fillTemplate(
    catalog.kubernetes.stores[provider].nameTemplate,
    templateValues(catalog, environment, service),
  );
}

/** The IRSA role ARN of a service in an environment. */
export function roleArnFor(catalog: Catalog, environment: string, service: string): string {
  return fillTemplate(catalog.kubernetes.iamRoleArnTemplate, templateValues(catalog, environment, service));
}

/** The Vault role and policy names of a service in an environment; `undefined` without a Vault provider. */
export function vaultNamesFor(
  catalog: Catalog,
  environment: string,
  service: string,
): { readonly role: string; readonly policy: string } | undefined {
  const vault = catalog.providers.vault;
  if (!vault) return undefined;
  const values = templateValues(catalog, environment, service);
  return {
    role: fillTemplate(vault.auth.roleTemplate, values),
    policy: fillTemplate(vault.auth.policyTemplate, values),
  };
}

/**
 * The KV v2 paths a Vault policy must grant `read` on for one placed secret, and nothing more:
 * `<mount>/data/<path>` for the value, and `<mount>/metadata/<path>` only under dual-key rotation,
 * where a runtime looks up the previous version. Codegen writes its policies from this, and the
 * testkit seeds its fake Vault from it, so the fake refuses exactly what a generated policy refuses.
 */
export function vaultReadPaths({ secret, placement }: PlacedSecret): string[] {
  const mount = placement.mount ?? 'secret';
  const paths = [`${mount}/data/${placement.path}`];
  if (secret.rotation.strategy === 'dual-key') paths.push(`${mount}/metadata/${placement.path}`);
  return paths;
}

/** The providers a service reads in an environment, in a fixed order. */
export function providersReadIn(catalog: Catalog, service: Service, environment: string): ProviderName[] {
  const used = new Set(readsIn(catalog, service, environment).map((p) => p.placement.provider));
  return (['aws', 'vault'] as const).filter((p) => used.has(p));
}

/**
 * Values every name template may use for one (environment, service) pair. The catalog's rules
 * check the names rendered from exactly these values, so what they accept is what gets written.
 */
export function templateValues(
  catalog: Catalog,
  environment: string,
  service: string,
): Readonly<Record<string, string>> {
  return {
    project: catalog.project,
    env: environment,
    service,
    partition: catalog.providers.aws?.partition ?? 'aws',
    accountId: catalog.providers.aws?.accountId ?? '',
  };
}
