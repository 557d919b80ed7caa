import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentationFiles, ROOT } from '../src/markdown.js';

/** `[text](target)` links outside code spans and fences, with their line. */
function links(file: string): { target: string; line: number }[] {
  const found: { target: string; line: number }[] = [];
  let fenced = false;
  readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
      if (fenced) return;
      const prose = text.replace(/`[^`]*`/g, '');
      for (const match of prose.matchAll(/\]\(([^)\s]+)\)/g))
        found.push({ target: match[1]!, line: index + 1 });
    });
  return found;
}

describe('links in the documentation', () => {
  it.each(documentationFiles().map((f) => [f] as const))(
    '%s: relative links reach a file inside the repository',
    (file) => {
      const broken: string[] = [];
      for (const { target, line } of links(file)) {
        if (/^[a-z][a-z+.-]*:/i.test(target) || target.startsWith('#')) continue;
        const path = normalize(join(dirname(join(ROOT, file)), target.split('#')[0]!));
        const inside = !relative(ROOT, path).startsWith(`..${sep}`) && relative(ROOT, path) !== '..';
        if (!inside) broken.push(`${file}:${line} ${target} leaves the repository`);
        else if (!existsSync(path)) broken.push(`${file}:${line} ${target} does not exist`);
      }
      expect(broken).toEqual([]);
    },
  );

  it('reads links the way the check above needs (a test of the reader)', () => {
    expect(links('README.md').map((l) => l.target)).toContain('docs/architecture.md');
  });
});
