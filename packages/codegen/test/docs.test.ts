import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { optionsMarkdown } from '../src/cli/help.js';
import { COMMANDS } from '../src/cli/options.js';
import { EMITTERS } from '../src/emitters/index.js';

const doc = () => readFile(new URL('../../../docs/codegen.md', import.meta.url), 'utf8');

describe('docs/codegen.md', () => {
  it('embeds the options table generated from the declared options', async () => {
    const text = await doc();
    const match = /<!-- options:start -->\n([\s\S]*?)\n<!-- options:end -->/.exec(text);
    expect(match, 'options markers').not.toBeNull();
    expect(match![1]).toBe(optionsMarkdown().trimEnd());
  });

  it('mentions every option of every command and every emitter kind', async () => {
    const text = await doc();
    for (const command of COMMANDS) for (const o of command.options) expect(text).toContain(`--${o.name}`);
    for (const entry of EMITTERS) expect(text).toContain(entry.owns);
  });
});
