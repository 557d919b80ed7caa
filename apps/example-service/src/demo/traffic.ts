import { signWebhook } from '../crypto/webhook.js';

/** Counts of what the traffic driver saw; every request is either served or failed. */
export interface TrafficStats {
  served: number;
  failed: number;
  failures: string[];
}

export function newStats(): TrafficStats {
  return { served: 0, failed: 0, failures: [] };
}

/** A small HTTP client for the demo: records every request as served or failed. */
export function trafficClient(baseUrl: string, stats: TrafficStats) {
  const call = async (
    method: string,
    path: string,
    init: { token?: string; body?: string; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    try {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(init.body ? { body: init.body } : {}),
      });
      const text = await res.text();
      if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status}`);
      stats.served++;
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch (error) {
      stats.failed++;
      if (stats.failures.length < 10) stats.failures.push((error as Error).message);
      return undefined;
    }
  };
  return {
    login: async (user: string, password: string) =>
      (await call('POST', '/login', { body: JSON.stringify({ user, password }) }))?.token as
        | string
        | undefined,
    me: (token: string) => call('GET', '/me', { token }),
    putProfile: (token: string, email: string) =>
      call('PUT', '/profile', { token, body: JSON.stringify({ email }) }),
    getProfile: (token: string) => call('GET', '/profile', { token }),
    webhook: (secret: string, event: Record<string, unknown>, nowSeconds: number) => {
      const body = JSON.stringify(event);
      return call('POST', '/webhooks/payment', {
        body,
        headers: { 'x-payment-signature': signWebhook(secret, body, nowSeconds) },
      });
    },
  };
}

export type TrafficClient = ReturnType<typeof trafficClient>;
