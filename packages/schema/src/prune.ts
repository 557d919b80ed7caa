import type { ErrorObject, ValidateFunction } from 'ajv';
import { decodePointer, pointerOf } from './source/pointer.js';

/** The part of a schema-invalid document the rules can still check, and the pointers set aside. */
export interface UsableParts {
  readonly data: unknown;
  /** Pointers of what was set aside; rule problems inside them are the schema's to report. */
  readonly skipped: readonly string[];
}

/**
 * Sets aside what the schema rejected so the rules can check the rest: a secret with a schema
 * error is removed, a service with one becomes `{}` (so references to it still resolve), and any
 * other rejected value is removed from its parent object. The rest must then pass the schema, or
 * nothing is usable (`undefined`).
 */
export function usableParts(
  data: unknown,
  errors: readonly ErrorObject[],
  validate: ValidateFunction,
): UsableParts | undefined {
  if (!isRecord(data)) return undefined;
  const root = structuredClone(data);
  const skipped = new Set<string>();
  for (const error of errors) {
    const segments = decodePointer(error.instancePath);
    const extra =
      error.params.additionalProperty ?? error.params.unevaluatedProperty ?? error.params.propertyName;
    if (extra !== undefined && error.keyword !== 'required') segments.push(String(extra));
    const [section, name] = segments;
    if ((section === 'secrets' || section === 'services') && name !== undefined) {
      const entries = root[section];
      if (!isRecord(entries)) return undefined;
      if (section === 'secrets') delete entries[name];
      else if (name in entries) entries[name] = {};
      skipped.add(pointerOf(section, name));
    } else if (segments.length >= 2) {
      if (!removeAt(root, segments)) return undefined;
      skipped.add(pointerOf(...segments));
    } else {
      return undefined;
    }
  }
  if (!validate(root)) return undefined;
  return { data: root, skipped: [...skipped] };
}

/** Deletes the value at `segments` from its parent object; false when the parent is not an object. */
function removeAt(root: Record<string, unknown>, segments: readonly string[]): boolean {
  let parent: unknown = root;
  for (const segment of segments.slice(0, -1)) {
    parent = isRecord(parent) ? parent[segment] : undefined;
  }
  if (!isRecord(parent)) return false;
  delete parent[segments[segments.length - 1]!];
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
