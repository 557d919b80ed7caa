import { pointerOf } from '../source/pointer.js';
import type { Rule } from './context.js';

/** Rotation strategies each need something from their store; say so before a rotation fails in production. */
export const checkRotation: Rule = ({ catalog, report }) => {
  const { aws, vault } = catalog.providers;
  for (const secret of catalog.secrets) {
    const at = (...rest: string[]) => pointerOf('secrets', secret.name, 'rotation', ...rest);
    const { strategy, overlap } = secret.rotation;
    const providers = new Set(secret.placements.map((p) => p.provider));

    if (strategy === 'dual-key') {
      if (!overlap) {
        report({
          code: 'rotation-unsupported',
          pointer: at('strategy'),
          message: 'dual-key rotation needs an overlap',
          hint: 'Add rotation.overlap: how long the previous key stays accepted, e.g. 1h.',
        });
      }
      if (providers.has('vault') && vault?.maxVersions === 1) {
        report({
          code: 'rotation-unsupported',
          pointer: at('strategy'),
          message: 'dual-key rotation needs the previous version, but providers.vault.maxVersions is 1',
          hint: 'Set providers.vault.maxVersions to 2 or more (0 keeps Vault’s default of 10).',
        });
      }
    } else if (overlap) {
      report({
        code: 'rotation-unsupported',
        pointer: at('overlap'),
        message: `overlap only applies to dual-key rotation, not ${strategy}`,
        hint: 'Remove overlap, or use strategy: dual-key.',
      });
    }

    if (strategy === 'managed') {
      if (providers.has('vault')) {
        report({
          code: 'rotation-unsupported',
          pointer: at('strategy'),
          message: 'Vault KV cannot rotate a secret by itself (managed rotation)',
          hint: 'Use dual-key or manual for Vault secrets, or move the secret to AWS.',
        });
      }
      if (providers.has('aws') && aws && !aws.rotationLambdaArn) {
        report({
          code: 'rotation-unsupported',
          pointer: at('strategy'),
          message: 'managed rotation on AWS needs a rotation Lambda',
          hint: 'Set providers.aws.rotationLambdaArn.',
        });
      }
      if (!secret.rotation.every) {
        report({
          code: 'rotation-unsupported',
          pointer: at('strategy'),
          message: 'managed rotation needs an interval',
          hint: 'Add rotation.every, e.g. 30d.',
        });
      }
    }
  }
};
