import { SecretsError } from '@locksmith/sdk-node';
import { contractRequest, contractSecret } from '../src/index.js';

export { memoryProvider, resultValue } from '../src/index.js';
export { describeProviderContract } from '../src/vitest/index.js';

/** Small builders for memory-provider tests. */
export const SecretsErrorFor = {
  request: (name: string) => contractRequest(contractSecret(name, 'string', 'aws')),
  throttled: (name: string) =>
    new SecretsError('THROTTLED', 'throttled', { secret: name, provider: 'memory' }),
};
