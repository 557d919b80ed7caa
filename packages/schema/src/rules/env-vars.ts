import { ENV_VAR_NAME, envNameFor } from '../env-names.js';
import type { Rule } from './context.js';

/** A service sees all its secrets' env vars in one process environment: names must be legal and unique. */
export const checkEnvVars: Rule = ({ catalog, report }) => {
  for (const secret of catalog.secrets) {
    for (const field of secret.fields) {
      if (ENV_VAR_NAME.test(field.env)) continue;
      const suggestion = envNameFor(field.env);
      report({
        code: 'invalid-env-var-name',
        pointer: `${field.pointer}/env`,
        message: `"${field.env}" is not a POSIX environment variable name`,
        hint: `${suggestion ? `Did you mean ${suggestion}? ` : ''}Env names are letters, digits and underscores, not starting with a digit, e.g. DATABASE_URL.`,
      });
    }
  }
  const byName = new Map(catalog.secrets.map((s) => [s.name, s]));
  for (const service of catalog.services) {
    const seen = new Map<string, string>();
    for (const secretName of service.reads) {
      const secret = byName.get(secretName);
      for (const field of secret?.fields ?? []) {
        const label = field.name === null ? secretName : `${secretName}.${field.name}`;
        const first = seen.get(field.env);
        if (first === undefined) {
          seen.set(field.env, label);
          continue;
        }
        report({
          code: 'duplicate-env-var',
          pointer: `${field.pointer}/env`,
          message: `env var ${field.env} of ${label} is also used by ${first}, and service "${service.name}" reads both`,
          hint: 'Give one of them a different env name.',
        });
      }
    }
  }
};
