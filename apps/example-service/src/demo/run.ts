import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Catalog } from '@locksmith/schema';
import { createAwsProvider, createVaultProvider } from '@locksmith/sdk-node';
import { createTestSecrets, seedFakes, startFakeSecretsManager, startFakeVault } from '@locksmith/testkit';
import vaultClient from 'node-vault';
import { createApiSecrets } from '../../generated/ts/api.js';
import { createApp } from '../app.js';
import { memoryCheckpoint, migrateEncryption } from '../migrate-encryption.js';
import { memoryProfileStore } from '../store/profiles.js';
import { memoryUserStore } from '../store/users.js';
import { rotateAwsSecret, rotateVaultSecret } from './rotate.js';
import { newStats, trafficClient } from './traffic.js';

const ENVIRONMENT = 'staging';
const USERS = 20;
const WORKERS = 8;

/** What the demo measured; the narrative prints it and the exit code depends on `failed`. */
export interface DemoReport {
  /** Set when `serve` was asked for: everything is still running until this is called. */
  readonly close?: () => Promise<void>;
  readonly lines: string[];
  readonly served: number;
  readonly failed: number;
  readonly oldTokensAccepted: number;
  readonly oldTokens: number;
  readonly reEncrypted: number;
}

/**
 * The whole demo on an embedded default: fake AWS and Vault in-process, seeded with strong
 * random values; the api service on generated accessors; traffic while the JWT and PII keys
 * rotate; then the encryption migration. `serve` keeps everything running afterwards.
 */
export async function runDemo(
  catalog: Catalog,
  options: { log: (line: string) => void; serve?: boolean },
): Promise<DemoReport> {
  const { log } = options;
  const aws = await startFakeSecretsManager();
  const vault = await startFakeVault();
  const values = createTestSecrets(catalog, {}, { environment: ENVIRONMENT });
  seedFakes({ aws, vault }, catalog, ENVIRONMENT, values);
  log(`fake AWS Secrets Manager at ${aws.endpoint} and fake Vault at ${vault.endpoint}, in this process`);
  log(
    `seeded ${Object.keys(values).length} secrets of "${ENVIRONMENT}" with fresh random values (never printed)`,
  );

  const secrets = createApiSecrets({
    environment: ENVIRONMENT,
    providers: {
      aws: createAwsProvider({ region: aws.region, endpoint: aws.endpoint, credentials: aws.credentials }),
      vault: createVaultProvider({
        endpoint: vault.endpoint,
        auth: { method: 'token', token: vault.rootToken },
      }),
    },
    // Short TTL so the rotation shows up within a second; production keeps the 5-minute default.
    cacheTtlMs: 1_000,
  });
  const beforePreload = aws.requests.entries().length + vault.requests.entries().length;
  await secrets.preload();
  const preloadCalls = aws.requests.entries().length + vault.requests.entries().length - beforePreload;

  const users = memoryUserStore();
  const profiles = memoryProfileStore();
  let paymentEvents = 0;
  const server = createApp({ secrets, users, profiles, onPaymentEvent: () => paymentEvents++ });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  log(`api service on ${baseUrl}; preload fetched its 7 secrets in ${preloadCalls} store calls`);

  const stats = newStats();
  const http = trafficClient(baseUrl, stats);
  const webhookSecret = values['payment-webhook-secret'] as string;
  const now = () => Math.floor(Date.now() / 1000);

  const accounts = await Promise.all(
    Array.from({ length: USERS }, async (_, i) => {
      const user = `user${String(i).padStart(2, '0')}`;
      const password = randomBytes(12).toString('base64url');
      await users.register(user, password);
      const token = (await http.login(user, password)) ?? '';
      await http.putProfile(token, `${user}@example.test`);
      return { user, password, token };
    }),
  );
  const oldTokens = accounts.map((a) => a.token);

  let running = true;
  const workers = Array.from({ length: WORKERS }, async (_, w) => {
    for (let n = 0; running; n++) {
      const account = accounts[(w + n * WORKERS) % USERS];
      if (!account) continue;
      await http.me(account.token);
      await http.getProfile(account.token);
      if (n % 5 === 0) await http.putProfile(account.token, `${account.user}+${n}@example.test`);
      if (n % 7 === 0)
        await http.webhook(webhookSecret, { id: `evt_${w}_${n}`, type: 'payment.succeeded', n }, now());
    }
  });

  await sleep(1_500);
  const jwt = secrets.secret('jwt-signing-key');
  const pii = secrets.secret('pii-encryption-key');
  const jwtBefore = (await jwt.versions()).current.versionId;
  const piiBefore = (await pii.versions()).current.versionId;
  const seen = Promise.all([changed(jwt.onChange.bind(jwt)), changed(pii.onChange.bind(pii))]);
  const rotatedAt = Date.now();
  const sm = new SecretsManagerClient({
    region: aws.region,
    endpoint: aws.endpoint,
    credentials: aws.credentials,
  });
  const operatorVault = vaultClient({ endpoint: vault.endpoint, token: vault.rootToken });
  const jwtPath = placementPath(catalog, 'jwt-signing-key');
  const piiPath = placementPath(catalog, 'pii-encryption-key');
  const jwtAfter = await rotateVaultSecret(
    operatorVault,
    jwtPath.mount,
    jwtPath.path,
    randomBytes(32).toString('base64url'),
  );
  const piiAfter = await rotateAwsSecret(sm, piiPath.path, randomBytes(32).toString('base64url'));
  log(
    `rotated jwt-signing-key in Vault (version ${jwtBefore} → ${jwtAfter}) and pii-encryption-key in AWS (new AWSCURRENT; the old one is AWSPREVIOUS) while ${WORKERS} clients kept calling`,
  );
  await withTimeout(seen, 10_000, 'the service did not see the rotation within 10 s');
  log(
    `the service picked up both new versions ${Date.now() - rotatedAt} ms later, from a background refresh, without a restart`,
  );

  let oldTokensAccepted = 0;
  for (const token of oldTokens) if (await http.me(token)) oldTokensAccepted++;
  log(
    `${oldTokensAccepted} of ${oldTokens.length} tokens issued before the rotation are still accepted during the 1h overlap`,
  );
  for (const account of accounts)
    account.token = (await http.login(account.user, account.password)) ?? account.token;
  log(
    `fresh logins are signed with the new key (kid ${jwtAfter}); the old key stays valid only as the previous version`,
  );
  await sleep(1_000);

  const checkpoint = memoryCheckpoint();
  const first = await migrateEncryption({
    key: pii,
    store: profiles,
    checkpoint,
    batchSize: 5,
    maxBatches: 2,
  });
  const rest = await migrateEncryption({ key: pii, store: profiles, checkpoint, batchSize: 5 });
  const again = await migrateEncryption({ key: pii, store: profiles, checkpoint, batchSize: 5 });
  const reEncrypted = first.reEncrypted + rest.reEncrypted;
  log(
    `migrate-encryption re-encrypted ${reEncrypted} profile rows from key ${piiBefore} to ${piiAfter} (stopped after ${first.reEncrypted} and resumed; a third run found ${again.reEncrypted} to do)`,
  );

  running = false;
  await Promise.all(workers);
  let onNewKey = 0;
  for (const account of accounts) {
    const profile = await http.getProfile(account.token);
    if (profile?.keyVersion === piiAfter) onNewKey++;
  }
  log(`all ${onNewKey} of ${USERS} profiles now read back under the new PII key`);
  log(`${paymentEvents} payment webhooks verified with the webhook secret from Vault`);

  const close = async () => {
    server.close();
    await secrets.close();
    await Promise.all([aws.close(), vault.close()]);
    sm.destroy();
  };
  if (options.serve) {
    log('');
    log(`serving until Ctrl-C. Try: curl ${baseUrl}/readyz`);
    log(
      `  export AWS_ENDPOINT_URL_SECRETS_MANAGER=${aws.endpoint} AWS_REGION=${aws.region} AWS_ACCESS_KEY_ID=${aws.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${aws.credentials.secretAccessKey}`,
    );
    log(
      `  export VAULT_ADDR=${vault.endpoint} VAULT_TOKEN=${vault.rootToken}   # the in-process fake's own root token`,
    );
    log(
      `  then rotate by hand, e.g. vault kv put -mount=secret ${jwtPath.path} value=$(openssl rand -base64 32 | tr '+/' '-_' | tr -d =)`,
    );
  } else {
    await close();
  }
  return {
    ...(options.serve ? { close } : {}),
    lines: stats.failures,
    served: stats.served,
    failed: stats.failed,
    oldTokensAccepted,
    oldTokens: oldTokens.length,
    reEncrypted,
  };
}

function placementPath(catalog: Catalog, secret: string): { path: string; mount: string } {
  const placement = catalog.secrets
    .find((s) => s.name === secret)
    ?.placements.find((p) => p.environment === ENVIRONMENT);
  if (!placement) throw new Error(`${secret} has no placement in ${ENVIRONMENT}`);
  return { path: placement.path, mount: placement.mount ?? '' };
}

function changed(subscribe: (listener: () => void) => () => void): Promise<void> {
  return new Promise((resolve) => {
    const off = subscribe(() => {
      off();
      resolve();
    });
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
