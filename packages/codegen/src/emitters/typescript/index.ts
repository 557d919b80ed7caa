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
  const [{ accessorModule }, { compileValueType, formatDeclarations }] = await Promise.all([
    import('./module.js'),
    import('./value-types.js'),
  ]);
  const services = sortedServices(catalog).filter((s) => s.languages.includes('ts'));
  const plans = services.map((service) => {
    const secrets = secretsReadBy(catalog, service);
    const names = valueTypeNames(secrets, new Set([...SDK_IMPORTS, valuesInterfaceName(service.name)]));
    return { service, values: secrets.map((secret) => ({ secret, typeName: names.get(secret.name)! })) };
  });

  // Each (secret, type name) pair is compiled and formatted once, however many services read it.
  const keyOf = (secret: Secret, typeName: string) => `${secret.name}\u0000${typeName}`;
  const unique = new Map<string, { secret: Secret; typeName: string }>();
  for (const plan of plans) for (const v of plan.values) unique.set(keyOf(v.secret, v.typeName), v);
  const keys = [...unique.keys()];
  const raw = await Promise.all([...unique.values()].map((v) => compileValueType(v.secret, v.typeName)));
  const formatted = formatDeclarations(raw);
  const declarations = new Map(keys.map((key, i) => [key, formatted[i]!]));

  return plans.map(({ service, values }) => ({
    path: `ts/${service.name}.ts`,
    contents: accessorModule({
      catalog,
      service,
      values: values.map((v) => ({ ...v, declarations: declarations.get(keyOf(v.secret, v.typeName))! })),
    }),
  }));
}
