import type { Catalog } from '@locksmith/schema';
import { planRustNames, rustModuleName } from '@locksmith/schema';
import { secretsReadBy, sortedServices } from '../../catalog-queries.js';
import type { GeneratedFile } from '../../generated-file.js';
import { genTimeError } from '../go/field-spec.js';
import { rustModule } from './module.js';
import { checkRustPatterns } from './patterns.js';

/**
 * `rust/<module>/mod.rs` for every service whose `languages` include `rust`: serde structs of
 * `Secret` fields, a loader from environment variables and mounted files, the descriptor, and a
 * typed client over `locksmith-sdk`. All runtime code lives in the SDK; see docs/rust.md.
 */
export function emitRust(catalog: Catalog): GeneratedFile[] {
  return sortedServices(catalog)
    .filter((s) => s.languages.includes('rust'))
    .map((service) => {
      const secrets = secretsReadBy(catalog, service);
      const plan = planRustNames(service.name, secrets);
      // The catalog rule reports these when the catalog is loaded; an emitter called on a model
      // built another way still must not write code that cannot compile.
      const collision = plan.collisions[0];
      if (collision) throw genTimeError(catalog, collision.pointer, collision.message);
      checkRustPatterns(catalog, secrets);
      return {
        path: `rust/${rustModuleName(service.name)}/mod.rs`,
        contents: rustModule(catalog, service, secrets, plan),
      };
    });
}
