/**
 * Production entry point: `LOCKSMITH_ENV=prod node dist/src/main.js`. Secrets come from the
 * store the catalog names for that environment (or `.env` in dev, via `node --env-file=.env`);
 * the process refuses to start until every secret it reads has loaded and validated.
 */
import { createApiSecrets } from '../generated/ts/api.js';
import { createApp } from './app.js';
import { memoryProfileStore } from './store/profiles.js';
import { memoryUserStore } from './store/users.js';

const secrets = createApiSecrets();
await secrets.preload();
const server = createApp({ secrets, users: memoryUserStore(), profiles: memoryProfileStore() });
const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => process.stdout.write(`api listening on :${port}\n`));

const shutdown = () => {
  server.close();
  void secrets.close();
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
