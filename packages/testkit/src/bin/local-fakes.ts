import type { Catalog } from '@locksmith/schema';
import { type AdminServer, startAdminServer } from '../admin/server.js';
import { type FakeSecretsManager, startFakeSecretsManager } from '../aws/server.js';
import { createFakeClock, createRealClock, type FakeClock } from '../clock.js';
import { createTestSecrets } from '../generate/test-secrets.js';
import { type SeedReport, seedFakes } from '../seed.js';
import { type ServiceVaultLogin, seedVaultAuth } from '../seed-vault-auth.js';
import { type FakeVault, startFakeVault } from '../vault/server.js';

export interface LocalFakesOptions {
  readonly host?: string;
  readonly awsPort: number;
  readonly vaultPort: number;
  /** Port of the admin API (0 = a free one). The admin API always listens on loopback. */
  readonly adminPort?: number;
  /** Bearer token of the admin API (default: random). */
  readonly adminToken?: string;
  /**
   * A fake clock that only `POST /clock` (or `clock.advance`) moves. Default: the real clock,
   * so dates move, token TTLs run down and recovery windows end as on the real services.
   */
  readonly fakeClock?: boolean;
  readonly catalog?: Catalog;
  readonly environment?: string;
  /** Seed for deterministic dev values; strong random when omitted. */
  readonly seed?: string;
}

/** Both fakes, seeded from a catalog, and the environment a service needs to reach them. */
export interface LocalFakes {
  readonly aws: FakeSecretsManager;
  readonly vault: FakeVault;
  readonly admin: AdminServer;
  /** The clock both fakes share. */
  readonly clock: FakeClock;
  /** True when `clock` is a fake clock (moved by `POST /clock`), false for the real clock. */
  readonly fakeClock: boolean;
  readonly environment: string | undefined;
  readonly seeded: SeedReport;
  readonly logins: readonly ServiceVaultLogin[];
  /** Variables to export (endpoints and fake credentials, never a secret value). */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** Closes what started before a later start failed, then rethrows. */
async function startAll<T>(
  started: { close(): Promise<void> }[],
  start: () => Promise<T & { close(): Promise<void> }>,
): Promise<T & { close(): Promise<void> }> {
  try {
    const server = await start();
    started.push(server);
    return server;
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    throw error;
  }
}

/** Starts both fakes (and the admin API), and seeds them with generated dev values. */
export async function startLocalFakes(options: LocalFakesOptions): Promise<LocalFakes> {
  const host = options.host ?? '127.0.0.1';
  const region = options.catalog?.providers.aws?.region ?? 'us-east-1';
  const accountId = options.catalog?.providers.aws?.accountId ?? '123456789012';
  const clock = options.fakeClock ? createFakeClock() : createRealClock();
  const started: { close(): Promise<void> }[] = [];
  const aws = await startAll(started, () =>
    startFakeSecretsManager({ host, port: options.awsPort, region, accountId, clock }),
  );
  const vault = await startAll(started, () =>
    startFakeVault({
      host,
      port: options.vaultPort,
      clock,
      mounts: [options.catalog?.providers.vault?.mount ?? 'secret'],
    }),
  );
  const admin = await startAll(started, () =>
    startAdminServer({
      aws,
      vault,
      clock,
      movableClock: options.fakeClock === true,
      port: options.adminPort ?? 0,
      ...(options.adminToken === undefined ? {} : { token: options.adminToken }),
    }),
  );
  const catalog = options.catalog;
  const environment = options.environment ?? catalog?.environments[0]?.name;
  let seeded: SeedReport = { aws: [], vault: [] };
  let logins: ServiceVaultLogin[] = [];
  if (catalog && environment) {
    const values = createTestSecrets(
      catalog,
      {},
      { environment, ...(options.seed ? { random: options.seed } : {}) },
    );
    seeded = seedFakes({ aws, vault }, catalog, environment, values);
    logins = seedVaultAuth(vault, catalog, environment);
  }
  const namespace = catalog?.providers.vault?.namespace;
  return {
    aws,
    vault,
    admin,
    clock,
    fakeClock: options.fakeClock === true,
    environment,
    seeded,
    logins,
    env: {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint,
      // External Secrets Operator's AWS provider reads this one.
      AWS_SECRETSMANAGER_ENDPOINT: aws.endpoint,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: aws.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: aws.credentials.secretAccessKey,
      VAULT_ADDR: vault.endpoint,
      VAULT_TOKEN: vault.rootToken,
      ...(namespace ? { VAULT_NAMESPACE: namespace } : {}),
      LOCKSMITH_FAKE_ADMIN: admin.endpoint,
      LOCKSMITH_FAKE_ADMIN_TOKEN: admin.token,
    },
    close: async () => {
      await Promise.all([admin.close(), aws.close(), vault.close()]);
    },
  };
}

/** The one JSON object `locksmith-fake --json` prints: endpoints, credentials and the env block. */
export function describeLocalFakesJson(fakes: LocalFakes): string {
  return `${JSON.stringify({
    aws: {
      endpoint: fakes.aws.endpoint,
      region: fakes.aws.region,
      accessKeyId: fakes.aws.credentials.accessKeyId,
      secretAccessKey: fakes.aws.credentials.secretAccessKey,
    },
    vault: { endpoint: fakes.vault.endpoint, token: fakes.vault.rootToken },
    admin: { endpoint: fakes.admin.endpoint, token: fakes.admin.token },
    clock: fakes.fakeClock ? 'fake' : 'real',
    env: fakes.env,
    ...(fakes.environment === undefined
      ? {}
      : { environment: fakes.environment, seeded: fakes.seeded, logins: fakes.logins }),
  })}\n`;
}

/** What the command prints: endpoints, exports and seeded names. Values are never printed. */
export function describeLocalFakes(fakes: LocalFakes): string {
  const lines = [
    `fake AWS Secrets Manager  ${fakes.aws.endpoint}  (${fakes.aws.region}, account ${fakes.aws.accountId})`,
    `fake Vault                ${fakes.vault.endpoint}`,
    `admin API                 ${fakes.admin.endpoint}  (Authorization: Bearer $LOCKSMITH_FAKE_ADMIN_TOKEN)`,
    '',
    '# export these to point services and CLIs at the fakes:',
    ...Object.entries(fakes.env).map(([k, v]) => `export ${k}=${v}`),
  ];
  if (fakes.environment) {
    lines.push('', `# seeded for environment "${fakes.environment}" with generated dev values (not shown):`);
    for (const name of fakes.seeded.aws) lines.push(`  aws    ${name}`);
    for (const path of fakes.seeded.vault) lines.push(`  vault  ${path}`);
    for (const login of fakes.logins) {
      lines.push(`  login  ${login.service}: role "${login.role}", policy "${login.policy}"`);
    }
  }
  lines.push('', 'ready (Ctrl+C stops both)');
  return `${lines.join('\n')}\n`;
}
