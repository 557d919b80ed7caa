import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { createSecretsManagerClient } from '@locksmith/sdk-node';
import type { EnvVars } from '../context.js';
import {
  COPY_MARK,
  type SecretStore,
  StoreError,
  type StoreInfo,
  type StoreLocation,
  type StorePayload,
} from './types.js';

/** How to reach AWS: the SDK's default chain, an endpoint override (`--aws-endpoint`) and the region. */
export interface AwsStoreOptions {
  readonly region: string;
  readonly endpoint?: string | undefined;
  readonly env: EnvVars;
}

const errorName = (error: unknown): string =>
  error instanceof Error && typeof error.name === 'string' ? error.name : 'UnknownError';

const isNotFound = (error: unknown): boolean => errorName(error) === 'ResourceNotFoundException';

/** One store call may take this long: listing a large account is slower than the runtime's reads. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A Secrets Manager client built by the runtime's factory (@locksmith/sdk-node), with the region
 * from AWS_REGION or the catalog, explicit keys from the given environment (tests pass their own;
 * otherwise the SDK's default chain), and the SDK's own 3 attempts: the CLI has no retry layer.
 */
export function openAwsClient(options: AwsStoreOptions): SecretsManagerClient {
  const key = options.env['AWS_ACCESS_KEY_ID'];
  const secret = options.env['AWS_SECRET_ACCESS_KEY'];
  const sessionToken = options.env['AWS_SESSION_TOKEN'];
  return createSecretsManagerClient({
    region: options.env['AWS_REGION'] ?? options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(key && secret
      ? {
          credentials: {
            accessKeyId: key,
            secretAccessKey: secret,
            ...(sessionToken ? { sessionToken } : {}),
          },
        }
      : {}),
    maxAttempts: 3,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
}

/**
 * The AWS store of the operations: reads metadata, values and listings, and holds the admin
 * writes (CreateSecret, PutSecretValue) — the only place the operations write to AWS.
 */
export function createAwsStore(options: AwsStoreOptions): SecretStore {
  const client = openAwsClient(options);

  const fail = (operation: string, location: string, error: unknown): never => {
    throw new StoreError(
      `aws: ${operation} ${location} failed: ${errorName(error)}`,
      errorName(error) === 'AccessDeniedException',
    );
  };

  async function stage(name: string, stageName: string): Promise<string | undefined> {
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: name, VersionStage: stageName }));
      if (out.SecretString !== undefined) return out.SecretString;
      if (out.SecretBinary !== undefined) return Buffer.from(out.SecretBinary).toString('utf8');
      return undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      return fail('GetSecretValue', name, error);
    }
  }

  return {
    provider: 'aws',
    async info(location: StoreLocation): Promise<StoreInfo | undefined> {
      try {
        const out = await client.send(new DescribeSecretCommand({ SecretId: location.path }));
        if (out.DeletedDate !== undefined) return undefined;
        const days = out.RotationRules?.AutomaticallyAfterDays;
        return {
          location,
          rotationEnabled: out.RotationEnabled === true,
          ...(days === undefined ? {} : { rotationDays: days }),
          ...(out.LastRotatedDate ? { lastRotated: out.LastRotatedDate } : {}),
          ...(out.LastChangedDate ? { lastChanged: out.LastChangedDate } : {}),
        };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        return fail('DescribeSecret', location.path, error);
      }
    },
    current: (location) => stage(location.path, 'AWSCURRENT'),
    async versions(location): Promise<StorePayload[]> {
      const previous = await stage(location.path, 'AWSPREVIOUS');
      const current = await stage(location.path, 'AWSCURRENT');
      return [previous, current].filter((v): v is string => v !== undefined);
    },
    async write(location, payload, copyOf): Promise<void> {
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      const tags = copyOf === undefined ? undefined : [{ Key: COPY_MARK, Value: copyOf }];
      try {
        await client.send(new PutSecretValueCommand({ SecretId: location.path, SecretString: text }));
      } catch (error) {
        if (!isNotFound(error)) fail('PutSecretValue', location.path, error);
        try {
          await client.send(
            new CreateSecretCommand({
              Name: location.path,
              SecretString: text,
              ...(tags ? { Tags: tags } : {}),
            }),
          );
          return;
        } catch (createError) {
          fail('CreateSecret', location.path, createError);
        }
      }
      // An existing secret: (re)mark it, so a secret first written by hand is recognised as a copy too.
      if (tags) {
        try {
          await client.send(new TagResourceCommand({ SecretId: location.path, Tags: tags }));
        } catch (error) {
          fail('TagResource', location.path, error);
        }
      }
    },
    async copyOf(location): Promise<string | undefined> {
      try {
        const out = await client.send(new DescribeSecretCommand({ SecretId: location.path }));
        return out.Tags?.find((t) => t.Key === COPY_MARK)?.Value;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        return fail('DescribeSecret', location.path, error);
      }
    },
    async list(prefix): Promise<string[]> {
      const names: string[] = [];
      let token: string | undefined;
      do {
        try {
          const out = await client.send(
            new ListSecretsCommand({
              Filters: [{ Key: 'name', Values: [prefix] }],
              ...(token ? { NextToken: token } : {}),
            }),
          );
          for (const s of out.SecretList ?? []) if (s.Name?.startsWith(prefix)) names.push(s.Name);
          token = out.NextToken;
        } catch (error) {
          return fail('ListSecrets', prefix, error);
        }
      } while (token);
      return names.sort();
    },
    close: () => client.destroy(),
  };
}
