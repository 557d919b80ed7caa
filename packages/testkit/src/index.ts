/**
 * @locksmith/testkit — fake AWS Secrets Manager and Vault HTTP servers that the real clients talk
 * to, fault injection, a fake clock, schema-valid test values, an in-memory provider and the
 * provider contract suite. See README.md and docs/testkit.md.
 * @packageDocumentation
 */
export {
  AdminInputError,
  type AdminTarget,
  type FaultRequest,
  parseFaultRequest,
} from './admin/fault-request.js';
export { type AdminServer, type AdminServerOptions, startAdminServer } from './admin/server.js';
export type { IamOptions, IamPrincipal, IamRole } from './aws/authorizer.js';
export {
  evaluateIamPolicies,
  type IamDecision,
  type IamPolicyDocument,
  type IamRequest,
  type IamStatement,
  iamWildcardMatch,
} from './aws/iam-policy.js';
export type { AwsSeedValue, AwsVersionInfo, FakeSecretsManagerStore } from './aws/seed-api.js';
export type { FakeAwsCredentials, FakeSecretsManager, FakeSecretsManagerOptions } from './aws/server.js';
export { startFakeSecretsManager } from './aws/server.js';
export {
  describeLocalFakes,
  describeLocalFakesJson,
  type LocalFakes,
  type LocalFakesOptions,
  startLocalFakes,
} from './bin/local-fakes.js';
export { createFakeClock, createRealClock, type FakeClock } from './clock.js';
export {
  CONTRACT_ENVIRONMENT,
  type ContractStore,
  contractRequest,
  contractSecret,
  decodeRawValue,
  resultValue,
} from './contract/fixtures.js';
export {
  type ContractErrorCode,
  type ContractScenario,
  type Expectation,
  expandIndexes,
  type FaultStep,
  type FetchItem,
  type FetchStep,
  fillScenarioValue,
  loadProviderContract,
  type ProviderContract,
  type ScenarioStep,
  type ScenarioValue,
  type WriteStep,
} from './contract/scenarios.js';
export * from './faults.js';
export { cryptoRandom, type RandomSource, seededRandom } from './generate/random.js';
export {
  type CreateTestSecretsOptions,
  createTestSecrets,
  type TestSecretOverrides,
  type TestSecretValue,
} from './generate/test-secrets.js';
export type { HttpLimits } from './http.js';
export {
  type HangProbe,
  type MemoryProvider,
  type MemoryProviderOptions,
  memoryProvider,
} from './memory-provider.js';
export type { RequestLog, RequestLogEntry } from './request-log.js';
export { type SeedReport, type SeedTargets, seedFakes, VAULT_STRING_KEY } from './seed.js';
export { type ServiceVaultLogin, seedVaultAuth } from './seed-vault-auth.js';
export { type AppRoleSpec, type KubernetesRoleSpec, makeServiceAccountJwt } from './vault/auth.js';
export {
  capabilitiesFor,
  type PolicyRule,
  parseVaultPolicy,
  type VaultCapability,
} from './vault/policy.js';
export type { FakeVaultKv, KvLocation, KvVersionInfo } from './vault/seed-api.js';
export type { FakeVault, FakeVaultOptions } from './vault/server.js';
export { startFakeVault } from './vault/server.js';
export type { VaultHealthState } from './vault/state.js';
export type { TokenSpec } from './vault/tokens.js';
