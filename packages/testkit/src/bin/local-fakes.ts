import type { Catalog } from '@locksmith/schema';
import { type FakeSecretsManager, startFakeSecretsManager } from '../aws/server.js';
import { createTestSecrets } from '../generate/test-secrets.js';
import { type SeedReport, seedFakes } from '../seed.js';
import { type ServiceVaultLogin, seedVaultAuth } from '../seed-vault-auth.js';
import { type FakeVault, startFakeVault } from '../vault/server.js';

export interface LocalFakesOptions {
  readonly host?: string;
  readonly awsPort: number;
  readonly vaultPort: number;
  readonly catalog?: Catalog;
  readonly environment?: string;
  /** Seed for deterministic dev values; strong random when omitted. */
  readonly seed?: string;
}

/** Both fakes, seeded from a catalog, and the environment a service needs to reach them. */
export interface LocalFakes {
  readonly aws: FakeSecretsManager;
  readonly vault: FakeVault;
  readonly environment: string | undefined;
  readonly seeded: SeedReport;
  readonly logins: readonly ServiceVaultLogin[];
  /** Variables to export (endpoints and fake credentials, never a secret value). */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** Starts both fakes on fixed ports and seeds them with generated dev values. */
export async function startLocalFakes(options: LocalFakesOptions): Promise<LocalFakes> {
  const host = options.host ?? '127.0.0.1';
  const region = options.catalog?.providers.aws?.region ?? 'us-east-1';
  const accountId = options.catalog?.providers.aws?.accountId ?? '123456789012';
  const aws = await startFakeSecretsManager({ host, port: options.awsPort, region, accountId });
  let vault: FakeVault;
  try {
    vault = await startFakeVault({
      host,
      port: options.vaultPort,
      mounts: [options.catalog?.providers.vault?.mount ?? 'secret'],
    });
  } catch (error) {
    await aws.close();
    throw error;
  }
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
    environment,
    seeded,
    logins,
    env: {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: aws.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: aws.credentials.secretAccessKey,
      VAULT_ADDR: vault.endpoint,
      VAULT_TOKEN: vault.rootToken,
      ...(namespace ? { VAULT_NAMESPACE: namespace } : {}),
    },
    close: async () => {
      await Promise.all([aws.close(), vault.close()]);
    },
  };
}

/** What the command prints: endpoints, exports and seeded names. Values are never printed. */
export function describeLocalFakes(fakes: LocalFakes): string {
  const lines = [
    `fake AWS Secrets Manager  ${fakes.aws.endpoint}  (${fakes.aws.region}, account ${fakes.aws.accountId})`,
    `fake Vault                ${fakes.vault.endpoint}`,
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
