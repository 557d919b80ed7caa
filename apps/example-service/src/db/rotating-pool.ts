import type { SecretHandle } from '@locksmith/sdk-node';
import pg from 'pg';
import type { Database } from '../../generated/ts/api.js';

/** How long a retired pool may take to finish the queries it already started. */
const DRAIN_TIMEOUT_MS = 30_000;

/**
 * A PostgreSQL pool that follows the `database` secret. When a rotation produces a new version,
 * a new pool opens with the new credentials and takes all new queries at once; the old pool
 * finishes what it already started and then closes. The service never restarts and no query
 * fails, because the old credentials stay valid until the next rotation (alternating users).
 */
export interface RotatingPool {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    params?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  /** Increases by one with every credential change seen. */
  readonly generation: number;
  close(): Promise<void>;
}

export async function createRotatingPool(
  secret: SecretHandle<Database>,
  options: { readonly max?: number } = {},
): Promise<RotatingPool> {
  const open = (db: Database) => new pg.Pool({ ...connectionOf(db), max: options.max ?? 10 });
  let pool = open(await secret.get());
  let generation = 0;
  const retiring = new Set<Promise<void>>();

  const unsubscribe = secret.onChange(({ current }) => {
    const old = pool;
    pool = open(current.value);
    generation++;
    const done = drain(old).finally(() => retiring.delete(done));
    retiring.add(done);
  });

  return {
    query: (text, params) => pool.query(text, params),
    get generation() {
      return generation;
    },
    async close() {
      unsubscribe();
      await Promise.all([...retiring, pool.end()]);
    },
  };
}

/** Ends a pool only once nothing waits on it: pg-pool drops queued requests of a pool that is ending. */
async function drain(pool: pg.Pool): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while ((pool.waitingCount > 0 || pool.totalCount > pool.idleCount) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await pool.end();
}

/** The secret keeps the URL without credentials, and the user and password beside it. */
export function connectionOf(db: Database): pg.PoolConfig {
  const url = new URL(db.url);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    database: decodeURIComponent(url.pathname.slice(1)),
    user: db.username,
    password: db.password,
  };
}
