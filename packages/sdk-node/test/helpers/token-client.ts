import { createSecretClient } from '../../src/client.js';
import type { SecretClient } from '../../src/types.js';
import { CANARY, shopDescriptor } from './descriptor.js';
import { ScriptedProvider } from './scripted-provider.js';

/** A client that has loaded the api-token canary, or `token` (the caller closes it). */
export async function loadedTokenClient(
  token: string = CANARY.token,
): Promise<SecretClient<{ 'api-token': string }>> {
  const store = new ScriptedProvider().set('api-token', 't1', token);
  const client = createSecretClient<{ 'api-token': string }>(shopDescriptor(), {
    environment: 'dev',
    provider: store,
    metrics: false,
  });
  await client.get('api-token');
  return client;
}
