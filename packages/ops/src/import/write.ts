import type { ImportedCatalog, ImportedSecret } from './model.js';

const q = (s: string) => JSON.stringify(s);
const guessed = (why: string | undefined) => (why === undefined ? '' : ` # guessed: ${why}`);
const TEMPLATE = '{project}/{env}/{secret}';

/** Where a catalog puts a secret by default; paths found elsewhere become overrides. */
export type NameTemplates = Readonly<Partial<Record<'aws' | 'vault', string>>>;

/**
 * The import as catalog YAML. Deterministic (sorted), comments mark every inference, and it
 * holds names, paths and descriptions only: the sources' values are never read into it.
 */
export function catalogYaml(catalog: ImportedCatalog, source: string): string {
  const envs = [...catalog.environments].sort(envOrder);
  const lines = [
    `# Imported by \`locksmith import --from ${source}\`. Nothing here was read from a secret value.`,
    '# Review every "# guessed:" comment, fill in readers, then run `locksmith validate`.',
    'version: 1',
    `project: ${q(catalog.project)}${guessed(catalog.projectGuess)}`,
    'environments:',
    ...envs.map((e) => `  - ${q(e)}`),
    'providers:',
  ];
  if (catalog.aws) lines.push(...indent(providerLines(catalog, 'aws')));
  if (catalog.vault) lines.push(...indent(providerLines(catalog, 'vault')));
  lines.push('services:');
  const services = [...catalog.services].sort(([a], [b]) => (a < b ? -1 : 1));
  if (services.length === 0) lines.push('  {} # fill in: the services that read these secrets');
  for (const [name, why] of services) lines.push(...indent(serviceLines(name, why)));
  lines.push('secrets:');
  const secrets = [...catalog.secrets.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  if (secrets.length === 0) lines.push('  {} # nothing found');
  for (const secret of secrets) lines.push(...indent(secretLines(catalog, secret, envs, {})));
  return `${lines.join('\n')}\n`;
}

const indent = (lines: readonly string[]) => lines.map((line) => `  ${line}`);

/** One `providers` entry, unindented, with the placeholder account id marked as a guess. */
export function providerLines(catalog: ImportedCatalog, provider: 'aws' | 'vault'): string[] {
  if (provider === 'vault') return ['vault:', `  mount: ${q(catalog.vault?.mount ?? 'secret')}`];
  const accountId = catalog.aws?.accountId;
  return [
    'aws:',
    `  region: ${q(catalog.aws?.region ?? 'us-east-1')}`,
    `  accountId: ${q(accountId ?? '000000000000')}${accountId ? '' : ' # guessed: placeholder, fill in the account id'}`,
  ];
}

/** One `services` entry, unindented. */
export function serviceLines(name: string, why: string | undefined): string[] {
  return [`${name}:`, `  serviceAccount: ${q(name)}${guessed(why)}`];
}

/**
 * One `secrets` entry, unindented: guesses as comments, the schema from the fields found, and
 * an override for every environment whose path is not where `templates` would put it.
 */
export function secretLines(
  catalog: ImportedCatalog,
  secret: ImportedSecret,
  envs: readonly string[],
  templates: NameTemplates,
): string[] {
  const out = [`${secret.name}:`];
  for (const why of secret.guesses) out.push(`  # guessed: ${why}`);
  if (secret.description) out.push(`  description: ${q(secret.description)}`);
  out.push(`  provider: ${secret.provider}`);
  const only = envs.filter((e) => secret.paths.has(e));
  if (only.length < envs.length) out.push(`  environments: [${only.map(q).join(', ')}]`);
  out.push('  schema:');
  const [first] = secret.fields;
  if (secret.fields.length === 1 && first && first.property === null) {
    // A whole secret is a string or an object: a number or flag becomes a constrained string.
    out.push('    type: string', `    env: ${q(first.env)}`);
    if (first.format) out.push(`    format: ${first.format}`);
    if (first.type === 'integer') out.push(`    pattern: ${q('^-?[0-9]+$')}`);
    if (first.type === 'boolean') out.push('    enum: ["true", "false"]');
  } else {
    out.push(
      '    type: object',
      `    required: [${secret.fields.map((f) => q(f.property ?? '')).join(', ')}]`,
      '    properties:',
    );
    for (const f of secret.fields) {
      out.push(
        `      ${q(f.property ?? '')}: { type: ${f.type}, env: ${q(f.env)}${f.format ? `, format: ${f.format}` : ''} }`,
      );
    }
  }
  const readers = [...secret.readers].sort();
  out.push(
    `  readers: [${readers.map(q).join(', ')}]${readers.length === 0 ? ' # fill in: services that read it' : ''}`,
  );
  const overrides = only
    .map((env) => [env, secret.paths.get(env) ?? ''] as const)
    .filter(
      ([env, path]) =>
        path !== expectedPath(catalog, templates[secret.provider] ?? TEMPLATE, env, secret.name),
    );
  if (overrides.length > 0) {
    out.push('  overrides: # where it lives today, when that differs from the name template');
    for (const [env, path] of overrides) out.push(`    ${q(env)}: { path: ${q(path)} }`);
  }
  return out;
}

function expectedPath(catalog: ImportedCatalog, template: string, env: string, secret: string): string {
  return template.replace('{project}', catalog.project).replace('{env}', env).replace('{secret}', secret);
}

const ORDER = [
  'dev',
  'development',
  'test',
  'qa',
  'uat',
  'sandbox',
  'stage',
  'staging',
  'preprod',
  'prod',
  'production',
];

/** Promotion order for well-known names, alphabetical otherwise. */
export function envOrder(a: string, b: string): number {
  const ia = ORDER.indexOf(a);
  const ib = ORDER.indexOf(b);
  if (ia !== ib) return (ia === -1 ? ORDER.length : ia) - (ib === -1 ? ORDER.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}
