import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAwsProvider,
  createEnvProvider,
  createFilesProvider,
  createSecretClient,
  createVaultProvider,
  type Logger,
  type Provider,
  type SecretClient,
  type SecretClientOptions,
  type VaultAuth,
} from '@locksmith/sdk-node';
import {
  type FakeSecretsManager,
  type FakeVault,
  type Faults,
  startFakeSecretsManager,
  startFakeVault,
  VAULT_STRING_KEY,
} from '@locksmith/testkit';
import {
  type DescriptorOptions,
  dbSecret,
  extraSecret,
  type StoreKind,
  serviceDescriptor,
  tokenSecret,
} from './descriptors.js';
import { SimClock, seededJitter } from './sim-clock.js';

/** Values the scenario service reads. */
export interface ScenarioValues {
  token: string;
  db: { url: string; password: string; port?: number; rev: string };
}

/** A value to seed: a string (string secret), an object (object secret) or bytes (AWS SecretBinary). */
export type SeedValue = string | Readonly<Record<string, unknown>> | Uint8Array;

/** One store, its fake (if any), the real provider and a client, all on one simulated clock. */
export interface Scenario {
  readonly store: StoreKind;
  readonly clock: SimClock;
  readonly client: SecretClient<ScenarioValues>;
  readonly aws: FakeSecretsManager | undefined;
  readonly vault: FakeVault | undefined;
  /** Fault injection of the fake (aws/vault only). */
  readonly faults: Faults | undefined;
  /** Environment variables the env provider reads (mutable). */
  readonly env: Record<string, string | undefined>;
  /** Root of the files provider. */
  readonly filesRoot: string;
  /** The static Vault token (only with `vaultAuth: 'token'`). */
  readonly vaultToken: string | undefined;
  /** Store path of a secret. */
  pathOf(secret: string): string;
  /** Writes a new version of a secret into the store. */
  seed(secret: string, value: SeedValue): void;
  /** Requests the store received so far (HTTP requests for fakes, provider calls for env/files). */
  storeRequests(): number;
  /** Secrets asked of the provider so far, summed over its calls (a batch of 3 counts 3). */
  secretReads(): number;
  /** Provider calls so far (one call may carry several secrets). */
  storeCalls(): number;
  close(): Promise<void>;
}

/** Options of `startScenario`. */
export interface ScenarioOptions {
  /** Wall-clock socket timeout of the store clients; small for hang rows. */
  readonly requestTimeoutMs?: number;
  readonly client?: Omit<SecretClientOptions, 'clock' | 'provider' | 'providers' | 'environment'>;
  readonly logger?: Logger;
  /** Vault auth method: AppRole (re-login possible, default) or a static token. */
  readonly vaultAuth?: 'approle' | 'token';
  /** What the service reads besides `token` and `db` (see descriptors.ts). */
  readonly descriptor?: DescriptorOptions;
}

const FIELD_ENV: Record<string, string> = {
  url: 'DATABASE_URL',
  password: 'DB_PASSWORD',
  port: 'DB_PORT',
  rev: 'DB_REV',
};

/** Starts a scenario: the fake store on a SimClock, the real provider, and a client over them. */
export async function startScenario(store: StoreKind, options: ScenarioOptions = {}): Promise<Scenario> {
  const clock = new SimClock();
  const requestTimeoutMs = options.requestTimeoutMs ?? 2000;
  const env: Record<string, string | undefined> = {};
  const filesRoot = mkdtempSync(join(tmpdir(), 'locksmith-rel-'));
  let aws: FakeSecretsManager | undefined;
  let vault: FakeVault | undefined;
  let vaultToken: string | undefined;
  let inner: Provider;
  if (store === 'aws') {
    aws = await startFakeSecretsManager({ clock });
    inner = createAwsProvider({
      endpoint: aws.endpoint,
      region: aws.region,
      credentials: aws.credentials,
      requestTimeoutMs,
    });
  } else if (store === 'vault') {
    vault = await startFakeVault({ clock });
    vault.setPolicy(
      'api',
      'path "secret/data/reliability/*" { capabilities = ["read"] }\npath "secret/metadata/reliability/*" { capabilities = ["read"] }',
    );
    let auth: VaultAuth;
    if (options.vaultAuth === 'token') {
      vaultToken = vault.createToken({ policies: ['api'], ttlMs: 24 * 3_600_000 }).token;
      auth = { method: 'token', token: vaultToken };
    } else {
      const { roleId, secretId } = vault.addAppRole('api', { policies: ['api'], tokenTtlMs: 24 * 3_600_000 });
      auth = { method: 'approle', roleId, secretId };
    }
    inner = createVaultProvider({
      endpoint: vault.endpoint,
      auth,
      requestTimeoutMs,
      clock,
    });
  } else if (store === 'env') {
    inner = createEnvProvider({ env });
  } else {
    inner = createFilesProvider({ root: filesRoot });
  }

  let inFlight = 0;
  let calls = 0;
  let reads = 0;
  const idleWaiters: (() => void)[] = [];
  const provider: Provider = {
    name: inner.name,
    maxBatchSize: inner.maxBatchSize,
    async fetch(requests, signal) {
      inFlight++;
      calls++;
      reads += requests.length;
      try {
        return await inner.fetch(requests, signal);
      } finally {
        inFlight--;
        if (inFlight === 0) for (const wake of idleWaiters.splice(0)) wake();
      }
    },
  };
  clock.idleWhen(
    () => inFlight === 0,
    () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
  );

  const client = createSecretClient<ScenarioValues>(serviceDescriptor(store, options.descriptor), {
    environment: 'test',
    provider: store,
    providers: { [store]: provider },
    clock,
    random: seededJitter(7),
    metrics: false,
    ...(options.logger ? { logger: options.logger } : {}),
    ...options.client,
  });

  const pathOf = (secret: string): string => {
    const descriptor =
      secret === 'token'
        ? tokenSecret(store)
        : secret === 'db'
          ? dbSecret(store)
          : extraSecret(store, Number(secret.slice('extra-'.length)));
    return descriptor.placements.test?.path ?? secret;
  };
  let fileVersion = 0;
  const seed = (secret: string, value: SeedValue): void => {
    const path = pathOf(secret);
    if (aws) {
      aws.store.set(path, value);
    } else if (vault) {
      const data = typeof value === 'string' ? { [VAULT_STRING_KEY]: value } : { ...value };
      vault.kv.put(path, data as Record<string, unknown>);
    } else {
      if (secret !== 'token' && secret !== 'db') throw new Error('extra secrets need the aws or vault store');
      const fields = asFields(value);
      if (store === 'env') Object.assign(env, fields);
      else writeFilesVersion(join(filesRoot, secret), fields, ++fileVersion);
    }
  };

  return {
    store,
    clock,
    client,
    aws,
    vault,
    faults: aws?.faults ?? vault?.faults,
    env,
    filesRoot,
    vaultToken,
    pathOf,
    seed,
    storeRequests: () => aws?.requests.count() ?? vault?.requests.count() ?? calls,
    secretReads: () => reads,
    storeCalls: () => calls,
    async close() {
      await client.close();
      await inner.close?.();
      await aws?.close();
      await vault?.close();
      rmSync(filesRoot, { recursive: true, force: true });
    },
  };
}

/** Field values keyed by env var name, as env and files providers store them. */
function asFields(value: SeedValue): Record<string, string> {
  if (typeof value === 'string') return { API_TOKEN: value };
  if (value instanceof Uint8Array) return { API_TOKEN: Buffer.from(value).toString('latin1') };
  const fields: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) fields[FIELD_ENV[key] ?? key] = String(v);
  return fields;
}

/** The kubelet's layout: a versioned directory, then `..data` swapped to point at it. */
function writeFilesVersion(dir: string, fields: Record<string, string>, version: number): void {
  const versionDir = join(dir, `..v${version}`);
  mkdirSync(versionDir, { recursive: true });
  for (const [name, text] of Object.entries(fields)) writeFileSync(join(versionDir, name), text);
  // As the kubelet does: a fresh link renamed over `..data`, so a reader sees one version or the other.
  const tmp = join(dir, `..data_tmp${version}`);
  symlinkSync(`..v${version}`, tmp);
  renameSync(tmp, join(dir, '..data'));
}
