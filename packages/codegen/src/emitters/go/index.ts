import type { Catalog } from '@locksmith/schema';
import type { GeneratedFile } from '../../generated-file.js';
import { assertDistinctPackages, servicesFor } from './field-spec.js';
import { goPackageName } from './names.js';
import { goPackage } from './package.js';

/**
 * `go/<package>/secrets.go` for every service whose `languages` include `go`: a standard-library
 * package with a struct per secret and `Load`/`LoadFrom` that validate like the Node runtime.
 * The directory is the Go package name (`billing-go` → `billinggo`), so an import path ends in it.
 */
export function emitGo(catalog: Catalog): GeneratedFile[] {
  const services = servicesFor(catalog, 'go');
  assertDistinctPackages(catalog, 'Go', services, goPackageName);
  return services.map(({ service, secrets }) => ({
    path: `go/${goPackageName(service.name)}/secrets.go`,
    contents: goPackage(catalog, service, secrets),
  }));
}
