// Runs the built CLI in this process with the arguments given, then prints (as the last line)
// which heavy libraries the run loaded: a warm run should load none of them.
import { createRequire } from 'node:module';

const { runCli } = await import(new URL('../../dist/cli/main.js', import.meta.url).href);
const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  color: false,
});
const loaded = Object.keys(createRequire(import.meta.url).cache);
const heavy = {
  'ajv compiler': loaded.some((f) => f.includes('/ajv/dist/core.js')),
  'ts-morph': loaded.some((f) => f.includes('/ts-morph/')),
  'json-schema-to-typescript': loaded.some((f) => f.includes('/json-schema-to-typescript/')),
  yaml: loaded.some((f) => /\/yaml\/dist\//.test(f)),
};
process.stdout.write(`\n${JSON.stringify({ code, heavy })}\n`);
