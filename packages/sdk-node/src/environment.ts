import type { ServiceDescriptor } from '@locksmith/schema';
import { SecretsError } from './errors.js';

/** The environment to run in; CONFIGURATION listing the valid names when missing or unknown. */
export function pickEnvironment(descriptor: ServiceDescriptor, wanted: string | undefined): string {
  const valid = Object.keys(descriptor.environments);
  if (wanted !== undefined && valid.includes(wanted)) return wanted;
  const why =
    wanted === undefined
      ? 'no environment given (set LOCKSMITH_ENV or options.environment)'
      : `unknown environment "${wanted}"`;
  throw new SecretsError(
    'CONFIGURATION',
    `${why}; service "${descriptor.service}" runs in: ${valid.join(', ')}`,
  );
}
