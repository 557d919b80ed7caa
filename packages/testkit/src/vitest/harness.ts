import type { Provider, SecretDescriptor } from '@locksmith/sdk-node';
import type { ContractStore } from '../contract/fixtures.js';
import type { FaultKind } from '../faults.js';
import type { TestSecretValue } from '../generate/test-secrets.js';

export type { ContractStore };

/** A fault a scenario asks for: aimed at the requests that name `secret`, for `times` requests. */
export interface ContractFault {
  readonly error: FaultKind;
  readonly secret: SecretDescriptor;
  readonly times: number;
}

/** What the runner needs back from an injected fault. */
export interface ContractFaultHandle {
  /** Resolves once the fault has hit a request (`cancel: during` waits for it). */
  fired(): Promise<void>;
}

/** What a provider under test needs to give the contract suite. */
export interface ProviderContractHarness {
  readonly provider: Provider;
  /** The store the placements point at (`aws` or `vault`; any name for a custom provider). */
  readonly store: ContractStore;
  /** Writes a new current version of the secret at its placement; the old current becomes previous. */
  write(secret: SecretDescriptor, value: TestSecretValue): void | Promise<void>;
  /**
   * Injects a fault into the store. Required unless the suite runs with `{ faults: false }`
   * (a store that cannot be told to fail, such as a third-party emulator).
   */
  fault?(fault: ContractFault): ContractFaultHandle | Promise<ContractFaultHandle>;
  /** Removes every fault (called after each scenario). */
  clearFaults?(): void | Promise<void>;
  close?(): Promise<void>;
}

/** Switches for stores that cannot do everything the suite exercises. */
export interface ProviderContractOptions {
  /**
   * False when the store cannot inject faults: the scenarios that need them are not defined
   * (and the suite says how many it left out). Default true.
   */
  readonly faults?: boolean;
  /** @deprecated Use `faults: false`; `canHang: false` means the same. */
  readonly canHang?: boolean;
}
