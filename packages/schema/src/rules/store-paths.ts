import type { Placement } from '../model.js';
import { vaultPathProblem } from '../names/vault.js';
import { pointerOf } from '../source/pointer.js';
import type { Rule } from './context.js';

const AWS_NAME = /^[A-Za-z0-9/_+=.@-]+$/;
const AWS_SUFFIX_LOOKALIKE = /-[A-Za-z0-9]{6}$/;

/** Every resolved store path must be legal in its store and belong to exactly one secret. */
export const checkStorePaths: Rule = ({ raw, catalog, report }) => {
  const owners = new Map<string, { secret: string; environment: string }>();
  for (const secret of catalog.secrets) {
    const invalid = new Map<
      string,
      { placement: Placement; envs: string[]; message: string; hint: string }
    >();
    for (const placement of secret.placements) {
      const problem =
        placement.provider === 'aws' ? awsNameProblem(placement.path) : vaultPathProblem(placement.path);
      if (problem) {
        // One issue per written path: the template (shared by environments) or each override.
        const override = raw.secrets[secret.name]?.overrides?.[placement.environment]?.path;
        const key = `${override === undefined ? '' : placement.environment}\0${problem.message}`;
        const entry = invalid.get(key) ?? { placement, envs: [], ...problem };
        entry.envs.push(placement.environment);
        invalid.set(key, entry);
      }
      const key = `${placement.provider}:${placement.mount ?? ''}:${placement.path}`;
      const owner = owners.get(key);
      if (owner === undefined) {
        owners.set(key, { secret: secret.name, environment: placement.environment });
        continue;
      }
      const sameSecret = owner.secret === secret.name;
      report({
        code: 'duplicate-store-path',
        pointer: secret.pointer,
        atKey: true,
        message: sameSecret
          ? `secret "${secret.name}" resolves to the same ${placement.provider} path "${placement.path}" in ${owner.environment} and ${placement.environment}`
          : `secret "${secret.name}" in ${placement.environment} resolves to ${placement.provider} path "${placement.path}", already used by secret "${owner.secret}" in ${owner.environment}`,
        hint: sameSecret
          ? 'Environments must not share a secret: include {env} in the name template or set an override path.'
          : 'Include {secret} and {env} in the name template, or give one of them an override path.',
      });
    }
    for (const { placement, envs, message, hint } of invalid.values()) {
      const overridden = raw.secrets[secret.name]?.overrides?.[placement.environment]?.path !== undefined;
      report({
        code: placement.provider === 'aws' ? 'invalid-aws-name' : 'invalid-vault-path',
        pointer: overridden
          ? pointerOf('secrets', secret.name, 'overrides', placement.environment, 'path')
          : secret.pointer,
        atKey: !overridden,
        message: `secret "${secret.name}" resolves to "${placement.path}" (${envs.join(', ')}), which ${message}`,
        hint: overridden
          ? hint
          : `${hint} Rename the secret, change the provider template, or set an override path.`,
      });
    }
  }
};

function awsNameProblem(name: string): { message: string; hint: string } | undefined {
  if (name.length > 512)
    return {
      message: `is ${name.length} characters long`,
      hint: 'AWS secret names have at most 512 characters.',
    };
  if (!AWS_NAME.test(name)) {
    return {
      message: 'has characters AWS does not allow',
      hint: 'AWS secret names use only letters, digits and /_+=.@-',
    };
  }
  if (AWS_SUFFIX_LOOKALIKE.test(name)) {
    return {
      message: 'ends in a hyphen and six characters, like the suffix AWS appends to ARNs',
      hint: 'Such names confuse ARN matching; change the last segment.',
    };
  }
  return undefined;
}
