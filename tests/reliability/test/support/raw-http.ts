import { request } from 'node:http';

/** One answer from a fake, or the reason there was none. */
export interface RawAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * Sends one request exactly as given (no client-side validation), on a fresh connection, and
 * fails if nothing comes back within `timeoutMs`: a fake must never hang on bad input.
 */
export function rawRequest(
  endpoint: string,
  options: { method: string; path: string; headers: Record<string, string>; body?: string | Uint8Array },
  timeoutMs = 2000,
): Promise<RawAnswer> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        headers: options.headers,
        agent: false,
        insecureHTTPParser: true,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}
