import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { FakeSecretsManager } from '../src/index.js';

/** A real SDK client pointed at the fake, with SDK retries off so faults are seen as they are. */
export function sdkFor(fake: FakeSecretsManager, accessKeyId?: string): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint: fake.endpoint,
    region: fake.region,
    credentials: accessKeyId ? fake.credentialsFor(accessKeyId) : fake.credentials,
    maxAttempts: 1,
  });
}

/** Runs a promise that must reject and returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}
