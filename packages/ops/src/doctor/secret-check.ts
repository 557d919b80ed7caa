import type { Placement, Secret } from '@locksmith/schema';
import { locationOf } from '../store/open.js';
import type { SecretStore, StoreInfo } from '../store/types.js';
import { decodePayload } from '../store/value.js';
import { type SchemaProblem, schemaProblems } from '../validate.js';

const DAY_MS = 86_400_000;

/** What doctor found for one secret in one environment. Holds no value. */
export interface SecretCheck {
  readonly secret: string;
  readonly provider: 'aws' | 'vault';
  readonly path: string;
  /** null when the store would not say (access denied). */
  readonly exists: boolean | null;
  readonly schema: 'ok' | 'failed' | 'skipped';
  readonly schemaProblems: readonly SchemaProblem[];
  readonly rotation: 'ok' | 'mismatch' | 'not-applicable' | 'skipped';
  /** Human-readable findings; empty when the secret is healthy. */
  readonly problems: readonly string[];
}

/** Asks the store about one placement: existence, schema of the current value, rotation settings. */
export async function checkSecret(
  secret: Secret,
  placement: Placement,
  store: SecretStore,
): Promise<SecretCheck> {
  const base = { secret: secret.name, provider: placement.provider, path: placement.path };
  const location = locationOf(placement);
  const info = await store.info(location);
  if (!info) {
    return {
      ...base,
      exists: false,
      schema: 'skipped',
      schemaProblems: [],
      rotation: 'skipped',
      problems: ['missing from the store'],
    };
  }
  const problems: string[] = [];
  let schema: SecretCheck['schema'] = 'ok';
  let found: SchemaProblem[] = [];
  const payload = await store.current(location);
  if (payload === undefined) {
    schema = 'failed';
    problems.push('has no current value');
  } else {
    const decoded = decodePayload(secret, placement.provider, payload);
    if (!decoded.ok) {
      schema = 'failed';
      problems.push(`current value: ${decoded.reason}`);
    } else {
      found = schemaProblems(secret, decoded.value);
      if (found.length > 0) {
        schema = 'failed';
        problems.push(
          `current value fails its schema: ${found.map((p) => `${p.pointer} ${p.keyword}`).join(', ')}`,
        );
      }
    }
  }
  const rotationProblem = checkRotation(secret, placement, info);
  if (rotationProblem) problems.push(rotationProblem);
  const applicable =
    (placement.provider === 'aws' && secret.rotation.strategy === 'managed') ||
    (placement.provider === 'vault' && secret.rotation.strategy === 'dual-key');
  return {
    ...base,
    exists: true,
    schema,
    schemaProblems: found,
    rotation: rotationProblem ? 'mismatch' : applicable ? 'ok' : 'not-applicable',
    problems,
  };
}

/** The check of a secret the store refused to describe or read with these credentials. */
export function deniedCheck(secret: string, placement: Placement, error: Error): SecretCheck {
  return {
    secret,
    provider: placement.provider,
    path: placement.path,
    exists: null,
    schema: 'skipped',
    schemaProblems: [],
    rotation: 'skipped',
    problems: [`access denied: ${error.message}`],
  };
}

/**
 * AWS managed rotation must be enabled with the catalogued interval; a Vault dual-key secret must
 * keep at least two versions so the previous key stays readable during the overlap.
 */
function checkRotation(secret: Secret, placement: Placement, info: StoreInfo): string | undefined {
  const { strategy, every } = secret.rotation;
  if (placement.provider === 'aws' && strategy === 'managed') {
    if (!info.rotationEnabled) return 'rotation is not enabled (catalog: managed)';
    const want = every ? Math.round(every.ms / DAY_MS) : undefined;
    if (want !== undefined && info.rotationDays !== want) {
      return `rotation every ${info.rotationDays ?? '?'} days (catalog: ${want})`;
    }
  }
  if (placement.provider === 'vault' && strategy === 'dual-key') {
    const max = info.maxVersions ?? 0;
    if (max === 1) return 'max_versions is 1: the previous key is lost at rotation (catalog: dual-key)';
  }
  return undefined;
}
