import type { AddressInfo } from 'node:net';
import { createAwsProvider, createVaultProvider, type SecretClient } from '@locksmith/sdk-node';
import { type FakeSecretsManager, type FakeVault, seedFakes } from '@locksmith/testkit';
import { type ApiSecretValues, createApiSecrets } from '../../../../apps/example-service/generated/ts/api.js';
import { createApp } from '../../../../apps/example-service/src/app.js';
import { SIGNATURE_HEADER, signWebhook } from '../../../../apps/example-service/src/crypto/webhook.js';
import { memoryProfileStore } from '../../../../apps/example-service/src/store/profiles.js';
import { memoryUserStore } from '../../../../apps/example-service/src/store/users.js';
import type { CanaryFixture } from './canary-fixture.js';
import { scannedLogger } from './leak-runtime.js';
import type { LeakScanner } from './leak-scanner.js';

/**
 * The example service over its generated accessors, on the seeded fakes: every route, good and
 * bad requests, health and readiness. Every status line, header and body goes to the scanner.
 * Returns the statuses seen, so the test can check each path was exercised.
 */
export async function runHttpTour(
  fixture: CanaryFixture,
  scanner: LeakScanner,
  fakes: { aws: FakeSecretsManager; vault: FakeVault },
): Promise<number[]> {
  seedFakes(fakes, fixture.catalog, fixture.environment, fixture.values);
  const secrets: SecretClient<ApiSecretValues> = createApiSecrets({
    environment: fixture.environment,
    providers: {
      aws: createAwsProvider({
        endpoint: fakes.aws.endpoint,
        region: fakes.aws.region,
        credentials: fakes.aws.credentials,
      }),
      vault: createVaultProvider({
        endpoint: fakes.vault.endpoint,
        auth: { method: 'token', token: fakes.vault.rootToken },
      }),
    },
    logger: scannedLogger(scanner),
  });
  await secrets.preload();
  const users = memoryUserStore();
  await users.register('alice', 'correct horse battery staple');
  const server = createApp({ secrets, users, profiles: memoryProfileStore() });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const statuses: number[] = [];
  const call = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    statuses.push(res.status);
    scanner.add(`http ${method} ${path} ${res.status}`, `${JSON.stringify([...res.headers])}\n${text}`);
    return text;
  };
  try {
    await call('POST', '/login', '{not json');
    await call('POST', '/login', JSON.stringify({ user: 'alice', password: 'wrong' }));
    const login = await call(
      'POST',
      '/login',
      JSON.stringify({ user: 'alice', password: 'correct horse battery staple' }),
    );
    const token = (JSON.parse(login) as { token: string }).token;
    const auth = { authorization: `Bearer ${token}` };
    await call('GET', '/me', undefined, auth);
    await call('GET', '/me', undefined, { authorization: 'Bearer forged.token.value' });
    await call('GET', '/profile', undefined, auth);
    await call('PUT', '/profile', JSON.stringify({ email: 'alice@example.test' }), auth);
    await call('GET', '/profile', undefined, auth);
    const event = JSON.stringify({ type: 'payment.succeeded', id: 'evt_1' });
    const webhookSecret = fixture.values['payment-webhook-secret'] as string;
    const now = Math.floor(Date.now() / 1000);
    await call('POST', '/webhooks/payment', event, {
      [SIGNATURE_HEADER]: signWebhook(webhookSecret, event, now),
    });
    await call('POST', '/webhooks/payment', event, { [SIGNATURE_HEADER]: 't=1,v1=deadbeef' });
    await call('GET', '/healthz');
    await call('GET', '/readyz');
    await call('GET', '/nowhere');
    // The store goes away: health turns stale/failed, and answers must still hold no value.
    fakes.aws.faults.inject({ error: '503', times: Number.POSITIVE_INFINITY });
    await secrets
      .secret('database')
      .refresh()
      .catch(() => undefined);
    await call('GET', '/healthz');
    await call('GET', '/readyz');
    fakes.aws.faults.clear();
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await secrets.close();
  }
  return statuses;
}
