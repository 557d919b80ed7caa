import { planRustNames, rustModuleName } from '../names/rust.js';
import type { Rule } from './context.js';

/**
 * Catalog names a generated Rust module cannot tell apart: two secrets one Rust service reads,
 * or two fields of one secret, that become the same identifier (`ab` and `a-b`, `Url` and
 * `url`), and two Rust services that become the same module. Keywords (`type`, `match`,
 * `self`) are mangled, not reported. Only services with `rust` in their languages are checked.
 */
export const checkRustNames: Rule = ({ catalog, report }) => {
  const modules = new Map<string, string>();
  const reported = new Set<string>();
  for (const service of catalog.services) {
    if (!service.languages.includes('rust')) continue;
    const module = rustModuleName(service.name);
    const other = modules.get(module);
    if (other !== undefined) {
      report({
        code: 'rust-name-collision',
        pointer: `/services/${service.name}`,
        atKey: true,
        message: `services "${other}" and "${service.name}" would both generate the Rust module ${module}`,
        hint: 'Rename one of the services, or drop "rust" from its languages.',
      });
      continue;
    }
    modules.set(module, service.name);
    const reads = catalog.secrets.filter((s) => s.readers.includes(service.name));
    for (const collision of planRustNames(service.name, reads).collisions) {
      // A field collision is the same whichever Rust service reads the secret: say it once.
      const key = `${collision.pointer}\n${collision.message}`;
      if (reported.has(key)) continue;
      reported.add(key);
      report({
        code: 'rust-name-collision',
        pointer: collision.pointer,
        atKey: true,
        message: collision.message,
        hint: 'Rust identifiers drop separators and case; pick names that differ in letters or digits.',
      });
    }
  }
};
