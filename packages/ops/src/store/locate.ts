import { type Catalog, fillTemplate, type ProviderName, type Secret } from '@locksmith/schema';
import type { StoreLocation } from './types.js';

/**
 * Where `secret` lives in `provider` for `environment`: its placement when the catalog puts it
 * there, otherwise where the provider's name template would put it (the target of a copy).
 * Undefined when the catalog configures no such provider.
 */
export function locationIn(
  catalog: Catalog,
  provider: ProviderName,
  environment: string,
  secret: Secret,
): StoreLocation | undefined {
  const placement = secret.placements.find((p) => p.environment === environment);
  if (placement?.provider === provider) return { path: placement.path, mount: placement.mount };
  const values = { project: catalog.project, env: environment, secret: secret.name };
  if (provider === 'aws') {
    const aws = catalog.providers.aws;
    return aws ? { path: fillTemplate(aws.nameTemplate, values) } : undefined;
  }
  const vault = catalog.providers.vault;
  return vault ? { path: fillTemplate(vault.pathTemplate, values), mount: vault.mount } : undefined;
}

/**
 * A location as one string, `vault:<mount>/<path>` or `aws:<name>`: how copy prints its source and
 * target and marks a copy with its source, and how audit matches a mark to a placement.
 */
export function where(provider: ProviderName, location: StoreLocation): string {
  return provider === 'vault' ? `vault:${location.mount ?? ''}/${location.path}` : `aws:${location.path}`;
}
