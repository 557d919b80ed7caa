import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/declarations/index.js';
import { optionsMarkdown } from '../src/cli/help.js';
import { EMITTERS } from '../src/emitters/index.js';

const DOC = new URL('../../../docs/codegen.md', import.meta.url);
const doc = () => readFile(DOC, 'utf8');
const BLOCK = /<!-- options:start -->\n([\s\S]*?)\n<!-- options:end -->/;

describe('docs/codegen.md', () => {
  // After changing an option or emitter kind, refresh the block with `UPDATE_DOCS=1 pnpm --filter @locksmith/codegen test`.
  it('embeds the options table generated from the declared options', async () => {
    if (process.env['UPDATE_DOCS'] === '1') {
      const current = await doc();
      await writeFile(
        DOC,
        current.replace(
          BLOCK,
          () => `<!-- options:start -->\n${optionsMarkdown().trimEnd()}\n<!-- options:end -->`,
        ),
      );
    }
    const text = await doc();
    const match = BLOCK.exec(text);
    expect(match, 'options markers').not.toBeNull();
    expect(match![1]).toBe(optionsMarkdown().trimEnd());
  });

  it('mentions every option of every command and every emitter kind', async () => {
    const text = await doc();
    for (const command of COMMANDS) for (const o of command.options) expect(text).toContain(`--${o.name}`);
    for (const entry of EMITTERS) expect(text).toContain(entry.owns);
  });
});
