import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FaultKind } from '../faults.js';

/** A value in a scenario: a string, or an object of strings (`{canary}` and `{i}` are filled in). */
export type ScenarioValue = string | Readonly<Record<string, string>>;

/** `write`: a new current version through the store's own API. */
export interface WriteStep {
  readonly write: {
    readonly secret: string;
    readonly kind?: 'string' | 'object';
    readonly value: ScenarioValue;
    readonly count?: number;
  };
}

/** `fault`: a fault aimed at the requests that name the secret. */
export interface FaultStep {
  readonly fault: { readonly error: FaultKind; readonly secret?: string; readonly times?: number };
}

/** One request of a `fetch` step. */
export interface FetchItem {
  readonly secret: string;
  readonly kind?: 'string' | 'object';
  readonly stage?: 'current' | 'previous';
  readonly count?: number;
  readonly reverse?: boolean;
}

/** A stable error code every runtime shares. */
export type ContractErrorCode =
  | 'NOT_FOUND'
  | 'ACCESS_DENIED'
  | 'THROTTLED'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'MALFORMED_RESPONSE'
  | 'ABORTED'
  | 'DECRYPTION_FAILED'
  | 'AUTH_FAILED';

/** What one request of a fetch must come back as. */
export interface Expectation {
  readonly value?: ScenarioValue;
  readonly error?: ContractErrorCode;
  readonly valueOrError?: readonly [ScenarioValue, string];
  readonly retryable?: boolean;
  readonly secret?: string;
  readonly versionId?: 'non-empty';
  readonly capture?: string;
  readonly versionIdIs?: string;
  readonly versionIdNot?: string;
  readonly noCanary?: boolean;
  readonly count?: number;
  readonly reverse?: boolean;
}

/** `fetch`: one provider call (or calls of the provider's batch size with `chunked`). */
export interface FetchStep {
  readonly fetch: readonly FetchItem[];
  readonly chunked?: boolean;
  readonly cancel?: 'before' | 'during';
  readonly deadlineMs?: number;
  readonly providerRendersWithoutCanary?: boolean;
  readonly expect: readonly Expectation[];
}

export type ScenarioStep = WriteStep | FaultStep | FetchStep;

/** One scenario of the provider contract. */
export interface ContractScenario {
  readonly id: string;
  readonly title: string;
  /** Capabilities the store must have (`faults`: the testkit fakes or locksmith-fake's admin API). */
  readonly requires?: readonly 'faults'[];
  readonly steps: readonly ScenarioStep[];
}

/** `contract/provider-contract.json`, checked against its schema. */
export interface ProviderContract {
  readonly version: 1;
  readonly description?: string;
  readonly scenarios: readonly ContractScenario[];
}

const contractFile = (name: string): URL => new URL(`../../contract/${name}`, import.meta.url);

/**
 * Reads the provider contract shipped with the testkit and checks it against its JSON Schema,
 * so a malformed scenario fails loudly (with the JSON pointer) instead of testing nothing.
 */
export function loadProviderContract(
  text: string = readFileSync(contractFile('provider-contract.json'), 'utf8'),
): ProviderContract {
  const schema = JSON.parse(readFileSync(contractFile('provider-contract.schema.json'), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  const data = JSON.parse(text) as unknown;
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
    throw new Error(`provider-contract.json does not match its schema:\n  ${problems.join('\n  ')}`);
  }
  const contract = data as ProviderContract;
  const ids = new Set<string>();
  for (const scenario of contract.scenarios) {
    if (ids.has(scenario.id))
      throw new Error(`provider-contract.json: scenario id "${scenario.id}" is repeated`);
    ids.add(scenario.id);
  }
  return contract;
}

/** `{i}` with `count: N` becomes `00` … `N-1`; `reverse` runs the indexes downwards. */
export function expandIndexes<T extends { readonly count?: number; readonly reverse?: boolean }>(
  item: T,
): { item: T; index: string | undefined }[] {
  if (item.count === undefined) return [{ item, index: undefined }];
  const indexes = Array.from({ length: item.count }, (_, i) => String(i).padStart(2, '0'));
  if (item.reverse) indexes.reverse();
  return indexes.map((index) => ({ item, index }));
}

/** Fills `{i}` and `{canary}` into a name or a value. */
export function fillScenarioValue(
  value: ScenarioValue,
  fill: { readonly index?: string | undefined; readonly canary: string },
): ScenarioValue {
  const text = (s: string): string =>
    s.replaceAll('{canary}', fill.canary).replaceAll('{i}', fill.index ?? '{i}');
  if (typeof value === 'string') return text(value);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, text(v)]));
}
