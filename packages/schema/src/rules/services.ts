import { RESERVED_SERVICE_ACCOUNTS } from '../names/reserved.js';
import { pointerOf } from '../source/pointer.js';
import type { Rule } from './context.js';

/**
 * A service's ServiceAccount is its identity: the IRSA role and the Vault role are bound to it.
 * Two services sharing one would read each other's secrets, and the namespace's `default` or the
 * External Secrets Operator's account would hand a service's identity to other pods.
 */
export const checkServices: Rule = ({ raw, catalog, report }) => {
  const owners = new Map<string, string>();
  for (const service of catalog.services) {
    const written = raw.services[service.name]?.serviceAccount !== undefined;
    const pointer = written
      ? pointerOf('services', service.name, 'serviceAccount')
      : pointerOf('services', service.name);
    if (RESERVED_SERVICE_ACCOUNTS.has(service.serviceAccount)) {
      report({
        code: 'reserved-name',
        pointer,
        atKey: !written,
        message: `service "${service.name}" would run as the ServiceAccount "${service.serviceAccount}", which is reserved`,
        hint: `"default" is every pod's account and the others belong to External Secrets Operator; set services.${service.name}.serviceAccount to an account of its own.`,
      });
    }
    const other = owners.get(service.serviceAccount);
    if (other !== undefined) {
      report({
        code: 'duplicate-service-account',
        pointer,
        atKey: !written,
        message: `services "${other}" and "${service.name}" both run as the ServiceAccount "${service.serviceAccount}", so each could read the other's secrets`,
        hint: 'Give every service its own serviceAccount.',
      });
    } else {
      owners.set(service.serviceAccount, service.name);
    }
    if (service.externalSecrets) continue;
    const files = catalog.environments.filter(
      (env) => env.source === 'files' && service.environments.includes(env.name),
    );
    if (files.length > 0) {
      report({
        code: 'conflicting-options',
        pointer: pointerOf('services', service.name, 'externalSecrets'),
        message: `service "${service.name}" skips the Kubernetes Secret copy, but reads mounted files in ${files.map((e) => e.name).join(', ')}`,
        hint: 'Mounted files come from the Kubernetes Secrets ESO writes: set externalSecrets: true, or use source: store there.',
      });
    }
  }
};
