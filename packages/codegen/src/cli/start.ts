// What the `locksmith` bin runs: the whole CLI behind one entry, so the build can bundle it
// (scripts/bundle-cli.mjs) and a run loads a handful of files instead of every module.
import { colorEnabled } from './color.js';
import { runCli } from './main.js';

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
