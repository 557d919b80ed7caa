import { parseDocument } from 'yaml';
import type { ExistingCatalog } from './existing.js';
import type { ImportedCatalog, ImportedSecret } from './model.js';
import { appendToSection, applyEdits, type Edit } from './splice.js';
import { envOrder, providerLines, secretLines, serviceLines } from './write.js';

const NEW_ENVIRONMENT = (source: string) =>
  `${source} found it; every secret without an environments list now applies to it`;

/** The catalog text with what the import found and it lacked, and what that was. */
export interface Extension {
  readonly text: string;
  readonly environments: readonly string[];
  readonly services: readonly string[];
  readonly secrets: readonly string[];
  readonly providers: readonly ('aws' | 'vault')[];
  /** Secrets found that the catalog already has (by name, or by every env var they declare). */
  readonly known: number;
  readonly guesses: number;
}

/**
 * Adds the secrets, their reading services, environments and providers that `existing` does not
 * have, each marked `# guessed:`. Nothing already in the file changes: entries are spliced in
 * after the last entry of their section. An import that finds nothing new returns the text as is.
 */
export function extendCatalog(existing: ExistingCatalog, found: ImportedCatalog, source: string): Extension {
  const secrets: ImportedSecret[] = [];
  let known = 0;
  for (const secret of [...found.secrets.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const fresh = existing.secrets.has(secret.name) ? undefined : withoutKnownFields(existing, secret);
    if (fresh) secrets.push(fresh);
    else known += 1;
  }
  const environments = [...new Set(secrets.flatMap((s) => [...s.paths.keys()]))]
    .filter((e) => !existing.environments.includes(e))
    .sort(envOrder);
  const services = [...new Set(secrets.flatMap((s) => [...s.readers]))]
    .filter((s) => !existing.services.has(s))
    .sort();
  const providers = (['aws', 'vault'] as const).filter(
    (p) => existing.providers[p] === undefined && secrets.some((s) => s.provider === p),
  );
  const allEnvironments = [...existing.environments, ...environments];
  const sections: [string, string[][]][] = [
    [
      'environments',
      environments.map((e) => [`- ${JSON.stringify(e)} # guessed: ${NEW_ENVIRONMENT(source)}`]),
    ],
    ['providers', providers.map((p) => providerBlock(found, p, source))],
    [
      'services',
      services.map((s) => serviceLines(s, found.services.get(s) ?? `reads a secret ${source} found`)),
    ],
    ['secrets', secrets.map((s) => secretLines(found, s, allEnvironments, existing.templates))],
  ];
  const edits: Edit[] = sections.flatMap(([key, lines]) =>
    appendToSection(existing.text, existing.doc, key, lines),
  );
  const text = applyEdits(existing.text, edits);
  if (parseDocument(text).errors.length > 0) {
    // A bug, not the user's: the CLI reports any error that is not an OperationError as one (exit 70).
    throw new Error('import: extending the catalog produced YAML that does not parse');
  }
  const guesses =
    environments.length +
    services.length +
    providers.length +
    (providers.includes('aws') && !found.aws?.accountId ? 1 : 0) +
    secrets.reduce((n, s) => n + s.guesses.length, 0);
  return {
    text,
    environments,
    services,
    secrets: secrets.map((s) => s.name),
    providers,
    known,
    guesses,
  };
}

/**
 * The secret without the fields whose env vars the catalog already declares, or undefined when
 * none is left: a `.env` key the catalog knows is a secret it already has under its own name.
 */
function withoutKnownFields(existing: ExistingCatalog, secret: ImportedSecret): ImportedSecret | undefined {
  const fields = secret.fields.filter((f) => !existing.envVars.has(f.env));
  if (fields.length === 0) return undefined;
  const left = secret.fields.filter((f) => existing.envVars.has(f.env));
  return {
    ...secret,
    fields,
    guesses: [
      ...secret.guesses,
      ...left.map(
        (f) => `left out ${f.env}: the catalog's secret ${existing.envVars.get(f.env)} declares it`,
      ),
    ],
  };
}

/** A provider the catalog had none of, marked as added for the secrets that need it. */
function providerBlock(found: ImportedCatalog, provider: 'aws' | 'vault', source: string): string[] {
  const [first = `${provider}:`, ...rest] = providerLines(found, provider);
  return [`${first} # guessed: added secrets ${source} found are stored here`, ...rest];
}
