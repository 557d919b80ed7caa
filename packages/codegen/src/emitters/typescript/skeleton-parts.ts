import { pascalCase, type Service } from '@locksmith/schema';
import { valuesInterfaceName } from './names.js';

/**
 * Placeholders for the two large texts of an accessor module. Catalog names are lower-case kebab,
 * so neither token can occur in anything else the skeleton prints.
 */
export const VALUE_TYPES = 'LOCKSMITH_VALUE_TYPES__;';
export const DESCRIPTOR = 'LOCKSMITH_DESCRIPTOR__';

/**
 * Everything the printed skeleton of `ts/<service>.ts` depends on: names only, never a schema or
 * a descriptor (those are spliced in afterwards). Equal parts print equal text, which is why the
 * printed skeleton can be cached by these parts.
 */
export interface SkeletonParts {
  readonly service: string;
  readonly valuesName: string;
  readonly factoryName: string;
  /** The secrets the service reads, in name order, with their value type names. */
  readonly values: ReadonlyArray<{ readonly secret: string; readonly typeName: string }>;
}

export function skeletonParts(
  service: Service,
  values: ReadonlyArray<{ readonly secret: { readonly name: string }; readonly typeName: string }>,
): SkeletonParts {
  return {
    service: service.name,
    valuesName: valuesInterfaceName(service.name),
    factoryName: `create${pascalCase(service.name)}Secrets`,
    values: values.map((v) => ({ secret: v.secret.name, typeName: v.typeName })),
  };
}
