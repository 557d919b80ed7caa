import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAwsProvider, createVaultProvider, type VaultAuth } from '@locksmith/sdk-node';
import {
  type FakeSecretsManager,
  type FakeVault,
  type Faults,
  makeServiceAccountJwt,
  startFakeSecretsManager,
  startFakeVault,
  VAULT_STRING_KEY,
} from '../src/index.js';
import type { ContractFault, ContractFaultHandle, ProviderContractHarness } from '../src/vitest/index.js';

/** Contract faults go to the fake's own fault API, aimed at the one secret. */
const faultsOf = (faults: Faults) => ({
  fault: ({ error, secret, times }: ContractFault): ContractFaultHandle =>
    faults.inject({ error, secretId: secret.name, times }),
  clearFaults: () => faults.clear(),
});

/** The real AWS provider against a fresh fake Secrets Manager. */
export async function awsHarness(
  requestTimeoutMs = 2000,
): Promise<ProviderContractHarness & { fake: FakeSecretsManager }> {
  const fake = await startFakeSecretsManager();
  const provider = createAwsProvider({
    endpoint: fake.endpoint,
    region: fake.region,
    credentials: fake.credentials,
    requestTimeoutMs,
  });
  return {
    fake,
    provider,
    store: 'aws',
    write: (secret, value) => {
      const path = secret.placements.contract?.path ?? secret.name;
      fake.store.set(path, typeof value === 'object' ? JSON.stringify(value) : String(value));
    },
    ...faultsOf(fake.faults),
    close: () => fake.close(),
  };
}

/** Writes a service-account token file, as the kubelet would mount it. */
export function serviceAccountTokenFile(jwt: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'locksmith-sa-'));
  const file = join(dir, 'token');
  writeFileSync(file, jwt);
  return file;
}

/** The real Vault provider (token, AppRole or Kubernetes auth) against a fresh fake Vault. */
export async function vaultHarness(
  method: VaultAuth['method'] = 'token',
  requestTimeoutMs = 2000,
): Promise<ProviderContractHarness & { fake: FakeVault }> {
  const fake = await startFakeVault();
  fake.setPolicy(
    'contract',
    'path "secret/data/locksmith-contract/*" { capabilities = ["read"] }\npath "secret/metadata/locksmith-contract/*" { capabilities = ["read"] }',
  );
  let auth: VaultAuth;
  if (method === 'token') {
    auth = { method: 'token', token: fake.createToken({ policies: ['contract'], ttlMs: 3_600_000 }).token };
  } else if (method === 'approle') {
    const { roleId, secretId } = fake.addAppRole('contract', { policies: ['contract'] });
    auth = { method: 'approle', roleId, secretId };
  } else {
    fake.addKubernetesRole('contract', {
      boundServiceAccountNames: ['api'],
      boundServiceAccountNamespaces: ['shop'],
      policies: ['contract'],
    });
    const jwt = makeServiceAccountJwt({
      namespace: 'shop',
      serviceAccount: 'api',
      issuedAtMs: fake.clock.now(),
    });
    auth = { method: 'kubernetes', role: 'contract', jwtPath: serviceAccountTokenFile(jwt) };
  }
  const provider = createVaultProvider({
    endpoint: fake.endpoint,
    auth,
    requestTimeoutMs,
    clock: fake.clock,
  });
  return {
    fake,
    provider,
    store: 'vault',
    write: (secret, value) => {
      const path = secret.placements.contract?.path ?? secret.name;
      fake.kv.put(path, typeof value === 'object' ? { ...value } : { [VAULT_STRING_KEY]: String(value) });
    },
    ...faultsOf(fake.faults),
    close: () => fake.close(),
  };
}
