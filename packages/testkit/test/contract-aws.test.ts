import { describeProviderContract } from '../src/vitest/index.js';
import { awsHarness } from './provider-harnesses.js';

describeProviderContract('aws (createAwsProvider → fake Secrets Manager)', () => awsHarness());
