import { CatalogError } from '@locksmith/schema';
import { describe, expect, it } from 'vitest';
import { translatePattern } from '../src/emitters/go/pattern.js';
import { emitPython } from '../src/emitters/python/index.js';
import { hasLocksmithHeader } from '../src/header.js';
import { goldenDifferences, loadPolyglot, polyglotWith, runTool } from './fixtures/polyglot/support.js';
import { seededRandom, shuffleCatalog } from './helpers/shuffle.js';

/** Parses Python source with the interpreter's own parser; prints nothing, fails on a syntax error. */
const PARSE = 'import ast, sys; ast.parse(sys.stdin.read())';

describe('the Python emitter', () => {
  it('writes one package per service that asks for Python, and none for the others', async () => {
    const files = emitPython(await loadPolyglot());
    expect(files.map((f) => f.path)).toEqual([
      'python/analytics_py/__init__.py',
      'python/analytics_py/secrets.py',
      'python/both/__init__.py',
      'python/both/secrets.py',
    ]);
  });

  it('matches the golden modules byte for byte', async () => {
    expect(await goldenDifferences('python/', emitPython(await loadPolyglot()))).toEqual([]);
  });

  it('gives the same bytes twice and whatever order the catalog lists things in', async () => {
    const catalog = await loadPolyglot();
    const expected = emitPython(catalog);
    expect(emitPython(catalog)).toEqual(expected);
    for (const seed of [1, 2, 3]) {
      expect(emitPython(shuffleCatalog(catalog, seededRandom(seed)))).toEqual(expected);
    }
  });

  it('is valid Python with the header on top', async () => {
    for (const file of emitPython(await loadPolyglot())) {
      expect(() => runTool('python3', ['-c', PARSE], file.contents), file.path).not.toThrow();
      expect(hasLocksmithHeader(file.contents), file.path).toBe(true);
    }
  });

  it('hides every value from repr and holds only the secrets the service reads', async () => {
    const files = emitPython(await loadPolyglot());
    const analytics = files.find((f) => f.path === 'python/analytics_py/secrets.py')!.contents;
    const valueClasses = analytics
      .split('\n\n\n')
      .filter((block) =>
        /^@_dataclasses\.dataclass\(frozen=True, kw_only=True\)\nclass (Database|Error):/.test(block),
      );
    const fieldLines = valueClasses.flatMap((b) =>
      b.split('\n').filter((l) => /^ {4}\w+: [\w |]+ = /.test(l)),
    );
    expect(fieldLines.length).toBe(10);
    for (const line of fieldLines)
      expect(line).toMatch(/= _dataclasses\.field\((default=None, )?repr=False\)$/);
    expect(analytics).toContain('class Error:');
    expect(analytics).not.toContain('API_TOKEN');
  });

  it('carries types and the descriptor only: the runtime comes from locksmith_sdk', async () => {
    for (const file of emitPython(await loadPolyglot()).filter((f) => f.path.endsWith('secrets.py'))) {
      expect(file.contents).toContain('DESCRIPTOR = _sdk.ServiceDescriptor.from_dict({');
      // No validation or reading code of its own (the old embedded runtime had these).
      for (const embedded of ['class _Reader', 'def _valid_format', 're.compile', 'read_bytes']) {
        expect(file.contents, file.path).not.toContain(embedded);
      }
    }
  });

  it('puts patterns into the descriptor translated for re', async () => {
    const analytics = emitPython(await loadPolyglot()).find(
      (f) => f.path === 'python/analytics_py/secrets.py',
    )!;
    expect(analytics.contents).toContain('"pattern": "^(?P<kind>sk|pk)_\\\\U00000041[0-9]{2,8}\\\\Z",');
  });

  it('fails at gen time, naming the secret and field, on a backreference', async () => {
    const catalog = await polyglotWith((t) => t.replace('"^postgres(ql)?://"', '"^(p)\\\\1"'));
    let error: unknown;
    try {
      emitPython(catalog);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as Error).message).toContain('secret "database" field "url" uses backreferences');
  });
});

describe('translatePattern (ECMAScript → Python re)', () => {
  it.each([
    ['^a(?<word>b+)c$', '^a(?P<word>b+)c\\Z'],
    ['^\\u0041\\u{1F600}', '^\\U00000041\\U0001F600'],
    ['^(?=x)[$]\\$$', '^(?=x)[$]\\$\\Z'],
    ['a\\ b', 'a\\ b'],
  ])('%s → %s', (input, output) => {
    expect(translatePattern(input, 'python')).toEqual({ ok: true, pattern: output });
  });

  it.each([
    ['(?<=a)b', 'lookbehind'],
    ['\\p{L}', '\\p'],
    ['(a)\\1', 'backreferences'],
  ])('refuses %s (%s)', (input, reason) => {
    const result = translatePattern(input, 'python');
    expect(result.ok ? '' : result.reason).toContain(reason);
  });
});
