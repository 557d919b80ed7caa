import type { Secret } from '@locksmith/schema';
import { pascalCase } from '../../text.js';

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
 * Picks a TypeScript name for every secret's value type: PascalCase of the secret name, with
 * `Value` appended (then a counter) where it would clash with an import, another secret or
 * the values interface.
 */
export function valueTypeNames(
  secrets: readonly Secret[],
  reserved: ReadonlySet<string>,
): Map<string, string> {
  const taken = new Set(reserved);
  const names = new Map<string, string>();
  for (const secret of secrets) {
    const base = pascalCase(secret.name) || 'Secret';
    let name = taken.has(base) ? `${base}Value` : base;
    for (let i = 2; taken.has(name); i++) name = `${base}Value${i}`;
    taken.add(name);
    names.set(secret.name, name);
  }
  return names;
}
