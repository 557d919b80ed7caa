import { basename, dirname } from 'node:path';
import { parseEnv } from 'node:util';
import { addSecret, type ImportedCatalog, type ImportedField, toName } from './model.js';

/**
 * A `.env` or `.env.example`: one string secret per key, read by one service named after the
 * file's directory. The value is looked at only to guess a type (integer, boolean, URI) and is
 * then dropped.
 */
export function importDotenv(
  catalog: ImportedCatalog,
  file: string,
  text: string,
  environment: string,
): void {
  const service = toName(basename(dirname(file)) || 'app');
  catalog.services.set(service, `named after the directory of ${basename(file)}`);
  for (const [key, value] of Object.entries(parseEnv(text))) {
    const name = toName(key);
    const field: ImportedField = { property: null, env: key, ...typeOf(value) };
    const secret = addSecret(catalog, name, environment, `${catalog.project}/${environment}/${name}`, () => ({
      provider: catalog.aws ? 'aws' : 'vault',
      fields: [field],
      guesses: [
        `provider ${catalog.aws ? 'aws' : 'vault'}; schema type ${field.type} from the .env entry ${key}`,
      ],
    }));
    secret.readers.add(service);
  }
}

function typeOf(value: string | undefined): Pick<ImportedField, 'type' | 'format'> {
  if (value === undefined || value === '') return { type: 'string' };
  if (/^-?[0-9]{1,15}$/.test(value)) return { type: 'integer' };
  if (value === 'true' || value === 'false') return { type: 'boolean' };
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value)) return { type: 'string', format: 'uri' };
  return { type: 'string' };
}
