import { afterEach, beforeEach, describe, it } from 'vitest';
import { type ContractScenario, loadProviderContract } from '../contract/scenarios.js';
import type { ProviderContractHarness, ProviderContractOptions } from './harness.js';
import { newRun, runScenario } from './run-scenario.js';

/** Which scenarios a store can run: all, or those that need no fault injection. */
export function scenariosFor(options: ProviderContractOptions): {
  defined: readonly ContractScenario[];
  leftOut: readonly ContractScenario[];
} {
  const faults = options.faults ?? options.canHang ?? true;
  const all = loadProviderContract().scenarios;
  const runnable = (s: ContractScenario): boolean => faults || !(s.requires ?? []).includes('faults');
  return { defined: all.filter(runnable), leftOut: all.filter((s) => !runnable(s)) };
}

/**
 * The behaviour every Provider must have, as a vitest suite generated from
 * `contract/provider-contract.json` (the same scenarios the Go, Python and Rust runners run):
 * current and previous versions, typed errors (NOT_FOUND, THROTTLED, UNAVAILABLE, ACCESS_DENIED,
 * MALFORMED_RESPONSE, TIMEOUT, ABORTED), batches that keep order and isolate failures, and errors
 * that never carry a value. Call it at the top level of a test file; `setup` builds a fresh
 * provider (and its store) for each scenario. A store without fault injection passes
 * `{ faults: false }`: the scenarios that need faults are then not defined, and the suite says how
 * many it left out.
 */
export function describeProviderContract(
  name: string,
  setup: () => Promise<ProviderContractHarness>,
  options: ProviderContractOptions = {},
): void {
  const { defined, leftOut } = scenariosFor(options);
  if (leftOut.length > 0) {
    console.info(
      `[provider contract] ${name}: ${leftOut.length} of ${defined.length + leftOut.length} scenarios need fault injection and are not defined for this store (${leftOut.map((s) => s.id).join(', ')})`,
    );
  }
  describe(`provider contract: ${name}`, () => {
    let harness: ProviderContractHarness | undefined;
    beforeEach(async () => {
      harness = await setup();
    });
    afterEach(async () => {
      const h = harness;
      harness = undefined;
      await h?.clearFaults?.();
      await h?.provider.close?.();
      await h?.close?.();
    });
    for (const scenario of defined) {
      it(`${scenario.id}: ${scenario.title}`, async () => {
        if (!harness) throw new Error('setup() did not give a harness');
        await runScenario(newRun(scenario, harness));
      });
    }
  });
}
