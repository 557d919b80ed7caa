import { describe, expect, it } from 'vitest';
import { requireToolchain } from './helpers/compile/available.js';
import type { AccessorCompiler } from './helpers/compile/toolchain.js';
import { LANGUAGE_CHECKS } from './helpers/inspect-output.js';

/** One file per language that its compiler must refuse: the corpus checks can fail. */
const BROKEN = new Map([
  [
    'broken',
    new Map([
      ['go/api/secrets.go', 'package api\n\nfunc F() { var unused int }\n'],
      ['python/api/__init__.py', ''],
      ['python/api/secrets.py', 'def untyped(x):\n    return x\n'],
      ['rust/api/mod.rs', 'pub fn f() {\n    let unused = 1;\n}\n'],
    ]),
  ],
]);

describe('the language checks of the adversarial corpus', () => {
  it.for(
    LANGUAGE_CHECKS.map((check): [string, AccessorCompiler] => [`${check.language}: ${check.tool}`, check]),
  )(
    '%s reports a file its compiler refuses',
    // Sized for a cold toolchain: the first cargo check compiles the Rust SDK's dependencies.
    { timeout: 900_000 },
    async ([, check], context) => {
      await requireToolchain(check, context);
      expect(check.count(BROKEN)).toBe(check.language === 'python' ? 2 : 1);
      const problems = await check.compile(BROKEN);
      expect(problems.join('\n')).toMatch(/unused|no-untyped-def/);
    },
  );
});
