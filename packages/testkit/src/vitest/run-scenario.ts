import { randomBytes } from 'node:crypto';
import { inspect, isDeepStrictEqual } from 'node:util';
import type { FetchRequest, FetchResult, SecretDescriptor } from '@locksmith/sdk-node';
import { SecretsError } from '@locksmith/sdk-node';
import { expect } from 'vitest';
import { contractRequest, contractSecret, decodeRawValue } from '../contract/fixtures.js';
import {
  type ContractScenario,
  type Expectation,
  expandIndexes,
  type FetchStep,
  fillScenarioValue,
  type ScenarioValue,
} from '../contract/scenarios.js';
import type { TestSecretValue } from '../generate/test-secrets.js';
import { expectNoCanary } from './canary.js';
import type { ContractFaultHandle, ProviderContractHarness } from './harness.js';

/** How long `cancel: during` waits for a store that cannot say it holds the request (README). */
const UNOBSERVABLE_HOLD_MS = 200;

/** What one scenario run keeps between steps. */
interface RunState {
  readonly scenario: ContractScenario;
  readonly harness: ProviderContractHarness;
  /** Run-unique prefix, so scenarios never share state in a store that keeps data (moto). */
  readonly prefix: string;
  readonly canary: string;
  readonly captured: Map<string, string>;
  readonly secrets: Map<string, SecretDescriptor>;
  lastFault: ContractFaultHandle | undefined;
}

/** One request's outcome: what came back, or the error it ended with. */
type Outcome = { readonly result: FetchResult } | { readonly thrown: unknown };

const fill = (state: RunState, text: string, index: string | undefined): string =>
  fillScenarioValue(text, { index, canary: state.canary }) as string;

function secretFor(state: RunState, name: string, kind: 'string' | 'object'): SecretDescriptor {
  const prefixed = `${state.prefix}${name}`;
  const key = `${prefixed}\u0000${kind}`;
  let secret = state.secrets.get(key);
  if (!secret) {
    secret = contractSecret(prefixed, kind, state.harness.store);
    state.secrets.set(key, secret);
  }
  return secret;
}

/** A new run: a fresh prefix and canary, so nothing is shared with another scenario or run. */
export function newRun(scenario: ContractScenario, harness: ProviderContractHarness): RunState {
  const id = randomBytes(4).toString('hex');
  return {
    scenario,
    harness,
    prefix: `c${id}-${scenario.id}-`,
    canary: `canary-${id}-do-not-leak`,
    captured: new Map(),
    secrets: new Map(),
    lastFault: undefined,
  };
}

/** Runs every step of the scenario in order; the first failed expectation fails the test. */
export async function runScenario(state: RunState): Promise<void> {
  for (const [n, step] of state.scenario.steps.entries()) {
    const where = `${state.scenario.id} step ${n + 1}`;
    if ('write' in step) {
      for (const { item, index } of expandIndexes(step.write)) {
        const kind = item.kind ?? 'string';
        const secret = secretFor(state, fill(state, item.secret, index), kind);
        const value = fillScenarioValue(item.value, { index, canary: state.canary });
        await state.harness.write(secret, value as TestSecretValue);
      }
    } else if ('fault' in step) {
      if (!state.harness.fault) {
        throw new Error(`${where}: the harness has no fault(); run the suite with { faults: false }`);
      }
      const target = step.fault.secret === undefined ? undefined : fill(state, step.fault.secret, undefined);
      state.lastFault = await state.harness.fault({
        error: step.fault.error,
        secret: secretFor(state, target ?? '', 'string'),
        times: step.fault.times ?? 1,
      });
    } else {
      await runFetch(state, step, where);
    }
  }
}

async function runFetch(state: RunState, step: FetchStep, where: string): Promise<void> {
  const requests: FetchRequest[] = step.fetch.flatMap((item) =>
    expandIndexes(item).map(({ index }) =>
      contractRequest(
        secretFor(state, fill(state, item.secret, index), item.kind ?? 'string'),
        item.stage ?? 'current',
      ),
    ),
  );
  const expectations = step.expect.flatMap((e) =>
    expandIndexes(e).map(({ index }) => ({ expectation: e, index })),
  );
  expect(expectations.length, `${where}: one expectation per request`).toBe(requests.length);

  const outcomes = await callProvider(state, step, requests, where);
  for (const [k, outcome] of outcomes.entries()) {
    const { expectation, index } = expectations[k] as { expectation: Expectation; index: string | undefined };
    const request = requests[k] as FetchRequest;
    check(state, outcome, expectation, index, request, `${where} request ${k + 1} (${request.secret.name})`);
  }
  if (step.providerRendersWithoutCanary) {
    expect(inspect(state.harness.provider, { depth: 6 }), `${where}: provider rendering`).not.toContain(
      state.canary,
    );
  }
}

async function callProvider(
  state: RunState,
  step: FetchStep,
  requests: readonly FetchRequest[],
  where: string,
): Promise<Outcome[]> {
  const { provider } = state.harness;
  const controller = new AbortController();
  const timers: NodeJS.Timeout[] = [];
  if (step.cancel === 'before') controller.abort();
  if (step.deadlineMs !== undefined) {
    const ms = step.deadlineMs;
    timers.push(
      setTimeout(
        () => controller.abort(new SecretsError('TIMEOUT', `contract deadline of ${ms} ms passed`)),
        ms,
      ),
    );
  }
  if (step.cancel === 'during') {
    const held = state.lastFault
      ? state.lastFault.fired()
      : new Promise<void>((resolve) => timers.push(setTimeout(resolve, UNOBSERVABLE_HOLD_MS)));
    void held.then(() => controller.abort());
  }
  const size = step.chunked ? Math.max(1, provider.maxBatchSize) : requests.length;
  const outcomes: Outcome[] = [];
  try {
    for (let i = 0; i < requests.length; i += size) {
      const chunk = requests.slice(i, i + size);
      try {
        const results = await provider.fetch(chunk, controller.signal);
        expect(results, `${where}: one result per request`).toHaveLength(chunk.length);
        outcomes.push(...results.map((result) => ({ result })));
      } catch (thrown) {
        // A provider may reject the whole call (an abort, a failed batch): every request gets it.
        outcomes.push(...chunk.map(() => ({ thrown })));
      }
    }
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
  return outcomes;
}

const errorOf = (outcome: Outcome): unknown =>
  'thrown' in outcome ? outcome.thrown : outcome.result.ok ? undefined : outcome.result.error;

const describeOutcome = (outcome: Outcome): string => {
  const error = errorOf(outcome);
  if (error === undefined) return 'a value';
  const code = (error as { code?: unknown }).code;
  return code === undefined ? `an untyped ${(error as Error).name ?? 'error'}` : `error ${String(code)}`;
};

function decodedValue(outcome: Outcome, kind: 'string' | 'object'): TestSecretValue | undefined {
  if ('thrown' in outcome || !outcome.result.ok) return undefined;
  return decodeRawValue(outcome.result.version.value, kind);
}

function check(
  state: RunState,
  outcome: Outcome,
  e: Expectation,
  index: string | undefined,
  request: FetchRequest,
  where: string,
): void {
  const fillValue = (v: ScenarioValue): ScenarioValue =>
    fillScenarioValue(v, { index, canary: state.canary });
  const kind = request.secret.kind;
  const error = errorOf(outcome) as SecretsError | undefined;

  if (e.valueOrError !== undefined) {
    const [value, code] = e.valueOrError;
    const ok = isDeepStrictEqual(decodedValue(outcome, kind), fillValue(value)) || error?.code === code;
    expect(ok, `${where}: expected the value or ${code}, got ${describeOutcome(outcome)}`).toBe(true);
  }
  if (e.value !== undefined) {
    expect(error?.code, `${where}: expected a value, got ${describeOutcome(outcome)}`).toBeUndefined();
    expect(decodedValue(outcome, kind), `${where}: value`).toEqual(fillValue(e.value));
  }
  if (e.error !== undefined) {
    expect(error, `${where}: expected ${e.error}, got ${describeOutcome(outcome)}`).toBeInstanceOf(Error);
    expect(error?.code, `${where}: error code (message: ${error?.message})`).toBe(e.error);
  }
  if (e.retryable !== undefined) expect(error?.retryable, `${where}: retryable`).toBe(e.retryable);
  if (e.secret !== undefined) {
    expect(error?.secret, `${where}: the error names the secret`).toBe(`${state.prefix}${e.secret}`);
  }
  if (e.noCanary) expectNoCanary(error as Error, state.canary, where);

  const versionId = 'result' in outcome && outcome.result.ok ? outcome.result.version.versionId : undefined;
  if (e.versionId === 'non-empty') expect(versionId?.length ?? 0, `${where}: version id`).toBeGreaterThan(0);
  if (e.capture !== undefined) {
    expect(versionId, `${where}: a version id to capture`).toBeTypeOf('string');
    state.captured.set(e.capture, versionId as string);
  }
  if (e.versionIdIs !== undefined) {
    expect(versionId, `${where}: version id is "${e.versionIdIs}"`).toBe(state.captured.get(e.versionIdIs));
  }
  if (e.versionIdNot !== undefined) {
    expect(state.captured.has(e.versionIdNot), `${where}: "${e.versionIdNot}" was captured`).toBe(true);
    expect(versionId, `${where}: version id differs from "${e.versionIdNot}"`).not.toBe(
      state.captured.get(e.versionIdNot),
    );
  }
}
