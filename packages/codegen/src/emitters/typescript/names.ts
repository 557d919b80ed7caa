import { pascalCase, type Secret, typescriptValueTypeNames } from '@locksmith/schema';

/** The runtime module every accessor imports, and the names it imports from it. */
export const SDK_MODULE = '@locksmith/sdk-node';
/** Names each accessor module imports from the runtime; value type names must avoid them. */
export const SDK_IMPORTS = [
  'createSecretClient',
  'SecretClient',
  'SecretClientOptions',
  'ServiceDescriptor',
] as const;

/** `Values` interface name of a service: `api` → `ApiSecretValues`. */
export function valuesInterfaceName(service: string): string {
  return `${pascalCase(service)}SecretValues`;
}

/**
 * Picks a TypeScript name for every secret's value type (see `typescriptValueTypeNames` in
 * @locksmith/schema): PascalCase of the secret name, with `Value` (then a counter) appended where
 * it would clash with an import, a TypeScript global type, another secret or the values interface.
 */
export function valueTypeNames(
  secrets: readonly Secret[],
  reserved: ReadonlySet<string>,
): Map<string, string> {
  return typescriptValueTypeNames(
    secrets.map((s) => s.name),
    reserved,
  );
}
