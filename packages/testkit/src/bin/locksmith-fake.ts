#!/usr/bin/env node
import { fstatSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadCatalog } from '@locksmith/schema';
import { describeLocalFakes, describeLocalFakesJson, startLocalFakes } from './local-fakes.js';

const USAGE = `Usage: locksmith-fake [--aws-port 4566] [--vault-port 8200] [--admin-port 0] [--json] [--fake-clock]
                      [--catalog FILE --env ENV] [--seed TEXT] [--host 127.0.0.1]

Starts a fake AWS Secrets Manager, a fake Vault and a token-protected admin API (loopback only),
seeds the fakes from the catalog with generated dev values for one environment, and prints the
variables to export. Values are never printed. Port 0 picks a free port.

  --json        print one JSON object (endpoints, credentials, env block) as the only stdout line
  --fake-clock  a clock that only POST /clock moves (default: the real clock)

Runs until SIGTERM or SIGINT, or until stdin closes when stdin is a pipe (so a test runner that
dies takes the fakes with it).
`;

function port(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new Error(`${flag} must be a port number, got "${text}"`);
  return n;
}

/** stdin ending means the parent is gone, but only a pipe or socket can end; /dev/null ends at once. */
function stdinCanSignalParentExit(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'aws-port': { type: 'string' },
      'vault-port': { type: 'string' },
      'admin-port': { type: 'string' },
      json: { type: 'boolean' },
      'fake-clock': { type: 'boolean' },
      catalog: { type: 'string' },
      env: { type: 'string' },
      seed: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const catalog = values.catalog ? await loadCatalog(values.catalog) : undefined;
  if (catalog && values.env && !catalog.environments.some((e) => e.name === values.env)) {
    throw new Error(`--env "${values.env}" is not an environment of ${values.catalog}`);
  }
  const fakes = await startLocalFakes({
    awsPort: port(values['aws-port'], 4566, '--aws-port'),
    vaultPort: port(values['vault-port'], 8200, '--vault-port'),
    adminPort: port(values['admin-port'], 0, '--admin-port'),
    fakeClock: values['fake-clock'] === true,
    ...(values.host ? { host: values.host } : {}),
    ...(catalog ? { catalog } : {}),
    ...(values.env ? { environment: values.env } : {}),
    ...(values.seed ? { seed: values.seed } : {}),
  });
  process.stdout.write(values.json ? describeLocalFakesJson(fakes) : describeLocalFakes(fakes));
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    fakes.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (stdinCanSignalParentExit()) {
    process.stdin.on('end', stop);
    process.stdin.on('close', stop);
    process.stdin.resume();
  }
}

main().catch((error: unknown) => {
  // Catalog errors carry file:line:column and never values; other errors are ours.
  process.stderr.write(`locksmith-fake: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
});
