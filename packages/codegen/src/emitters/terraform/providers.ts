/** The provider versions the generated resources are written for (attributes checked against their docs). */
const PROVIDERS = {
  aws: { source: 'hashicorp/aws', version: '>= 5.0' },
  vault: { source: 'hashicorp/vault', version: '>= 4.0' },
} as const;

/** `required_providers` for the providers the module uses, in a fixed order. */
export function requiredProviders(
  used: ReadonlySet<'aws' | 'vault'>,
): Record<string, { source: string; version: string }> {
  return Object.fromEntries(
    (['aws', 'vault'] as const).filter((p) => used.has(p)).map((p) => [p, PROVIDERS[p]]),
  );
}

/**
 * A Terraform resource name for one environment and one catalog name: `prod_api-v2`. Catalog names
 * are lower-case letters, digits and hyphens starting with a letter, and so are environments, so
 * the result is a valid identifier, and the underscore (which names cannot contain) keeps every
 * (environment, name) pair distinct.
 */
export function resourceName(env: string, name: string): string {
  return `${env}_${name}`;
}
