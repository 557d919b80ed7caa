import type { Catalog } from '@locksmith/schema';
import { secretsReadBy, sortedServices } from '../../catalog-queries.js';
import { dotenvComment } from '../../escape/dotenv.js';
import type { GeneratedFile } from '../../generated-file.js';
import { sortFiles } from '../../generated-file.js';
import { headerComment } from '../../header.js';
import { lines, oneLine } from '../../text.js';
import { expectation, placeholder } from './placeholder.js';

/**
 * `env/<service>.env.example`: every env var the service needs, grouped by secret, each with its
 * description, whether it is required, what it must look like and a `<placeholder>`.
 */
export function emitDotenv(catalog: Catalog): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const service of sortedServices(catalog)) {
    const out: string[] = [
      headerComment(catalog, 'hash').trimEnd(),
      `# Environment variables of "${service.name}" when it reads secrets from the environment.`,
      '# Copy to .env and fill in real values; never commit the copy.',
    ];
    for (const secret of secretsReadBy(catalog, service)) {
      const about = secret.description ? `: ${oneLine(secret.description)}` : '';
      out.push('', `# ${dotenvComment(`--- ${secret.name}${about}`)}`);
      for (const field of secret.fields) {
        const need = field.required ? 'required' : 'optional';
        out.push(`# ${dotenvComment(`${field.env} (${need}; ${expectation(field)})`)}`);
        if (field.description) out.push(`#   ${dotenvComment(oneLine(field.description))}`);
        out.push(`${field.env}=${placeholder(field)}`);
      }
    }
    files.push({ path: `env/${service.name}.env.example`, contents: lines(out) });
  }
  return sortFiles(files);
}
