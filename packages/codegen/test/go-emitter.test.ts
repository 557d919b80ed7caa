import { CatalogError } from '@locksmith/schema';
import { describe, expect, it } from 'vitest';
import { emitGo } from '../src/emitters/go/index.js';
import { translatePattern } from '../src/emitters/go/pattern.js';
import { hasLocksmithHeader } from '../src/header.js';
import { goldenDifferences, loadPolyglot, polyglotWith, runTool } from './fixtures/polyglot/support.js';
import { seededRandom, shuffleCatalog } from './helpers/shuffle.js';

describe('the Go emitter', () => {
  it('writes one package per service that asks for Go, and none for the others', async () => {
    const files = emitGo(await loadPolyglot());
    expect(files.map((f) => f.path)).toEqual(['go/both/secrets.go', 'go/ledgergo/secrets.go']);
  });

  it('matches the golden packages byte for byte', async () => {
    expect(await goldenDifferences('go/', emitGo(await loadPolyglot()))).toEqual([]);
  });

  it('gives the same bytes twice and whatever order the catalog lists things in', async () => {
    const catalog = await loadPolyglot();
    const expected = emitGo(catalog);
    expect(emitGo(catalog)).toEqual(expected);
    for (const seed of [1, 2, 3])
      expect(emitGo(shuffleCatalog(catalog, seededRandom(seed)))).toEqual(expected);
  });

  it("is already gofmt-formatted, carries the header and Go's generated-code marker", async () => {
    for (const file of emitGo(await loadPolyglot())) {
      expect(runTool('gofmt', [], file.contents), file.path).toBe(file.contents);
      expect(hasLocksmithHeader(file.contents), file.path).toBe(true);
      expect(file.contents).toMatch(/^\/\/ Code generated .* DO NOT EDIT\.$/m);
    }
  });

  it('holds only the secrets the service reads, renaming types that clash with its own', async () => {
    const files = emitGo(await loadPolyglot());
    const ledger = files.find((f) => f.path === 'go/ledgergo/secrets.go')!.contents;
    expect(ledger).toContain('type ErrorSecret struct');
    expect(ledger).toContain('\tStringField string\n');
    expect(ledger).not.toContain('API_TOKEN');
    const both = files.find((f) => f.path === 'go/both/secrets.go')!.contents;
    expect(both).toContain('\tAPIToken APIToken\n');
    expect(both).not.toContain('ERROR_STRING');
  });

  it('fails at gen time, naming the secret and field, when a pattern needs lookaround', async () => {
    const catalog = await polyglotWith((t) => t.replace('"^postgres(ql)?://"', '"^(?!mysql)postgres"'));
    const error = catchError(() => emitGo(catalog));
    expect(error).toBeInstanceOf(CatalogError);
    expect(error.message).toContain('secret "database" field "url"');
    expect(error.message).toContain('lookahead');
    expect(error.message).toContain('RE2');
    expect((error as CatalogError).issues[0]?.pointer).toBe(
      '/secrets/database/schema/properties/url/pattern',
    );
  });

  it('fails at gen time on a format it cannot check rather than skipping the check', async () => {
    // The catalog schema allows only checkable formats today; this guards the day it allows more.
    const catalog = await loadPolyglot();
    const secrets = catalog.secrets.map((s) =>
      s.name !== 'error'
        ? s
        : { ...s, fields: s.fields.map((f) => (f.name === 'ip' ? { ...f, format: 'date-time' } : f)) },
    );
    expect(catchError(() => emitGo({ ...catalog, secrets })).message).toContain(
      'format "date-time" of secret "error" field "ip" cannot be checked',
    );
  });

  it('leaves two services that would share a package to the go-names catalog rule', async () => {
    const error = await polyglotWith((t) =>
      t.replace('  node-only: {}', '  node-only: {}\n  ledgergo: { languages: [go] }'),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogError);
    const issue = (error as CatalogError).issues.find((i) => i.code === 'go-name-collision');
    expect(issue?.message).toContain(
      'services "ledger-go" and "ledgergo" would both generate the Go package ledgergo',
    );
    expect(issue?.line).toBeGreaterThan(0);
  });

  it('writes a package that still compiles for a service that reads no secret', async () => {
    const catalog = await polyglotWith((t) =>
      t.replace('  node-only: {}', '  node-only: {}\n  idle-go: { languages: [go] }'),
    );
    const idle = emitGo(catalog).find((f) => f.path === 'go/idlego/secrets.go')!.contents;
    expect(runTool('gofmt', [], idle)).toBe(idle);
    expect(idle).toContain('\tif _, err := envfiles.Load(Descriptor, src); err != nil {');
    expect(idle).not.toContain('values, err');
    expect(idle).not.toContain('var err error');
  });

  it('embeds the descriptor and delegates every check to the Go runtime', async () => {
    const files = emitGo(await loadPolyglot());
    const ledger = files.find((f) => f.path === 'go/ledgergo/secrets.go')!.contents;
    expect(ledger).toContain('"github.com/locksmith-dev/locksmith/packages/sdk-go/envfiles"');
    expect(ledger).toContain('"minLength": 16');
    expect(ledger).toContain('func New(ctx context.Context, opts locksmith.Options) (*Client, error)');
    expect(ledger).not.toContain('regexp');
    expect(ledger).toContain('func (Database) MarshalJSON() ([]byte, error)');
  });
});

describe('translatePattern (ECMAScript → RE2)', () => {
  it.each([
    ['^a(?<word>b+)c$', '^a(?P<word>b+)c$'],
    ['^\\u0041\\u{1F600}$', '^\\x{0041}\\x{1F600}$'],
    ['^[\\w.-]+\\/x\\d{2,5}$', '^[\\w.-]+\\/x\\d{2,5}$'],
    ['a\\0b', 'a\\x00b'],
  ])('%s → %s', (input, output) => {
    expect(translatePattern(input, 'go')).toEqual({ ok: true, pattern: output });
  });

  it.each([
    ['(?=a)', 'lookahead'],
    ['a\\ b', 'escape \\ '],
    ['a\\éb', 'escape \\é'],
    ['(?<!a)b', 'lookbehind'],
    ['(a)\\1', 'backreferences'],
    ['(?<n>a)\\k<n>', 'backreferences'],
    ['a{1001}', 'repeat count'],
    ['[^]', 'empty character class'],
    ['\\cJ', 'escape \\c'],
  ])('refuses %s (%s)', (input, reason) => {
    const result = translatePattern(input, 'go');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an error');
}
