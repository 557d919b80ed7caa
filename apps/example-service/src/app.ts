import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { guardHttpServer, type SecretClient } from '@locksmith/sdk-node';
import type { ApiSecretValues } from '../generated/ts/api.js';
import { issueToken, verifyToken } from './crypto/jwt.js';
import { open, seal } from './crypto/pii.js';
import { ReplayGuard, SIGNATURE_HEADER, verifyWebhook } from './crypto/webhook.js';
import { LoginLimiter } from './http/login-limiter.js';
import { HttpError, json, parseJson, type Request, readRequest, stringField } from './http/respond.js';
import type { ProfileStore } from './store/profiles.js';
import type { UserStore } from './store/users.js';

/** Everything the service needs; tests and the demo pass their own stores and clock. */
export interface AppDependencies {
  readonly secrets: SecretClient<ApiSecretValues>;
  readonly users: UserStore;
  readonly profiles: ProfileStore;
  readonly nowSeconds?: () => number;
  /** Failed-login throttling (default: 5 failures per account or address per 15 minutes). */
  readonly loginLimiter?: LoginLimiter;
  /** Called once per handled payment event (the demo counts them). */
  readonly onPaymentEvent?: (event: Record<string, unknown>) => void;
}

type Handler = (req: Request, res: ServerResponse) => Promise<void>;

/**
 * The example service. Secrets come only through the generated `api` accessors; each request
 * reads the warm cache (a memory read), so a rotation in the store reaches it without a restart.
 */
export function createApp(deps: AppDependencies): Server {
  const now = deps.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const { secrets } = deps;
  const jwtKey = secrets.secret('jwt-signing-key');
  const piiKey = secrets.secret('pii-encryption-key');
  const webhookSecret = secrets.secret('payment-webhook-secret');
  const limiter = deps.loginLimiter ?? new LoginLimiter();
  const replays = new ReplayGuard();

  const authenticate = async (req: Request): Promise<string> => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) throw new HttpError(401, 'missing bearer token');
    try {
      return await verifyToken(jwtKey, token, now());
    } catch {
      throw new HttpError(401, 'invalid token');
    }
  };

  const routes: Record<string, Handler> = {
    'POST /login': async (req, res) => {
      const body = parseJson(req.body);
      const user = stringField(body, 'user');
      const password = stringField(body, 'password');
      const wait = limiter.retryAfter(user, req.remoteAddress, now());
      if (wait > 0) throw new HttpError(429, 'too many failed logins', { 'retry-after': String(wait) });
      if (!(await deps.users.check(user, password))) {
        limiter.failed(user, req.remoteAddress, now());
        // One answer for an unknown user and a wrong password, in the same time (users.check).
        throw new HttpError(401, 'wrong user or password');
      }
      limiter.succeeded(user);
      json(res, 200, { token: await issueToken(await jwtKey.versions(), user, now()) });
    },
    'GET /me': async (req, res) => {
      json(res, 200, { user: await authenticate(req) });
    },
    'PUT /profile': async (req, res) => {
      const user = await authenticate(req);
      const sealed = seal(await piiKey.versions(), stringField(parseJson(req.body), 'email'), user);
      await deps.profiles.put({ id: user, emailSealed: sealed.text, keyVersion: sealed.keyVersion });
      json(res, 200, { keyVersion: sealed.keyVersion });
    },
    'GET /profile': async (req, res) => {
      const user = await authenticate(req);
      const row = await deps.profiles.get(user);
      if (!row) throw new HttpError(404, 'no profile');
      json(res, 200, {
        email: open(await piiKey.versions(), row.emailSealed, row.id),
        keyVersion: row.keyVersion,
      });
    },
    'POST /webhooks/payment': async (req, res) => {
      let timestamp: number;
      try {
        ({ timestamp } = await verifyWebhook(
          webhookSecret,
          req.rawBody,
          headerOf(req, SIGNATURE_HEADER),
          now(),
        ));
      } catch {
        throw new HttpError(400, 'invalid signature');
      }
      // Signed, so the body is the provider's; its event id makes a replay within the tolerance visible.
      const event = parseJson(req.body);
      const id = event.id;
      if (typeof id !== 'string' || id === '') throw new HttpError(400, 'event has no id');
      try {
        replays.check(id, timestamp, now());
      } catch {
        throw new HttpError(409, 'event already received');
      }
      deps.onPaymentEvent?.(event);
      res.writeHead(204).end();
    },
    'GET /healthz': async (_req, res) => {
      json(res, 200, secrets.health());
    },
    'GET /readyz': async (_req, res) => {
      const health = secrets.health();
      json(res, health.ready ? 200 : 503, health);
    },
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res);
  });
  const handle = async (incoming: IncomingMessage, res: ServerResponse) => {
    try {
      const req = await readRequest(incoming);
      const route = routes[`${req.method} ${req.path}`];
      if (!route) throw new HttpError(404, 'not found');
      await route(req, res);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      // Messages of our own HttpErrors are safe to show; anything else is reported by status only.
      const message = error instanceof HttpError ? error.message : 'internal error';
      const headers = error instanceof HttpError ? error.headers : {};
      if (!res.headersSent) json(res, status, { error: message }, headers);
      else res.end();
    }
  };
  // The leak guard refuses any response body that contains a loaded secret value.
  guardHttpServer(server, secrets);
  return server;
}

function headerOf(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
