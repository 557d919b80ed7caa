/**
 * Production entry point: `LOCKSMITH_ENV=prod node dist/src/main.js`. Secrets come from the
 * store the catalog names for that environment (or `.env` in dev, via `node --env-file=.env`);
 * the process refuses to start until every secret it reads has loaded and validated.
 * `--check` only loads them, says where each came from, and exits (0 when all loaded).
 */
import { createApiSecrets } from '../generated/ts/api.js';
import { createApp } from './app.js';
import { checkSecrets } from './check-secrets.js';
import { memoryProfileStore } from './store/profiles.js';
import { memoryUserStore } from './store/users.js';

const secrets = createApiSecrets();
if (process.argv.includes('--check')) {
  process.exitCode = await checkSecrets(secrets, (line) => process.stdout.write(line));
  await secrets.close();
} else {
  await secrets.preload();
  const server = createApp({ secrets, users: memoryUserStore(), profiles: memoryProfileStore() });
  // PORT=0 picks a free port; the line below says which.
  const port = Number(process.env.PORT ?? 3000);
  server.listen(port, () => {
    const address = server.address();
    const bound = typeof address === 'object' && address !== null ? address.port : port;
    process.stdout.write(`api listening on http://127.0.0.1:${bound}\n`);
  });
  const shutdown = () => {
    server.close();
    void secrets.close();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
