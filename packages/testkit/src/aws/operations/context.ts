import type { FakeClock } from '../../clock.js';
import type { SecretsStore } from '../store.js';

export type JsonObject = Record<string, unknown>;

/** What every operation gets: the store, the clock and the caller's authorisation check. */
export interface OperationContext {
  readonly store: SecretsStore;
  readonly clock: FakeClock;
  /** Throws AccessDeniedException unless the caller may perform `action` on `resource`. */
  authorize(action: string, resource: string, context?: Readonly<Record<string, string | undefined>>): void;
  /** The ARN to authorise against for an id that may not exist yet (a name or partial ARN). */
  resourceFor(secretId: string): string;
  /** RotateSecret-lite: makes the next value for a rotated secret. */
  rotationValue(secretName: string): string;
}

/** One Secrets Manager operation: validated JSON in, JSON out, AwsError on failure. */
export type Operation = (ctx: OperationContext, input: JsonObject) => JsonObject;
