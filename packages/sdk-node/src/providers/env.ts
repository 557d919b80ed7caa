import { createHash } from 'node:crypto';
import { SecretsError } from '../errors.js';
import type { FetchRequest, FetchResult, Logger, Provider } from '../types.js';
import { fieldKey } from './fields.js';

/** Options of the env provider. */
export interface EnvProviderOptions {
  /** Variables to read (default `process.env`, read at each fetch). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Values from environment variables named in the catalog (`env:` of each field); an object
 * secret is assembled from several variables. For local development put them in `.env` and start
 * Node with `node --env-file=.env app.js` (Node ≥ 20.6) — nothing else is needed.
 * The version id changes whenever a secret's variables change.
 */
export function createEnvProvider(options: EnvProviderOptions = {}): Provider {
  const seen = new Map<string, { readonly digest: string; readonly version: number }>();

  function fetchOne(request: FetchRequest): FetchResult {
    const source = options.env ?? process.env;
    const secret = request.secret.name;
    if (request.stage !== 'current') {
      const error = new SecretsError('NOT_FOUND', `env: secret "${secret}" has no ${request.stage} version`, {
        secret,
        provider: 'env',
      });
      return { ok: false, error };
    }
    const fields: Record<string, string> = {};
    const missing: string[] = [];
    for (const field of request.secret.fields) {
      const value = source[field.env];
      if (value !== undefined) fields[fieldKey(field)] = value;
      else if (field.required && field.default === undefined) missing.push(field.env);
    }
    if (missing.length > 0) {
      const error = new SecretsError('NOT_FOUND', `env: secret "${secret}" needs ${missing.join(', ')}`, {
        secret,
        provider: 'env',
      });
      return { ok: false, error };
    }
    // A digest to notice a change: the provider keeps no copy of a value.
    const digest = createHash('sha256').update(JSON.stringify(fields)).digest('hex');
    const previous = seen.get(secret);
    const version =
      previous === undefined ? 1 : previous.digest === digest ? previous.version : previous.version + 1;
    seen.set(secret, { digest, version });
    return { ok: true, version: { versionId: `env-${version}`, value: { kind: 'fields', fields } } };
  }

  return {
    name: 'env',
    maxBatchSize: Number.POSITIVE_INFINITY,
    fetch: async (requests) => requests.map(fetchOne),
  };
}

/** Logs a loud warning when env values are used in a production environment. Names only. */
export function warnEnvInProduction(logger: Logger, environment: string, secrets: readonly string[]): void {
  logger.warn(
    { event: 'env_provider_in_production', environment, secrets },
    `locksmith: secrets ${secrets.join(', ')} are read from environment variables in production environment "${environment}"`,
  );
}
