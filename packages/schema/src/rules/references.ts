import { pointerOf } from '../source/pointer.js';
import { didYouMean } from '../suggest.js';
import type { Rule } from './context.js';

/** Every name the catalog refers to (readers, environments, providers) must be declared. */
export const checkReferences: Rule = ({ raw, catalog, report }) => {
  const services = Object.keys(raw.services);
  const envNames = [...new Set(catalog.environments.map((e) => e.name))];

  const seenEnvs = new Set<string>();
  catalog.environments.forEach((env, index) => {
    if (seenEnvs.has(env.name)) {
      report({
        code: 'duplicate-environment',
        pointer: pointerOf('environments', index),
        message: `environment "${env.name}" is declared twice`,
        hint: 'Remove the duplicate.',
      });
    }
    seenEnvs.add(env.name);
  });

  const checkEnvs = (list: readonly string[] | undefined, ...at: string[]) => {
    list?.forEach((env, index) => {
      if (!envNames.includes(env)) unknownEnv(env, pointerOf(...at, index), false);
    });
  };
  const unknownEnv = (env: string, pointer: string, atKey: boolean) => {
    const guess = didYouMean(env, envNames);
    report({
      code: 'unknown-environment',
      pointer,
      atKey,
      message: `unknown environment "${env}"`,
      hint: guess ? `Did you mean "${guess}"?` : `Declared environments: ${envNames.join(', ')}.`,
    });
  };

  for (const [name, service] of Object.entries(raw.services))
    checkEnvs(service.environments, 'services', name, 'environments');

  for (const [name, secret] of Object.entries(raw.secrets)) {
    checkEnvs(secret.environments, 'secrets', name, 'environments');
    for (const env of Object.keys(secret.overrides ?? {})) {
      if (!envNames.includes(env)) unknownEnv(env, pointerOf('secrets', name, 'overrides', env), true);
    }
    secret.readers.forEach((reader, index) => {
      if (services.includes(reader)) return;
      const guess = didYouMean(reader, services);
      report({
        code: 'unknown-reader',
        pointer: pointerOf('secrets', name, 'readers', index),
        message: `reader "${reader}" is not a service in this catalog`,
        hint: guess
          ? `Did you mean "${guess}"?`
          : `Declare it under services, or use one of: ${services.join(', ')}.`,
      });
    });
    const providers = [secret.provider, ...Object.values(secret.overrides ?? {}).map((o) => o.provider)];
    for (const provider of new Set(providers)) {
      if (provider && !raw.providers[provider]) {
        report({
          code: 'provider-not-configured',
          pointer: pointerOf('secrets', name, 'provider'),
          message: `uses provider "${provider}", which is not configured`,
          hint: `Add providers.${provider} to the catalog.`,
        });
      }
    }
  }
};
