import { readFile } from 'node:fs/promises';
import { parseEnv } from 'node:util';
import type { Catalog, ProviderName, Secret } from '@locksmith/schema';
import { usageError } from '../errors.js';
import { locationIn } from '../store/locate.js';
import type { StoreSet } from '../store/open.js';
import { decodePayload, fieldValues } from '../store/value.js';

/** Finds the env-var values of one secret, or undefined when the source has none. */
export type ValueSource = (secret: Secret) => Promise<Map<string, string> | undefined>;

/** Values from a store: each secret's own (`store`), or all from one provider at its template path. */
export function storeSource(
  catalog: Catalog,
  environment: string,
  stores: StoreSet,
  only: ProviderName | undefined,
): ValueSource {
  return async (secret) => {
    const placement = secret.placements.find((p) => p.environment === environment);
    const provider = only ?? placement?.provider;
    if (!provider) return undefined;
    const location = locationIn(catalog, provider, environment, secret);
    if (!location) return undefined;
    const payload = await stores.get(provider).current(location);
    if (payload === undefined) return undefined;
    const decoded = decodePayload(secret, provider, payload);
    return decoded.ok ? fieldValues(secret, decoded.value) : undefined;
  };
}

/** Values from a dotenv file, keyed by each field's env var name. */
export async function dotenvSource(file: string | undefined): Promise<ValueSource> {
  if (file === undefined) throw usageError('seal: --from dotenv needs the file: `--from dotenv FILE`.');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw usageError(`seal: cannot read ${file}.`);
  }
  const env = parseEnv(text);
  return async (secret) => {
    const out = new Map<string, string>();
    for (const field of secret.fields) {
      const value = env[field.env];
      if (value !== undefined) out.set(field.env, value);
    }
    return out.size === 0 ? undefined : out;
  };
}
