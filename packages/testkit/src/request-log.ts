/** One request a fake served. Holds no body, header value or secret: safe to print. */
export interface RequestLogEntry {
  readonly seq: number;
  /** Fake-clock time the request arrived. */
  readonly at: number;
  readonly method: string;
  /** URL path without the query string. */
  readonly path: string;
  /** AWS operation (`GetSecretValue`) or Vault operation (`kv.read`, `auth.kubernetes.login`…). */
  readonly op: string;
  /** HTTP status sent, or 0 when the connection was reset, hung or cut. */
  readonly status: number;
  /** AWS access key id or Vault token accessor/display name, when known. */
  readonly principal: string | undefined;
  /** The injected fault that shaped the answer, if any. */
  readonly fault: string | undefined;
  /** AWS error type or Vault's first error line, if the answer was an error. */
  readonly error: string | undefined;
  /** Secrets the request named (AWS SecretId/SecretIdList, Vault KV path); names only, never values. */
  readonly secretIds: readonly string[];
}

/** What every fake exposes for assertions about the traffic it saw. */
export interface RequestLog {
  entries(): readonly RequestLogEntry[];
  /** Entries whose `op` equals the name (or matches the pattern). */
  byOp(op: string | RegExp): readonly RequestLogEntry[];
  count(op?: string | RegExp): number;
  clear(): void;
}

/** The writable side the servers use. */
export interface MutableRequestLog extends RequestLog {
  add(entry: Omit<RequestLogEntry, 'seq'>): void;
}

const matches = (pattern: string | RegExp, op: string): boolean =>
  typeof pattern === 'string' ? pattern === op : pattern.test(op);

/** Creates an in-memory request log. */
export function createRequestLog(): MutableRequestLog {
  let list: RequestLogEntry[] = [];
  let seq = 0;
  return {
    add(entry) {
      seq += 1;
      list.push(Object.freeze({ seq, ...entry }));
    },
    entries: () => list.slice(),
    byOp: (op) => list.filter((e) => matches(op, e.op)),
    count: (op) => (op === undefined ? list.length : list.filter((e) => matches(op, e.op)).length),
    clear() {
      list = [];
    },
  };
}
