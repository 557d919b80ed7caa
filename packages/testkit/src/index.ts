export type { IamOptions, IamPrincipal } from './aws/authorizer.js';
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
export { createFakeClock, type FakeClock } from './clock.js';
export * from './faults.js';
export type { RequestLog, RequestLogEntry } from './request-log.js';
