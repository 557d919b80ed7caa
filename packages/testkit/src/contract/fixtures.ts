import type { ProviderName } from '@locksmith/schema';
import type {
  FetchRequest,
  FetchResult,
  PlacementDescriptor,
  RawValue,
  SecretDescriptor,
  VersionStage,
} from '@locksmith/sdk-node';
import type { TestSecretValue } from '../generate/test-secrets.js';

/** The store a contract placement points at: `aws`, `vault`, or a third-party store's own name. */
export type ContractStore = ProviderName | (string & {});

/** The environment every contract request names. */
export const CONTRACT_ENVIRONMENT = 'contract';

/** A secret descriptor the contract suite writes and reads. */
export function contractSecret(
  name: string,
  kind: 'string' | 'object',
  store: ContractStore,
): SecretDescriptor {
  // The descriptor type lists the built-in stores; a third-party provider is handed its own name,
  // which it is free to ignore (it knows where it reads from).
  const placement = { provider: store, path: `locksmith-contract/${name}` } as PlacementDescriptor;
  return {
    name,
    kind,
    schema: kind === 'string' ? { type: 'string' } : { type: 'object' },
    fields:
      kind === 'string'
        ? [{ name: null, env: name.toUpperCase().replace(/-/g, '_'), type: 'string', required: true }]
        : [],
    rotation: { strategy: 'dual-key' },
    placements: { [CONTRACT_ENVIRONMENT]: placement },
  };
}

/** A FetchRequest for a contract secret. */
export function contractRequest(secret: SecretDescriptor, stage: VersionStage = 'current'): FetchRequest {
  return {
    secret,
    placement: secret.placements[CONTRACT_ENVIRONMENT] as PlacementDescriptor,
    environment: CONTRACT_ENVIRONMENT,
    stage,
  };
}

/** Turns a raw value back into what was written, whatever form the provider chose. */
export function decodeRawValue(raw: RawValue, kind: 'string' | 'object'): TestSecretValue {
  const text =
    raw.kind === 'text'
      ? raw.text
      : raw.kind === 'binary'
        ? Buffer.from(raw.bytes).toString('utf8')
        : kind === 'object'
          ? JSON.stringify(raw.fields)
          : (raw.fields[''] ?? '');
  return kind === 'object' ? (JSON.parse(text) as TestSecretValue) : text;
}

/** The decoded value of a successful result; throws with the error code otherwise. */
export function resultValue(
  result: FetchResult | undefined,
  kind: 'string' | 'object' = 'string',
): TestSecretValue {
  if (!result) throw new Error('no result');
  if (!result.ok) throw new Error(`expected a value, got ${result.error.code}`);
  return decodeRawValue(result.version.value, kind);
}
