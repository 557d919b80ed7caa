import { goPackageName, planGoNames } from '../names/go.js';
import type { Rule } from './context.js';

/**
 * Catalog names that cannot be told apart in a generated Go package: two secrets one service
 * reads, or two fields of one secret, that become the same Go identifier, and two Go services
 * that become the same package. Only services that ask for Go accessors are checked.
 */
export const checkGoNames: Rule = ({ catalog, report }) => {
  const packages = new Map<string, string>();
  for (const service of catalog.services) {
    if (!service.languages.includes('go')) continue;
    const pkg = goPackageName(service.name);
    const other = packages.get(pkg);
    if (other !== undefined) {
      report({
        code: 'go-name-collision',
        pointer: `/services/${service.name}`,
        atKey: true,
        message: `services "${other}" and "${service.name}" would both generate the Go package ${pkg}`,
        hint: 'Rename one of the services, or drop "go" from its languages.',
      });
      continue;
    }
    packages.set(pkg, service.name);
    const reads = catalog.secrets.filter((s) => s.readers.includes(service.name));
    for (const collision of planGoNames(pkg, reads).collisions) {
      report({
        code: 'go-name-collision',
        pointer: collision.pointer,
        atKey: true,
        message: collision.message,
        hint: 'Go identifiers drop separators and case differences; pick names that differ in letters or digits.',
      });
    }
  }
};
