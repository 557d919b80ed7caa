import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AccessorCompiler,
  filesOf,
  type GeneratedTrees,
  identifierOf,
  REPO_ROOT,
  removeTree,
  run,
  runs,
  writeTree,
} from './toolchain.js';

const SDK = join(REPO_ROOT, 'packages/sdk-rust');

/**
 * The workspace's `[profile.*]` tables, and the SDK compiled with the settings it has as a
 * workspace member: the corpus crate then reuses the dependencies already compiled in the shared
 * target directory instead of building the AWS SDK again.
 */
async function workspaceProfiles(): Promise<string> {
  const manifest = await readFile(join(REPO_ROOT, 'Cargo.toml'), 'utf8');
  const start = manifest.indexOf('[profile.');
  const profiles = start < 0 ? '' : manifest.slice(start);
  const memberDebug = /\[profile\.dev\]\s*(?:#[^\n]*\n\s*)*debug\s*=\s*("[^"]*"|\w+)/.exec(profiles)?.[1];
  return memberDebug
    ? `${profiles}\n[profile.dev.package.locksmith-sdk]\ndebug = ${memberDebug}\n`
    : profiles;
}

/**
 * `rustfmt --check` and one `cargo check` of a crate that includes every generated Rust module
 * (`#![deny(warnings)]`) and depends on packages/sdk-rust, with the workspace's Cargo.lock and the
 * shared target directory (`CARGO_TARGET_DIR`, else the repository's `target/`).
 */
export const cargoCheck: AccessorCompiler = {
  language: 'rust',
  tool: 'cargo check',
  async missing() {
    return (await runs('cargo', ['--version'])) && (await runs('rustfmt', ['--version']))
      ? undefined
      : 'cargo or rustfmt is not on PATH (rustup stable with rustfmt builds the Rust SDK)';
  },
  count: (trees) => filesOf(trees, 'rust', '.rs').length,
  async compile(trees: GeneratedTrees) {
    const files = new Map<string, string>();
    const modules: string[] = [];
    for (const [name, path, contents] of filesOf(trees, 'rust', '.rs')) {
      const module = `${identifierOf(name)}_${path.split('/')[0]}`;
      files.set(`src/${module}.rs`, contents);
      modules.push(`pub mod ${module};`);
    }
    files.set('src/lib.rs', `#![deny(warnings)]\n${modules.sort().join('\n')}\n`);
    files.set(
      'Cargo.toml',
      [
        '[package]',
        'name = "locksmith-corpus-check"',
        'version = "0.0.0"',
        'edition = "2021"',
        'publish = false',
        '',
        '[dependencies]',
        `locksmith-sdk = { path = ${JSON.stringify(SDK)} }`,
        '',
        '# Not a member of the repository workspace.',
        '[workspace]',
        '',
        await workspaceProfiles(),
      ].join('\n'),
    );
    files.set('Cargo.lock', await readFile(join(REPO_ROOT, 'Cargo.lock'), 'utf8'));
    const dir = await writeTree('locksmith-corpus-rs-', files);
    try {
      const problems: string[] = [];
      const sources = [...files.keys()].filter((p) => p.startsWith('src/c_')).map((p) => join(dir, p));
      const format = await run('rustfmt', ['--check', '--edition', '2021', ...sources], { cwd: dir });
      if (!format.ok) problems.push(`rustfmt --check: ${format.output}`);
      const check = await run('cargo', ['check', '--quiet', '--message-format', 'short'], {
        cwd: dir,
        env: {
          CARGO_TARGET_DIR: process.env.CARGO_TARGET_DIR ?? join(REPO_ROOT, 'target'),
          CARGO_TERM_COLOR: 'never',
          CARGO_INCREMENTAL: '0',
        },
      });
      if (!check.ok) problems.push(`cargo check: ${check.output}`);
      return problems;
    } finally {
      await removeTree(dir);
    }
  },
};
