import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Catalog, CatalogError, loadCatalog, parseCatalog } from '@locksmith/schema';
import { describe, expect, it } from 'vitest';
import { emitRust } from '../src/emitters/rust/index.js';
import { rustRawString, rustString } from '../src/escape/rust.js';
import { hasLocksmithHeader } from '../src/header.js';
import { goldenDifferences, runTool } from './fixtures/polyglot/support.js';
import { seededRandom, shuffleCatalog } from './helpers/shuffle.js';

const RUST_CATALOG = fileURLToPath(new URL('./fixtures/rust/rust.catalog.yaml', import.meta.url));
const loadRust = (): Promise<Catalog> => loadCatalog(RUST_CATALOG);

async function rustWith(edit: (text: string) => string): Promise<Catalog> {
  const text = await readFile(RUST_CATALOG, 'utf8');
  const edited = edit(text);
  if (edited === text) throw new Error('the edit changed nothing');
  return parseCatalog(edited, RUST_CATALOG);
}

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

function catchParse(text: () => Promise<unknown>): Promise<CatalogError> {
  return text().then(
    () => {
      throw new Error('expected a catalog error');
    },
    (error: unknown) => error as CatalogError,
  );
}

describe('the Rust emitter', () => {
  it('writes one module per service that asks for Rust, and none for the others', async () => {
    expect(emitRust(await loadRust()).map((f) => f.path)).toEqual(['rust/ledger_rs/mod.rs']);
  });

  it('matches the golden module byte for byte (the polyglot harness compiles that file)', async () => {
    expect(await goldenDifferences('rust/', emitRust(await loadRust()))).toEqual([]);
  });

  it('gives the same bytes twice and whatever order the catalog lists things in', async () => {
    const catalog = await loadRust();
    const expected = emitRust(catalog);
    expect(emitRust(catalog)).toEqual(expected);
    for (const seed of [1, 2, 3])
      expect(emitRust(shuffleCatalog(catalog, seededRandom(seed)))).toEqual(expected);
  });

  it('is already rustfmt-formatted and carries the header and the @generated marker', async () => {
    for (const file of emitRust(await loadRust())) {
      expect(runTool('rustfmt', ['--edition', '2021', '--emit', 'stdout'], file.contents), file.path).toBe(
        file.contents,
      );
      expect(hasLocksmithHeader(file.contents)).toBe(true);
      expect(file.contents).toMatch(/^\/\/ @generated$/m);
    }
  });

  it('mangles keywords and names the module uses itself, keeping the catalog names for serde', async () => {
    const [file] = emitRust(await loadRust());
    const text = file!.contents;
    expect(text).toContain('    pub type_: Secret<String>,');
    expect(text).toContain('    pub match_: Option<Secret<String>>,');
    expect(text).toContain('    pub self_: Option<Secret<bool>>,');
    expect(text).toContain('    #[serde(rename = "userName")]\n    pub user_name: Option<Secret<String>>,');
    expect(text).toContain('pub struct ClientSecret {');
    expect(text).toContain('pub type Runtime = Secret<String>;');
    expect(text).toContain('pub type SecretsSecret = Secret<String>;');
    expect(text).toContain('    pub runtime_secret: Runtime,');
    expect(text).toContain('    pub port: Secret<i64>,');
    expect(text).toContain('    pub ratio: Option<Secret<f64>>,');
    expect(text).toContain('    pub tls: Secret<bool>,');
    expect(text).not.toContain('r#type');
  });

  it('escapes catalog text in string literals and the descriptor literal', async () => {
    const [file] = emitRust(await loadRust());
    expect(file!.contents).toContain(
      '/// The value of the "client" secret: Contact details with a "quoted" description and a backslash \\ in it\n',
    );
    expect(rustString('a"b\\c\nd\u0001')).toBe('"a\\"b\\\\c\\nd\\u{1}"');
    expect(rustRawString('{"a":"b"#"}')).toBe('r##"{"a":"b"#"}"##');
  });

  it('keeps hostile catalog text inert: quotes, raw-string ends, newlines and bidi controls', async () => {
    const hostile = 'evil "#"## */ \u202e\u2066 end';
    const catalog = await rustWith((t) =>
      t
        .replace('description: Ledger database', `description: ${JSON.stringify(`${hostile}\nsecond line`)}`)
        .replace('enum: [primary, replica]', `enum: [primary, replica, ${JSON.stringify(hostile)}]`),
    );
    const [file] = emitRust(catalog);
    const text = file!.contents;
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(text).toContain('U+202E');
    expect(text).toContain('\\u202e');
    expect(runTool('rustfmt', ['--edition', '2021', '--emit', 'stdout'], text)).toBe(text);
    const raw = /pub const DESCRIPTOR_JSON: &str = r(#+)"([\s\S]*?)"\1;/.exec(text)!;
    const descriptor = JSON.parse(raw[2]!) as {
      secrets: { database: { schema: { properties: { type: { enum: string[] } } } } };
    };
    expect(descriptor.secrets.database.schema.properties.type.enum[2]).toBe(hostile);
  });

  it('reports two fields that become one identifier as a located catalog error', async () => {
    const error = await catchParse(() =>
      rustWith((t) =>
        t.replace(
          '        match: {',
          '        Match: { type: string, env: LEDGER_DB_MATCH2 }\n        match: {',
        ),
      ),
    );
    expect(error).toBeInstanceOf(CatalogError);
    const issue = error.issues.find((i) => i.code === 'rust-name-collision')!;
    expect(issue.message).toContain(
      'fields "Match" and "match" of secret "database" would both be the Rust field match_',
    );
    expect(issue.pointer).toBe('/secrets/database/schema/properties/match');
    expect(issue.line).toBeGreaterThan(0);
    expect(issue.column).toBeGreaterThan(0);
  });

  it('reports two secrets that become one type, and two services that become one module', async () => {
    const secrets = await catchParse(() =>
      rustWith((t) =>
        t.replace(
          '  secrets:\n    description',
          '  signing-key-2:\n    provider: aws\n    schema: { type: string, env: KEY_2 }\n    readers: [ledger-rs]\n  signing-key2:\n    provider: aws\n    schema: { type: string, env: KEY2 }\n    readers: [ledger-rs]\n  secrets:\n    description',
        ),
      ),
    );
    expect(secrets.issues.map((i) => i.message)).toContain(
      'secrets "signing-key-2" and "signing-key2" would both be the Rust type SigningKey2 in the module of "ledger-rs"',
    );
    const services = await catchParse(() =>
      rustWith((t) => t.replace('  node-only: {}', '  node-only: {}\n  ledger--rs: { languages: [rust] }')),
    );
    expect(services.issues[0]?.message).toBe(
      'services "ledger--rs" and "ledger-rs" would both generate the Rust module ledger_rs',
    );
  });

  it('fails at gen time, naming the field, when a pattern needs lookaround', async () => {
    const catalog = await rustWith((t) => t.replace('"^postgres(ql)?://"', '"^(?!mysql)postgres"'));
    const error = catchError(() => emitRust(catalog));
    expect(error).toBeInstanceOf(CatalogError);
    expect(error.message).toContain('secret "database" field "url"');
    expect(error.message).toContain('lookahead');
    expect((error as CatalogError).issues[0]?.pointer).toBe(
      '/secrets/database/schema/properties/url/pattern',
    );
  });
});
