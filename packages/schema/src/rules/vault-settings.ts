import { vaultMountProblem } from '../names/vault.js';
import { pointerOf } from '../source/pointer.js';
import type { Rule } from './context.js';

/**
 * The KV mount, the auth mount and the namespace end up in ACL paths, login URLs and ESO stores:
 * `secret/../sys` would make a policy about Vault's own configuration.
 */
export const checkVaultSettings: Rule = ({ raw, report }) => {
  const vault = raw.providers.vault;
  if (!vault) return;
  const check = (value: string | undefined, system: boolean, what: string, ...at: string[]) => {
    if (value === undefined) return;
    const problem = vaultMountProblem(value, system);
    if (!problem) return;
    report({
      code: 'invalid-vault-mount',
      pointer: pointerOf('providers', 'vault', ...at),
      message: `${what} "${value}" ${problem}`,
      hint: 'Use segments of letters, digits and _ . - separated by /, such as secret or kv/apps.',
    });
  };
  check(vault.mount, true, 'KV mount', 'mount');
  check(vault.auth?.mount, false, 'auth mount', 'auth', 'mount');
  check(vault.namespace, false, 'namespace', 'namespace');
};
