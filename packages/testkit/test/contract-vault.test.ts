import { describeProviderContract } from '../src/vitest/index.js';
import { vaultHarness } from './provider-harnesses.js';

describeProviderContract('vault, token auth (createVaultProvider → fake Vault)', () => vaultHarness('token'));
describeProviderContract('vault, AppRole auth', () => vaultHarness('approle'));
describeProviderContract('vault, Kubernetes auth', () => vaultHarness('kubernetes'));
