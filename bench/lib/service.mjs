/**
 * A service descriptor with `count` string secrets in AWS (environment `bench`), so the runtime
 * benchmarks need no catalog file; and a Powertools SecretsProvider pointed at the same fake.
 */
export function awsDescriptor(count, prefix = 'bench') {
  const secrets = {};
  for (let i = 0; i < count; i++) {
    const name = `s${String(i).padStart(5, '0')}`;
    secrets[name] = {
      name,
      kind: 'string',
      schema: { type: 'string' },
      fields: [{ name: null, env: `S_${i}`, type: 'string', required: true }],
      rotation: { strategy: 'manual' },
      placements: { bench: { provider: 'aws', path: `${prefix}/${name}` } },
    };
  }
  return {
    project: 'bench',
    service: 'bench',
    catalogHash: 'bench',
    environments: { bench: { source: 'store', production: false } },
    providers: { aws: { region: 'us-east-1', accountId: '123456789012' } },
    secrets,
  };
}

/** Names of the secrets of `awsDescriptor(count)`. */
export const secretNames = (count) =>
  Array.from({ length: count }, (_, i) => `s${String(i).padStart(5, '0')}`);

/** Options that point the real AWS provider at a fake. */
export function awsClientOptions(sdk, fake, extra = {}) {
  return {
    environment: 'bench',
    provider: 'aws',
    providers: {
      aws: sdk.createAwsProvider({
        endpoint: fake.endpoint,
        region: fake.region,
        credentials: fake.credentials,
      }),
    },
    metrics: false,
    ...extra,
  };
}

/** The Powertools anchor: a SecretsProvider on the fake (its own SDK client, its own cache). */
export function powertools(Parameters, fake) {
  return new Parameters.SecretsProvider({
    clientConfig: { endpoint: fake.endpoint, region: fake.region, credentials: fake.credentials },
  });
}
