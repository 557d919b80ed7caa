import { type FaultRule, isFaultKind } from '../faults.js';

/** Which fake an admin request acts on; both when a fault names none. */
export type AdminTarget = 'aws' | 'vault';

/** A validated `POST /faults` body. */
export interface FaultRequest {
  readonly targets: readonly AdminTarget[];
  readonly rule: FaultRule;
}

/** A request the admin API refuses, with the message it answers (400). */
export class AdminInputError extends Error {
  override readonly name = 'AdminInputError';
}

const FIELDS = new Set(['target', 'error', 'op', 'secretId', 'path', 'times', 'latencyMs']);

function optionalText(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new AdminInputError(`${key} must be a non-empty string`);
  return value;
}

/**
 * Checks a `POST /faults` body: known fields only, a known fault kind, `times` a positive
 * integer (omitted = 1, `null` = standing), `latencyMs` a non-negative number.
 */
export function parseFaultRequest(body: unknown): FaultRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AdminInputError('the body must be a JSON object');
  }
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).filter((k) => !FIELDS.has(k));
  if (unknown.length > 0) {
    throw new AdminInputError(`unknown field(s) ${unknown.join(', ')}; known: ${[...FIELDS].join(', ')}`);
  }
  const target = input.target;
  if (target !== undefined && target !== 'aws' && target !== 'vault') {
    throw new AdminInputError('target must be "aws" or "vault" (omit it for both)');
  }
  const error = input.error;
  if (error !== undefined && !isFaultKind(error)) {
    throw new AdminInputError(`unknown fault kind ${JSON.stringify(error)}`);
  }
  const times = input.times;
  if (times !== undefined && times !== null && !(Number.isInteger(times) && (times as number) > 0)) {
    throw new AdminInputError('times must be a positive integer, or null for a standing fault');
  }
  const latencyMs = input.latencyMs;
  if (latencyMs !== undefined && !(typeof latencyMs === 'number' && latencyMs >= 0)) {
    throw new AdminInputError('latencyMs must be a non-negative number');
  }
  if (error === undefined && latencyMs === undefined) {
    throw new AdminInputError('a fault needs an error kind, a latencyMs, or both');
  }
  const op = optionalText(input, 'op');
  const secretId = optionalText(input, 'secretId');
  const path = optionalText(input, 'path');
  return {
    targets: target === undefined ? ['aws', 'vault'] : [target],
    rule: {
      ...(error === undefined ? {} : { error }),
      ...(op === undefined ? {} : { op }),
      ...(secretId === undefined ? {} : { secretId }),
      ...(path === undefined ? {} : { path }),
      times: times === null ? Number.POSITIVE_INFINITY : ((times as number | undefined) ?? 1),
      ...(latencyMs === undefined ? {} : { latencyMs: latencyMs as number }),
    },
  };
}
