import { createHash } from 'node:crypto';
import type { ProviderName, Secret } from '@locksmith/schema';
import type { StorePayload } from './types.js';

/** Vault field that holds a string secret, as the runtime and the ExternalSecrets expect. */
export const VAULT_STRING_KEY = 'value';

/** A payload decoded into the secret's value, or why it could not be (never quoting the payload). */
export type Decoded =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string };

/** Turns what a store holds into the value the secret's schema describes. */
export function decodePayload(secret: Secret, provider: ProviderName, payload: StorePayload): Decoded {
  if (provider === 'vault') {
    if (typeof payload === 'string') return { ok: false, reason: 'Vault data is not a map' };
    if (secret.kind === 'object') return { ok: true, value: payload };
    return VAULT_STRING_KEY in payload
      ? { ok: true, value: payload[VAULT_STRING_KEY] }
      : { ok: false, reason: `Vault data has no "${VAULT_STRING_KEY}" field` };
  }
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  if (secret.kind === 'string') return { ok: true, value: text };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // JSON.parse's own message quotes part of the text: never pass it on.
    return { ok: false, reason: 'SecretString is not valid JSON' };
  }
}

/** Turns a value into what `provider` stores for this secret. */
export function encodeValue(secret: Secret, provider: ProviderName, value: unknown): StorePayload {
  if (provider === 'vault') {
    return secret.kind === 'object' && value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>)
      : { [VAULT_STRING_KEY]: value };
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * A short digest of a value, to compare two stores without holding both values side by side in
 * output. Keys are sorted so `{a,b}` and `{b,a}` compare equal. Never printed.
 */
export function valueDigest(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * The environment-variable values of a secret (one per field), as Kubernetes Secrets carry them.
 * Object fields that are absent are left out.
 */
export function fieldValues(secret: Secret, value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const field of secret.fields) {
    const raw =
      field.name === null
        ? value
        : value !== null && typeof value === 'object'
          ? (value as Record<string, unknown>)[field.name]
          : undefined;
    if (raw === undefined || raw === null) continue;
    out.set(field.env, typeof raw === 'string' ? raw : JSON.stringify(raw));
  }
  return out;
}
