import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/cli.js';
import { runOps } from './helpers/ops.js';

const SMALL = fileURLToPath(new URL('./fixtures/ops/small.catalog.yaml', import.meta.url));

let world: { dir: string; env: Record<string, string> };
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const temp = await tempDir();
  cleanup = temp.cleanup;
  world = { dir: temp.dir, env: {} };
  await copyFile(SMALL, join(temp.dir, 'secrets.catalog.yaml'));
});
afterEach(() => cleanup());

describe('locksmith graph', () => {
  it('draws services, secrets and stores in Mermaid and highlights the unread secret and the idle service', async () => {
    const { code, stdout } = await runOps(world, ['graph']);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'flowchart LR',
        '  subgraph services',
        '    svc_api(["api"])',
        '    svc_idle(["idle"])',
        '  end',
        '  subgraph secrets',
        '    sec_alpha["alpha"]',
        '    sec_beta["beta"]',
        '    sec_gamma["gamma"]',
        '    sec_unread["unread"]',
        '  end',
        '  subgraph stores',
        '    store_aws[("AWS Secrets Manager")]',
        '    store_vault[("Vault KV")]',
        '  end',
        '  svc_api --> sec_alpha',
        '  svc_api --> sec_beta',
        '  svc_api --> sec_gamma',
        '  sec_alpha --> store_aws',
        '  sec_beta --> store_aws',
        '  sec_gamma --> store_vault',
        '  sec_unread --> store_aws',
        '  classDef warn fill:#fde2e1,stroke:#c0392b,color:#7b241c',
        '  class svc_idle,sec_unread warn',
        '',
      ].join('\n'),
    );
  });

  it('marks reads the usage file does not confirm, and usage the catalog does not declare', async () => {
    await writeFile(join(world.dir, 'usage.json'), JSON.stringify({ api: ['alpha', 'gamma', 'delta'] }));
    const mermaid = await runOps(world, ['graph', '--usage', 'usage.json']);
    expect(mermaid.stdout).toContain('svc_api -. unused .-> sec_beta');
    expect(mermaid.stdout).toContain('svc_api -. undeclared .-> sec_delta');
    expect(mermaid.stdout).toContain('linkStyle 1,3 stroke:#c0392b');
    const dot = await runOps(world, ['graph', '--format', 'dot', '--usage', 'usage.json']);
    expect(dot.stdout).toContain(
      '"service:api" -> "secret:beta" [style=dashed, color="#c0392b", label="unused"];',
    );
    expect(dot.stdout).toMatch(/"service:idle" \[label="idle", shape=ellipse, style=filled/);
    await writeFile(join(world.dir, 'bad.json'), '["api"]');
    expect((await runOps(world, ['graph', '--usage', 'bad.json'])).code).toBe(2);
  });

  it('writes a deterministic SVG with one box per node and one line per edge', async () => {
    const first = await runOps(world, ['graph', '--format', 'svg']);
    const second = await runOps(world, ['graph', '--format', 'svg']);
    expect(first.stdout).toBe(second.stdout);
    expect(first.stdout).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>\n[\s\S]*<\/svg>\n$/);
    // 2 services + 4 secrets + 2 stores, plus the background rect.
    expect(first.stdout.match(/<rect /g)).toHaveLength(9);
    // 3 reads + 4 placements.
    expect(first.stdout.match(/<line /g)).toHaveLength(7);
    expect(first.stdout).toContain('unread (no reader)');
    expect(first.stdout).toContain('idle (reads nothing)');
    expect((await runOps(world, ['graph', '--format', 'png'])).code).toBe(2);
  });
});
