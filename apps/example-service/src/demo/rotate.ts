import { PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { client as VaultClient } from 'node-vault';

/**
 * Rotation as an operator (or a rotation Lambda) does it, through the stores' real APIs:
 * AWS PutSecretValue moves AWSCURRENT to the new version and the old one to AWSPREVIOUS;
 * a Vault KV v2 write adds a version and keeps the earlier ones. Services pick the new
 * version up on their next background refresh; nothing restarts.
 */
export async function rotateAwsSecret(
  client: SecretsManagerClient,
  name: string,
  value: string,
): Promise<string> {
  const out = await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
  if (!out.VersionId) throw new Error(`PutSecretValue for ${name} returned no VersionId`);
  return out.VersionId;
}

export async function rotateVaultSecret(
  vault: VaultClient,
  mount: string,
  path: string,
  value: string,
): Promise<string> {
  // String secrets live under the key `value` (the convention the runtime and codegen share).
  const out = (await vault.write(`${mount}/data/${path}`, { data: { value } })) as {
    data?: { version?: number };
  };
  return String(out.data?.version ?? '');
}
