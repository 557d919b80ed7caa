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
