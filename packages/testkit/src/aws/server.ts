import { randomBytes, randomUUID } from 'node:crypto';
import { createFakeClock, type FakeClock } from '../clock.js';
import { createFaults, type FaultKind, type Faults } from '../faults.js';
import { type FakeRequest, type FakeResponse, type HttpLimits, startFakeHttpServer } from '../http.js';
import { createRequestLog, type RequestLog } from '../request-log.js';
import { isArn } from './arn.js';
import { createAuthorizer, type IamOptions, type IamPrincipal } from './authorizer.js';
import { AwsError, type AwsErrorType } from './errors.js';
import type { JsonObject, OperationContext } from './operations/context.js';
import { OPERATIONS } from './operations/index.js';
import { createSeedApi, type FakeSecretsManagerStore } from './seed-api.js';
import { accessKeyIdFromAuthorization } from './sigv4.js';
import { SecretsStore } from './store.js';
import { isStsRequest, serveSts, stsAction } from './sts.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'secretsmanager.';

/** Static credentials for the real SDK; the fake reads only the access key id. */
export interface FakeAwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface FakeSecretsManagerOptions {
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Default `123456789012`. */
  readonly accountId?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  readonly host?: string;
  /** Share one fake clock between fakes and the runtime. */
  readonly clock?: FakeClock;
  /** Enforce IAM identity policies per access key id. */
  readonly iam?: IamOptions;
  /** Body size and socket deadlines (defaults: 1 MiB, 10 s for the request head, 10 s body pause). */
  readonly limits?: Partial<HttpLimits>;
  /** Value RotateSecret-lite stores as the new version (default: 32 random hex characters). */
  readonly rotationValue?: (secretName: string) => string;
}

/** A running fake AWS Secrets Manager. Point the real SDK at `endpoint`. */
export interface FakeSecretsManager {
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  readonly accountId: string;
  /** Credentials for the SDK: the first IAM principal's key when `iam` is set. */
  readonly credentials: FakeAwsCredentials;
  /** Seed and inspect data without going through HTTP. */
  readonly store: FakeSecretsManagerStore;
  readonly faults: Faults;
  readonly requests: RequestLog;
  readonly clock: FakeClock;
  /** Credentials for a given access key id (any secret key is accepted). */
  credentialsFor(accessKeyId: string): FakeAwsCredentials;
  close(): Promise<void>;
}

const FAULT_ANSWERS: Record<
  Exclude<FaultKind, 'reset' | 'hang' | 'malformed' | 'truncated'>,
  [AwsErrorType, string]
> = {
  throttle: ['ThrottlingException', 'Rate exceeded'],
  '500': ['InternalServiceError', 'An error occurred on the server side.'],
  '503': ['ServiceUnavailable', 'The service is unavailable. Please try again later.'],
  sealed: ['ServiceUnavailable', 'The service is unavailable. Please try again later.'],
  denied: ['AccessDeniedException', 'You do not have sufficient access to perform this action.'],
  'not-found': ['ResourceNotFoundException', "Secrets Manager can't find the specified secret."],
  decryption: [
    'DecryptionFailure',
    "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
  ],
  'expired-token': ['ExpiredTokenException', 'The security token included in the request is expired'],
};

const errorResponse = (error: AwsError): FakeResponse => ({
  status: error.status,
  body: { __type: error.type, message: error.message },
  headers: { 'x-amzn-requestid': randomUUID(), 'x-amzn-errortype': error.type },
  error: error.type,
});

function parseInput(req: FakeRequest): JsonObject {
  if (req.body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsError('SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as JsonObject;
}

/** The secrets a request names (`SecretId`, `SecretIdList`), for fault matching and the request log. */
function namedSecrets(req: FakeRequest, canonical: (id: string) => string): string[] {
  let input: JsonObject;
  try {
    input = parseInput(req);
  } catch {
    return [];
  }
  const ids = [input.SecretId, ...(Array.isArray(input.SecretIdList) ? input.SecretIdList : [])];
  return ids.filter((id): id is string => typeof id === 'string' && id !== '').map(canonical);
}

/** Starts a fake AWS Secrets Manager (AWS JSON 1.1) on 127.0.0.1. */
export async function startFakeSecretsManager(
  options: FakeSecretsManagerOptions = {},
): Promise<FakeSecretsManager> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const clock = options.clock ?? createFakeClock();
  const store = new SecretsStore(region, accountId, clock);
  const faults = createFaults(clock);
  const log = createRequestLog();
  const sessions = new Map<string, IamPrincipal>();
  const authorize = createAuthorizer(options.iam, accountId, region, sessions);
  const rotationValue = options.rotationValue ?? (() => randomBytes(16).toString('hex'));
  const resourceFor = (id: string): string =>
    store.find(id)?.arn ?? (isArn(id) ? id : `arn:aws:secretsmanager:${region}:${accountId}:secret:${id}`);

  const server = await startFakeHttpServer({
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    clock,
    faults,
    log,
    contentType: CONTENT_TYPE,
    classify(req) {
      if (isStsRequest(req)) return { op: `sts.${stsAction(req)}`, principal: undefined };
      const target = req.headers['x-amz-target'];
      const op =
        typeof target === 'string' && target.startsWith(TARGET_PREFIX)
          ? target.slice(TARGET_PREFIX.length)
          : '';
      return {
        op: op || 'Unknown',
        principal: accessKeyIdFromAuthorization(req.headers.authorization),
        secretIds: namedSecrets(req, (id) => store.find(id)?.name ?? id),
      };
    },
    handle(req, { op, principal }) {
      if (isStsRequest(req)) return serveSts(req, options.iam, sessions, accountId, clock.now());
      try {
        const operation = OPERATIONS[op];
        if (req.method !== 'POST' || !operation) {
          throw new AwsError('UnknownOperationException', `Unknown operation ${op}`);
        }
        const ctx: OperationContext = {
          store,
          clock,
          authorize: (action, resource, context) => authorize(principal, action, resource, context),
          resourceFor,
          rotationValue,
        };
        const output = operation(ctx, parseInput(req));
        return { status: 200, body: output, headers: { 'x-amzn-requestid': randomUUID() } };
      } catch (error) {
        if (error instanceof AwsError) return errorResponse(error);
        throw error;
      }
    },
    renderTooLarge: () => ({
      status: 413,
      body: { message: 'Request Entity Too Large' },
      headers: { 'x-amzn-requestid': randomUUID() },
      error: 'RequestEntityTooLarge',
    }),
    renderFault(kind) {
      const answer = FAULT_ANSWERS[kind as keyof typeof FAULT_ANSWERS];
      return errorResponse(new AwsError(answer[0], answer[1]));
    },
  });

  const firstKey = options.iam ? Object.keys(options.iam.principals)[0] : undefined;
  const credentialsFor = (accessKeyId: string): FakeAwsCredentials => ({
    accessKeyId,
    secretAccessKey: 'locksmith-fake-secret-access-key',
  });
  return {
    endpoint: server.endpoint,
    port: server.port,
    region,
    accountId,
    credentials: credentialsFor(firstKey ?? 'AKIALOCKSMITHFAKE00'),
    store: createSeedApi(store),
    faults,
    requests: log,
    clock,
    credentialsFor,
    close: () => server.close(),
  };
}
