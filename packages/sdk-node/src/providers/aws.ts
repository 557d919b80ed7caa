import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  type SecretsManagerClient,
  type SecretValueEntry,
} from '@aws-sdk/client-secrets-manager';
import { errorForSecret, SecretsError } from '../errors.js';
import { abortReason } from '../resilience/abort.js';
import type { FetchRequest, FetchResult, Provider, RawVersion, VersionStage } from '../types.js';
import { createSecretsManagerClient, type SecretsManagerClientOptions } from './aws-client.js';
import { awsErrorCode, fromAwsError } from './aws-errors.js';
import { attemptError, singleAttempt } from './aws-single-attempt.js';

/**
 * Options of the AWS Secrets Manager provider: those of {@link createSecretsManagerClient} (region,
 * credentials and endpoint default to the SDK's chain), or a client of your own. There is no
 * `maxAttempts`: every call is one attempt, the runtime retries.
 */
export interface AwsProviderOptions extends Omit<SecretsManagerClientOptions, 'maxAttempts'> {
  /**
   * A client you built yourself; then region/endpoint/credentials/timeouts are ignored. Its own
   * retry settings do not matter: every call is sent as one attempt (the runtime retries), and the
   * client is not changed. Give it socket timeouts: without them a store that never answers is
   * cut only by the runtime's call timeout (`timeoutMs`).
   */
  readonly client?: SecretsManagerClient;
}

const STAGES: Readonly<Record<VersionStage, string>> = {
  current: 'AWSCURRENT',
  previous: 'AWSPREVIOUS',
  pending: 'AWSPENDING',
};

/**
 * AWS Secrets Manager. Current values of many secrets come from `BatchGetSecretValue`
 * (20 per call); one secret, or another stage, from `GetSecretValue`.
 *
 * Every call is one SDK attempt — the built-in client has `maxAttempts: 1`, and each command also
 * carries a middleware that stops the SDK's retry loop (see aws-single-attempt.ts), so a client
 * you pass in does not multiply the runtime's retries either (3 × 3 = 9 requests per call).
 */
export function createAwsProvider(options: AwsProviderOptions = {}): Provider {
  // The client the operations tools build too: one attempt, socket timeouts that really abort.
  const client = options.client ?? createSecretsManagerClient(options);
  const ownsClient = options.client === undefined;

  async function getOne(request: FetchRequest, signal: AbortSignal): Promise<FetchResult> {
    const secret = request.secret.name;
    try {
      const output = await client.send(
        singleAttempt(
          new GetSecretValueCommand({
            SecretId: request.placement.path,
            VersionStage: STAGES[request.stage],
          }),
        ),
        { abortSignal: signal },
      );
      return toResult(output, secret);
    } catch (error) {
      // An abort carries its meaning in the signal's reason (a deadline is TIMEOUT, not ABORTED).
      return {
        ok: false,
        error: signal.aborted ? abortReason(signal, secret) : fromAwsError(attemptError(error), secret),
      };
    }
  }

  async function getBatch(requests: readonly FetchRequest[], signal: AbortSignal): Promise<FetchResult[]> {
    const byId = new Map<string, FetchResult>();
    let nextToken: string | undefined;
    do {
      const output = await client.send(
        singleAttempt(
          new BatchGetSecretValueCommand({
            SecretIdList: requests.map((r) => r.placement.path),
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        ),
        { abortSignal: signal },
      );
      for (const entry of output.SecretValues ?? []) {
        for (const id of [entry.Name, entry.ARN]) if (id) byId.set(id, toResult(entry, undefined));
      }
      for (const e of output.Errors ?? []) {
        if (!e.SecretId) continue;
        const code = awsErrorCode(e.ErrorCode ?? '', e.Message ?? '', undefined);
        const error = new SecretsError(code, `aws: batch entry failed: ${e.ErrorCode ?? 'unknown'}`, {
          provider: 'aws',
        });
        byId.set(e.SecretId, { ok: false, error });
      }
      nextToken = output.NextToken;
    } while (nextToken);
    return requests.map((r) => withSecret(byId.get(r.placement.path), r.secret.name));
  }

  return {
    name: 'aws',
    maxBatchSize: 20,
    async fetch(requests, signal) {
      const current = requests.filter((r) => r.stage === 'current');
      if (current.length < 2) return Promise.all(requests.map((r) => getOne(r, signal)));
      let batch: FetchResult[];
      try {
        batch = await getBatch(current, signal);
      } catch (error) {
        const mapped = signal.aborted ? abortReason(signal) : fromAwsError(attemptError(error), undefined);
        // A policy that grants GetSecretValue but not BatchGetSecretValue still works, one call per secret.
        if (mapped.code !== 'ACCESS_DENIED') throw mapped;
        batch = await Promise.all(current.map((r) => getOne(r, signal)));
      }
      const batched = new Map(current.map((r, i) => [r, batch[i]]));
      return Promise.all(requests.map((r) => batched.get(r) ?? getOne(r, signal)));
    },
    async close() {
      if (ownsClient) client.destroy();
    },
  };
}

function toResult(
  output: GetSecretValueCommandOutput | SecretValueEntry,
  secret: string | undefined,
): FetchResult {
  const versionId = output.VersionId;
  if (!versionId) {
    return {
      ok: false,
      error: new SecretsError('MALFORMED_RESPONSE', 'aws: response has no VersionId', {
        secret,
        provider: 'aws',
      }),
    };
  }
  const createdAt = output.CreatedDate ? { createdAt: output.CreatedDate } : {};
  let version: RawVersion;
  if (typeof output.SecretString === 'string') {
    version = { versionId, value: { kind: 'text', text: output.SecretString }, ...createdAt };
  } else if (output.SecretBinary instanceof Uint8Array) {
    version = { versionId, value: { kind: 'binary', bytes: output.SecretBinary }, ...createdAt };
  } else {
    return {
      ok: false,
      error: new SecretsError(
        'MALFORMED_RESPONSE',
        'aws: response has neither SecretString nor SecretBinary',
        {
          secret,
          provider: 'aws',
        },
      ),
    };
  }
  return { ok: true, version };
}

function withSecret(result: FetchResult | undefined, secret: string): FetchResult {
  if (!result) {
    const error = new SecretsError('MALFORMED_RESPONSE', `aws: batch response omitted secret "${secret}"`, {
      secret,
      provider: 'aws',
    });
    return { ok: false, error };
  }
  return result.ok ? result : { ok: false, error: errorForSecret(result.error, secret) };
}
