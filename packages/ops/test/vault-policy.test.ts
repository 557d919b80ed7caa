import { describe, expect, it } from 'vitest';
import { parseVaultPolicy, policyDifferences } from '../src/doctor/vault-policy.js';

describe('Vault policy comparison', () => {
  it('reads HCL and JSON policies into the same rules, merging repeated paths', async () => {
    const hcl = await parseVaultPolicy(
      '# reader\npath "secret/data/a" {\n  capabilities = ["read"]\n}\npath "secret/data/a" { capabilities = ["list"] }\n',
    );
    const json = await parseVaultPolicy('{"path": {"secret/data/a": {"capabilities": ["list", "read"]}}}');
    expect(policyDifferences(hcl, json)).toEqual([]);
    expect([...hcl]).toEqual([['secret/data/a', { capabilities: ['list', 'read'], settings: '' }]]);
  });

  it('treats other rule settings (parameters, legacy policy) as part of what is granted', async () => {
    const plain = await parseVaultPolicy('path "a" { capabilities = ["update"] }');
    const constrained = await parseVaultPolicy(
      'path "a" {\n  capabilities = ["update"]\n  allowed_parameters = { "ttl" = [] }\n}',
    );
    const legacy = await parseVaultPolicy('path "a" { policy = "write" }');
    expect(policyDifferences(plain, constrained)).toEqual(['~a']);
    expect(policyDifferences(plain, legacy)).toEqual(['~a']);
  });

  it('refuses text that is not a policy', async () => {
    await expect(parseVaultPolicy('path "a" {')).rejects.toThrow(
      /Argument or block definition required|Unclosed/,
    );
  });
});
