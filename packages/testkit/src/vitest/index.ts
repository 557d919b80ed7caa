/**
 * `@locksmith/testkit/vitest`: the provider contract as a vitest suite. Kept apart from the main
 * entry so that importing `@locksmith/testkit` never needs vitest.
 * @packageDocumentation
 */
export { describeProviderContract, scenariosFor } from './describe-provider-contract.js';
export type {
  ContractFault,
  ContractFaultHandle,
  ContractStore,
  ProviderContractHarness,
  ProviderContractOptions,
} from './harness.js';
