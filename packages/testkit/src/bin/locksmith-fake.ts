#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadCatalog } from '@locksmith/schema';
import { describeLocalFakes, startLocalFakes } from './local-fakes.js';

const USAGE = `Usage: locksmith-fake [--aws-port 4566] [--vault-port 8200] [--catalog FILE] [--env ENV] [--seed TEXT] [--host 127.0.0.1]

Starts a fake AWS Secrets Manager and a fake Vault on loopback, seeds them from the catalog with
generated dev values for one environment, and prints the variables to export. Values are never printed.
`;

function port(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${flag} must be a port number, got "${text}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'aws-port': { type: 'string' },
      'vault-port': { type: 'string' },
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
    ...(values.host ? { host: values.host } : {}),
    ...(catalog ? { catalog } : {}),
    ...(values.env ? { environment: values.env } : {}),
    ...(values.seed ? { seed: values.seed } : {}),
  });
  process.stdout.write(describeLocalFakes(fakes));
  const stop = (): void => {
    fakes.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // Catalog errors carry file:line:column and never values; other errors are ours.
  process.stderr.write(`locksmith-fake: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
});
