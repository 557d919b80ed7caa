import type { Catalog } from '@locksmith/schema';
import type { GeneratedFile } from '../../generated-file.js';
import { assertDistinctPackages, servicesFor } from '../go/field-spec.js';
import { packageInit, pythonModule } from './module.js';
import { snakeCase } from './names.js';

/**
 * `python/<package>/secrets.py` and its `__init__.py` for every service whose `languages` include
 * `python`: frozen value dataclasses and the service descriptor, with `load()`/`load_from_dir()`
 * (env vars, mounted files) and `connect()` (store mode) over the `locksmith_sdk` package. The
 * directory is an importable name (`reports-py` → `reports_py`).
 */
export function emitPython(catalog: Catalog): GeneratedFile[] {
  const services = servicesFor(catalog, 'python');
  assertDistinctPackages(catalog, 'Python', services, snakeCase);
  return services.flatMap(({ service, secrets }) => {
    const dir = `python/${snakeCase(service.name)}`;
    return [
      { path: `${dir}/__init__.py`, contents: packageInit(catalog, service, secrets) },
      { path: `${dir}/secrets.py`, contents: pythonModule(catalog, service, secrets) },
    ];
  });
}
