import type { Catalog, Secret } from '@locksmith/schema';
import { secretsReadBy, sortedServices } from '../../catalog-queries.js';
import type { GeneratedFile } from '../../generated-file.js';
import { accessorModule, SDK_IMPORTS, valuesInterfaceName } from './module.js';
import { compileValueType, valueTypeNames } from './value-types.js';

export { valuesInterfaceName } from './module.js';

/**
 * `ts/<service>.ts` for every service that asks for TypeScript accessors. Value types are
 * compiled once per secret and shared by every module that reads it.
 */
export async function emitTypescript(catalog: Catalog): Promise<GeneratedFile[]> {
  const compiled = new Map<string, Promise<string>>();
  const declarationsOf = (secret: Secret, typeName: string): Promise<string> => {
    const key = `${secret.name}\u0000${typeName}`;
    let pending = compiled.get(key);
    if (!pending) {
      pending = compileValueType(secret, typeName);
      compiled.set(key, pending);
    }
    return pending;
  };

  const files: GeneratedFile[] = [];
  for (const service of sortedServices(catalog)) {
    if (!service.languages.includes('ts')) continue;
    const secrets = secretsReadBy(catalog, service);
    const names = valueTypeNames(secrets, new Set([...SDK_IMPORTS, valuesInterfaceName(service.name)]));
    const values = await Promise.all(
      secrets.map(async (secret) => {
        const typeName = names.get(secret.name)!;
        return { secret, typeName, declarations: await declarationsOf(secret, typeName) };
      }),
    );
    files.push({ path: `ts/${service.name}.ts`, contents: accessorModule({ catalog, service, values }) });
  }
  return files;
}
