import type { Catalog, Secret, Service, ServiceDescriptor } from '@locksmith/schema';
import { describeService } from '@locksmith/schema';
import { compareStrings } from '../../generated-file.js';
import { headerComment } from '../../header.js';
import { DESCRIPTOR, VALUE_TYPES } from './skeleton-parts.js';

/** What one accessor module is assembled from. */
export interface ModuleParts {
  readonly catalog: Catalog;
  readonly service: Service;
  /** Secrets the service reads, sorted by name, with their value type names and declarations. */
  readonly values: ReadonlyArray<{
    readonly secret: Secret;
    readonly typeName: string;
    readonly declarations: string;
  }>;
}

/**
 * Assembles `ts/<service>.ts` from its printed skeleton (see skeleton.ts): the value types and
 * the runtime descriptor, as a literal, go into their places, under the header.
 */
export function accessorModule({ catalog, service, values }: ModuleParts, skeleton: string): string {
  // Both placeholders are spliced in by position in the skeleton (which holds no catalog free
  // text), never searched for in what was already spliced in: a description could contain either
  // token.
  const valueTypes = values.map((v) => v.declarations).join('\n\n');
  const descriptor = JSON.stringify(
    canonicalDescriptor(
      catalog,
      service,
      values.map((v) => v.secret),
    ),
    null,
    2,
  );
  const text = splice(skeleton, [
    [VALUE_TYPES, valueTypes],
    [DESCRIPTOR, descriptor],
  ]);
  return `${headerComment(catalog, 'slash')}\n${text.trim()}\n`;
}

/** The runtime descriptor with its secrets in name order, whatever order the catalog listed reads in. */
function canonicalDescriptor(
  catalog: Catalog,
  service: Service,
  reads: readonly Secret[],
): ServiceDescriptor {
  // describeService looks each read secret up in `catalog.secrets`; handing it only the secrets
  // this service reads keeps that linear in the service's reads instead of the whole catalog.
  const descriptor = describeService({ ...catalog, secrets: reads }, service.name);
  const names = Object.keys(descriptor.secrets).sort(compareStrings);
  return { ...descriptor, secrets: Object.fromEntries(names.map((n) => [n, descriptor.secrets[n]!])) };
}

/** Replaces the first occurrence of each token in `text` (each must occur) in one pass. */
function splice(text: string, replacements: ReadonlyArray<readonly [string, string]>): string {
  const found = replacements
    .map(([token, value]) => ({ at: text.indexOf(token), token, value }))
    .filter((r) => r.at >= 0)
    .sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const { at, token, value } of found) {
    out += text.slice(from, at) + value;
    from = at + token.length;
  }
  return out + text.slice(from);
}
