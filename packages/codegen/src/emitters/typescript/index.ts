import type { Catalog, Secret } from '@locksmith/schema';
import { secretsReadBy, sortedServices } from '../../catalog-queries.js';
import type { GeneratedFile } from '../../generated-file.js';
import { SDK_IMPORTS, valuesInterfaceName, valueTypeNames } from './names.js';

export { valuesInterfaceName } from './names.js';

/**
 * `ts/<service>.ts` for every service that asks for TypeScript accessors. Value types are
 * compiled once per secret and shared by every module that reads it.
 */
export async function emitTypescript(catalog: Catalog): Promise<GeneratedFile[]> {
  // ts-morph and json-schema-to-typescript are heavy; load them only when accessors are generated.
  const [{ accessorModule }, { compileValueType }] = await Promise.all([
    import('./module.js'),
    import('./value-types.js'),
  ]);
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
