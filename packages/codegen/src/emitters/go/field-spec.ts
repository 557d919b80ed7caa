import type { Catalog, ScalarType, Secret, SecretField, Service } from '@locksmith/schema';
import { CatalogError } from '@locksmith/schema';
import { secretsReadBy, sortedServices } from '../../catalog-queries.js';

/**
 * Everything a generated Go or Python loader checks about one field, taken from the catalog in
 * one place so the two languages enforce the same rules.
 */
export interface FieldSpec {
  readonly secret: string;
  /** The property name, or `null` for a string secret. */
  readonly field: string | null;
  readonly env: string;
  readonly type: ScalarType;
  readonly required: boolean;
  /** The catalog default as text: it goes through the same parsing as a value that was read. */
  readonly defaultText: string | undefined;
  readonly minLength: number | undefined;
  readonly maxLength: number | undefined;
  /** The ECMAScript pattern as written in the catalog; each language translates it. */
  readonly pattern: string | undefined;
  readonly format: CheckedFormat | undefined;
  readonly minimum: number | undefined;
  readonly maximum: number | undefined;
  /** JSON pointer of the field's schema in the catalog, for gen-time errors. */
  readonly pointer: string;
}

/** Formats the generated loaders can check with their standard libraries. */
export const CHECKED_FORMATS = ['uri', 'hostname', 'email', 'uuid', 'ipv4', 'ipv6'] as const;
/** One of {@link CHECKED_FORMATS}. */
export type CheckedFormat = (typeof CHECKED_FORMATS)[number];

/** Services that asked for accessors in `language`, sorted by name, with the secrets each reads. */
export function servicesFor(
  catalog: Catalog,
  language: 'go' | 'python',
): Array<{ readonly service: Service; readonly secrets: readonly Secret[] }> {
  return sortedServices(catalog)
    .filter((s) => s.languages.includes(language))
    .map((service) => ({ service, secrets: secretsReadBy(catalog, service) }));
}

/** The checks of every field of `secret`, in the catalog's field order. */
export function fieldSpecs(catalog: Catalog, secret: Secret): FieldSpec[] {
  return secret.fields.map((field) => fieldSpec(catalog, secret, field));
}

function fieldSpec(catalog: Catalog, secret: Secret, field: SecretField): FieldSpec {
  const schema = fieldSchema(secret, field);
  return {
    secret: secret.name,
    field: field.name,
    env: field.env,
    type: field.type,
    required: field.required,
    defaultText: field.default === undefined ? undefined : String(field.default),
    minLength: field.minLength,
    maxLength: field.maxLength,
    pattern: field.pattern,
    format: checkedFormat(catalog, secret, field),
    minimum: numberKeyword(schema, 'minimum'),
    maximum: numberKeyword(schema, 'maximum'),
    pointer: field.pointer,
  };
}

/** The field's own schema inside the secret's value schema (bounds are not on `SecretField`). */
function fieldSchema(secret: Secret, field: SecretField): Record<string, unknown> {
  if (field.name === null) return secret.schema as Record<string, unknown>;
  const properties = secret.schema.properties as Record<string, Record<string, unknown>> | undefined;
  return properties?.[field.name] ?? {};
}

function numberKeyword(schema: Record<string, unknown>, key: string): number | undefined {
  const value = schema[key];
  return typeof value === 'number' ? value : undefined;
}

function checkedFormat(catalog: Catalog, secret: Secret, field: SecretField): CheckedFormat | undefined {
  if (field.format === undefined) return undefined;
  if ((CHECKED_FORMATS as readonly string[]).includes(field.format)) return field.format as CheckedFormat;
  // Skipping the check silently would let a bad value through in Go or Python only.
  throw genTimeError(
    catalog,
    field.pointer,
    `format "${field.format}" of ${describeField(secret.name, field.name)} cannot be checked by the Go and Python loaders (they check ${CHECKED_FORMATS.join(', ')})`,
  );
}

/** `secret "db" field "url"` or `secret "jwt"`, the way every gen-time error names a field. */
export function describeField(secret: string, field: string | null): string {
  return field === null ? `secret "${secret}"` : `secret "${secret}" field "${field}"`;
}

/**
 * A catalog problem found while generating (the catalog is valid, but one language cannot
 * express it), located like the loader's own errors.
 */
export function genTimeError(catalog: Catalog, pointer: string, message: string): CatalogError {
  return new CatalogError([
    {
      code: 'invalid-value-schema',
      message,
      hint: undefined,
      file: catalog.file,
      line: 0,
      column: 0,
      pointer,
    },
  ]);
}

/**
 * Fails when two services sanitise to the same package directory (`billing-go` and `billinggo`),
 * which would otherwise surface as an internal "two files generated" error.
 */
export function assertDistinctPackages(
  catalog: Catalog,
  language: string,
  services: ReadonlyArray<{ readonly service: Service }>,
  packageOf: (service: string) => string,
): void {
  const seen = new Map<string, string>();
  for (const { service } of services) {
    const name = packageOf(service.name);
    const other = seen.get(name);
    if (other !== undefined) {
      throw genTimeError(
        catalog,
        `/services/${service.name}`,
        `services "${other}" and "${service.name}" would both generate the ${language} package "${name}"; rename one`,
      );
    }
    seen.set(name, service.name);
  }
}
