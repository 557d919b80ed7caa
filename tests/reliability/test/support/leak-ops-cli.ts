import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeSecretsManager, type FakeVault, seedFakes } from '@locksmith/testkit';
import type { CanaryFixture } from './canary-fixture.js';
import type { LeakScanner } from './leak-scanner.js';
import { EXAMPLE_CATALOG, LOCKSMITH_BIN } from './paths.js';

/** One run of the bin in the tour and the exit code it must end with. */
interface Step {
  readonly name: string;
  readonly args: (world: OpsWorld) => readonly string[];
  readonly exit: number;
  /** Breaks (or mends) the world before the run. */
  readonly before?: (world: OpsWorld) => void;
}

interface OpsWorld {
  readonly dir: string;
  readonly aws: FakeSecretsManager;
  readonly vault: FakeVault;
  readonly cert: string;
  readonly stores: readonly string[];
}

/**
 * Every command that reads values from the stores, on the happy path and with the stores failing,
 * through the real bin in a child process. The fakes hold the canaries (and `.env` too).
 */
function steps(fixture: CanaryFixture): Step[] {
  const e = (_w: OpsWorld): string[] => ['--env', fixture.environment];
  return [
    { name: 'doctor --json', args: (w) => ['doctor', ...e(w), '--json', ...w.stores], exit: 1 },
    { name: 'audit', args: (w) => ['audit', ...e(w), ...w.stores], exit: 0 },
    {
      name: 'copy --dry-run',
      args: (w) => ['copy', '--from', 'aws', '--to', 'vault', ...e(w), '--dry-run', ...w.stores],
      exit: 0,
    },
    {
      name: 'copy aws → vault',
      args: (w) => ['copy', '--from', 'aws', '--to', 'vault', ...e(w), '--json', ...w.stores],
      exit: 0,
    },
    {
      name: 'copy vault → aws',
      args: (w) => ['copy', '--from', 'vault', '--to', 'aws', ...e(w), ...w.stores],
      exit: 0,
    },
    {
      name: 'seal from the stores',
      args: (w) => ['seal', ...e(w), '--cert', w.cert, '--out', 'sealed', ...w.stores],
      exit: 0,
    },
    {
      name: 'seal from .env',
      args: (w) => ['seal', ...e(w), '--cert', w.cert, '--from', 'dotenv', '.env', '--out', 'sealed-env'],
      exit: 0,
    },
    // import writes the catalog it could guess and exits 1 until its readers are filled in.
    {
      name: 'import from aws',
      args: (w) => ['import', '--from', 'aws', '--out', 'imported-aws.yaml', ...w.stores],
      exit: 1,
    },
    {
      name: 'import from vault',
      args: (w) => ['import', '--from', 'vault', 'shop', '--out', 'imported-vault.yaml', ...w.stores],
      exit: 1,
    },
    {
      name: 'import from .env',
      args: () => ['import', '--from', 'dotenv', '.env', '--out', 'imported-env.yaml'],
      exit: 1,
    },
    {
      name: 'doctor, AWS failing',
      before: (w) => w.aws.faults.inject({ error: '500', times: Number.POSITIVE_INFINITY }),
      args: (w) => ['doctor', ...e(w), '--json', ...w.stores],
      exit: 1,
    },
    { name: 'audit, AWS failing', args: (w) => ['audit', ...e(w), ...w.stores], exit: 1 },
    {
      name: 'copy, AWS failing',
      args: (w) => ['copy', '--from', 'aws', '--to', 'vault', ...e(w), ...w.stores],
      exit: 1,
    },
    {
      name: 'seal, AWS failing',
      args: (w) => ['seal', ...e(w), '--cert', w.cert, '--out', 'sealed-2', ...w.stores],
      exit: 1,
    },
    {
      name: 'doctor, Vault sealed',
      before: (w) => {
        w.aws.faults.clear();
        w.vault.faults.inject({ error: '503', times: Number.POSITIVE_INFINITY });
      },
      args: (w) => ['doctor', ...e(w), ...w.stores],
      exit: 1,
    },
    {
      name: 'copy vault → aws, Vault sealed',
      args: (w) => ['copy', '--from', 'vault', '--to', 'aws', ...e(w), ...w.stores],
      exit: 1,
    },
    {
      name: 'seal with a missing certificate',
      args: (w) => ['seal', ...e(w), '--cert', 'nope.pem', ...w.stores],
      exit: 2,
    },
  ];
}

/** Runs the bin without blocking this process: the fakes it talks to live here. */
function runBin(args: readonly string[], cwd: string, extraEnv: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [LOCKSMITH_BIN, ...args],
      {
        cwd,
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', FORCE_COLOR: '0', ...extraEnv },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr }),
    );
  });
}

/**
 * The value-reading operations tour: `doctor`, `audit`, `copy`, `seal` and `import` against the
 * fake stores holding the canaries, then with the stores failing. Every byte of stdout, stderr and
 * every file the commands write goes to the scanner. Returns the exit code of each step.
 */
export async function runOpsCliTour(
  fixture: CanaryFixture,
  scanner: LeakScanner,
  fakes: { aws: FakeSecretsManager; vault: FakeVault },
): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'locksmith-leak-ops-'));
  const exits: Record<string, number> = {};
  try {
    await copyFile(EXAMPLE_CATALOG, join(dir, 'secrets.catalog.yaml'));
    writeFileSync(
      join(dir, '.env'),
      `${Object.entries(fixture.env)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')}\n`,
    );
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=sealed-secret',
      ],
      { stdio: 'ignore' },
    );
    seedFakes(fakes, fixture.catalog, fixture.environment, fixture.values);
    const world: OpsWorld = {
      dir,
      ...fakes,
      cert,
      stores: ['--aws-endpoint', fakes.aws.endpoint, '--vault-addr', fakes.vault.endpoint],
    };
    const credentials = {
      AWS_ACCESS_KEY_ID: fakes.aws.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: fakes.aws.credentials.secretAccessKey,
      AWS_REGION: fakes.aws.region,
      VAULT_TOKEN: fakes.vault.rootToken,
    };
    for (const step of steps(fixture)) {
      step.before?.(world);
      const run = await runBin(step.args(world), dir, credentials);
      exits[step.name] = run.code;
      scanner.add(`ops ${step.name} stdout`, run.stdout);
      scanner.add(`ops ${step.name} stderr`, run.stderr);
    }
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const path = join(dir, file);
      // The key and .env hold what the tour planted; everything else was written by a command.
      if (file === '.env' || file.endsWith('.pem') || !statSync(path).isFile()) continue;
      scanner.add(`ops wrote ${file}`, readFileSync(path));
    }
  } finally {
    fakes.aws.faults.clear();
    fakes.vault.faults.clear();
    rmSync(dir, { recursive: true, force: true });
  }
  return exits;
}

/** The exit code each step must end with. */
export function expectedOpsExits(fixture: CanaryFixture): Record<string, number> {
  return Object.fromEntries(steps(fixture).map((s) => [s.name, s.exit]));
}
