/**
 * Writes the editor annotations of catalog.schema.json: a `markdownDescription` for every schema
 * node that has a `description` (VS Code's YAML and JSON language servers show it on hover and in
 * completion, rendered), derived from the description, the default, the allowed values and a link
 * to the reference page. Edit `description`, `default` and `examples` in the schema and run
 * `pnpm --filter @locksmith/schema annotate`; a test fails when the file is not what this writes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

type Node = Record<string, unknown>;

/** The catalog's format version 1, forever: a breaking format gets a new id. */
export const SCHEMA_ID = 'https://locksmith.dev/schemas/catalog-v1.json';
const REFERENCE = 'https://github.com/locksmith-dev/locksmith/blob/main/docs/catalog.md';

/** Which section of docs/catalog.md documents the keys under each definition. */
const SECTION: Readonly<Record<string, string>> = {
  environment: 'environments',
  awsProvider: 'providers',
  vaultProvider: 'providers',
  store: 'top-level-keys',
  kubernetes: 'top-level-keys',
  service: 'top-level-keys',
  secret: 'secrets',
  rotation: 'secrets',
  generate: 'secrets',
  scalarKeywords: 'secrets',
  fieldSchema: 'secrets',
  valueSchema: 'secrets',
};

/** The schema with every `markdownDescription` (re)written and the public `$id` set. */
export function annotate(schema: Node): Node {
  const copy = structuredClone(schema);
  copy.$id = SCHEMA_ID;
  visit(copy, 'top-level-keys');
  return copy;
}

function visit(node: unknown, section: string): void {
  if (Array.isArray(node)) {
    for (const item of node) visit(item, section);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as Node;
  if (typeof schema.description === 'string') {
    const markdown = markdownOf(schema, section);
    // Right after the description, so the two read together in the file.
    const entries = Object.entries(schema).filter(([k]) => k !== 'markdownDescription');
    for (const key of Object.keys(schema)) delete schema[key];
    for (const [key, value] of entries) {
      schema[key] = value;
      if (key === 'description') schema.markdownDescription = markdown;
    }
  }
  for (const [key, value] of Object.entries(schema)) {
    // Values, not schemas: an example secret's "description" is not annotated.
    if (key === 'examples' || key === 'default' || key === 'enum' || key === 'const') continue;
    if (key === '$defs' && value && typeof value === 'object') {
      for (const [name, def] of Object.entries(value as Node)) visit(def, SECTION[name] ?? section);
    } else if ((key === 'properties' || key === 'patternProperties') && value && typeof value === 'object') {
      // Property names are names (a property may be called "default" or "examples").
      for (const property of Object.values(value as Node)) visit(property, section);
    } else visit(value, section);
  }
}

function markdownOf(schema: Node, section: string): string {
  const parts = [codeSpans(String(schema.description))];
  if (Array.isArray(schema.enum)) parts.push(`One of: ${schema.enum.map((v) => inline(v)).join(', ')}.`);
  if (schema.default !== undefined) parts.push(`Default: ${inline(schema.default)}.`);
  parts.push(`[Reference](${REFERENCE}#${section})`);
  return parts.join('\n\n');
}

/** `{project}` placeholders and `a: b` snippets as code, so editors show them as such. */
function codeSpans(text: string): string {
  return text.replace(/\{[a-zA-Z]+\}/g, (placeholder) => `\`${placeholder}\``);
}

function inline(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

/** The schema file as written: indented JSON, a final newline (Biome formats it the same way). */
export function serialise(schema: Node): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = new URL('../catalog.schema.json', import.meta.url);
  const schema = JSON.parse(await readFile(file, 'utf8')) as Node;
  await writeFile(file, serialise(annotate(schema)));
  process.stdout.write('annotated catalog.schema.json; run `pnpm exec biome format --write` on it\n');
}
