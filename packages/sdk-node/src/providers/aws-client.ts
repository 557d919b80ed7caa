import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** How to build a Secrets Manager client. Region, credentials and endpoint default to the SDK's chain. */
export interface SecretsManagerClientOptions {
  readonly region?: string;
  /** Endpoint override (tests, LocalStack, VPC endpoints). */
  readonly endpoint?: string;
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  /**
   * Attempts per call (default 1). The runtime owns its retries (backoff, jitter, breaker), so the
   * SDK's loop would multiply them; a caller without its own retry layer (the operations
   * commands) asks for the SDK's usual 3.
   */
  readonly maxAttempts?: number;
  /** Socket-level timeouts of one HTTP request, in ms (defaults 2000 connect, 5000 request). */
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

/**
 * A Secrets Manager client configured the way the runtime's AWS provider configures its own:
 * bounded socket timeouts that really abort (not just warn), and retries only when asked for.
 * Exported so tools that also write or list secrets (`@locksmith/ops`) connect the same way.
 */
export function createSecretsManagerClient(options: SecretsManagerClientOptions = {}): SecretsManagerClient {
  return new SecretsManagerClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: options.maxAttempts ?? 1,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.connectionTimeoutMs ?? 2000,
      requestTimeout: options.requestTimeoutMs ?? 5000,
      // Without this the handler only logs a warning and the request hangs on.
      throwOnRequestTimeout: true,
    }),
  });
}
