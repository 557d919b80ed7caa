import type { Catalog, Secret } from '@locksmith/schema';
import { secretsReadBy, sortedServices } from '../../catalog-queries.js';
import type { GeneratedFile } from '../../generated-file.js';
import { typescriptMemo } from './memo.js';
import { accessorModule } from './module.js';
import { SDK_IMPORTS, valuesInterfaceName, valueTypeNames } from './names.js';
import { skeletonParts } from './skeleton-parts.js';

export { typescriptFingerprint, useTypescriptMemo } from './memo.js';
export { valuesInterfaceName } from './names.js';

/**
 * `ts/<service>.ts` for every service that asks for TypeScript accessors. Each value shape is
 * compiled once however many secrets and services share it, and each skeleton printed once; both
 * are memoised (see memo.ts), so with a warm memo neither json-schema-to-typescript nor ts-morph
 * is loaded.
 */
export async function emitTypescript(catalog: Catalog): Promise<GeneratedFile[]> {
  const memo = typescriptMemo();
  const services = sortedServices(catalog).filter((s) => s.languages.includes('ts'));
  const plans = services.map((service) => {
    const secrets = secretsReadBy(catalog, service);
    const names = valueTypeNames(secrets, new Set([...SDK_IMPORTS, valuesInterfaceName(service.name)]));
    const values = secrets.map((secret) => ({ secret, typeName: names.get(secret.name)! }));
    return { service, values, parts: skeletonParts(service, values) };
  });

  // A secret's value shape is its schema's text, computed once however many services read it.
  const shapeOf = new Map<Secret, string>();
  const shapes = new Map<
    string,
    { secret: Secret; placeholder: string; declarations?: string | undefined }
  >();
  for (const plan of plans) {
    for (const { secret } of plan.values) {
      if (shapeOf.has(secret)) continue;
      const shape = JSON.stringify(secret.schema);
      shapeOf.set(secret, shape);
      if (!shapes.has(shape)) shapes.set(shape, { secret, placeholder: placeholderFor(shape) });
    }
  }
  const missing = [...shapes].filter(([shape, entry]) => {
    entry.declarations = memo.get(`value-type\u0000${shape}`);
    return entry.declarations === undefined;
  });
  if (missing.length > 0) {
    // json-schema-to-typescript and the TypeScript formatter: loaded only for shapes not seen before.
    const { compileValueType, formatDeclarations } = await import('./value-types.js');
    const raw = await Promise.all(missing.map(([, e]) => compileValueType(e.secret, e.placeholder)));
    formatDeclarations(raw).forEach((text, i) => {
      const [shape, entry] = missing[i]!;
      entry.declarations = text;
      memo.set(`value-type\u0000${shape}`, text);
    });
  }

  const skeletons = plans.map((plan) => memo.get(`skeleton\u0000${JSON.stringify(plan.parts)}`));
  if (skeletons.includes(undefined)) {
    const { printSkeleton } = await import('./skeleton.js');
    plans.forEach((plan, i) => {
      if (skeletons[i] !== undefined) return;
      skeletons[i] = printSkeleton(plan.parts);
      memo.set(`skeleton\u0000${JSON.stringify(plan.parts)}`, skeletons[i]);
    });
  }

  return plans.map(({ service, values }, i) => ({
    path: `ts/${service.name}.ts`,
    contents: accessorModule(
      {
        catalog,
        service,
        values: values.map((v) => {
          const shape = shapes.get(shapeOf.get(v.secret)!)!;
          return { ...v, declarations: shape.declarations!.replaceAll(shape.placeholder, v.typeName) };
        }),
      },
      skeletons[i]!,
    ),
  }));
}

/**
 * The type name a shape is compiled and memoised under, replaced by each secret's own type name
 * afterwards: the first `LocksmithValueType<n>` the schema's text does not contain, so the
 * replacement can only ever hit the name itself.
 */
function placeholderFor(shape: string): string {
  let n = 0;
  while (shape.includes(`LocksmithValueType${n}`)) n++;
  return `LocksmithValueType${n}`;
}
