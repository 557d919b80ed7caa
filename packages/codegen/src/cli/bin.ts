#!/usr/bin/env node
import * as module from 'node:module';

// Most of a small run is loading modules. Node 22.1+ can keep their compiled code between runs
// (in NODE_COMPILE_CACHE, or its default directory under the OS temp dir): use it where the
// running Node has it, before anything else loads. Older Nodes have no such call.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const [{ colorEnabled }, { runCli }] = await Promise.all([import('./color.js'), import('./main.js')]);
const color = colorEnabled(process.env, Boolean(process.stderr.isTTY));

// Ctrl-C ends `gen --watch` cleanly (exit 0); a second one is Node's default, immediate exit.
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => stop.abort());
}

process.exitCode = await runCli(
  process.argv.slice(2),
  {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color,
  },
  { signal: stop.signal },
);
