#!/usr/bin/env node
import { colorEnabled } from './color.js';
import { runCli } from './main.js';

const color = colorEnabled(process.env, Boolean(process.stderr.isTTY));

process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color,
});
