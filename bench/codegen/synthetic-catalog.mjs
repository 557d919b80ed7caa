/**
 * Writes a synthetic catalog: `secrets` secrets read by `services` services in 3 environments.
 * Deterministic (no randomness): secret i is read by services i mod n, (i*7+3) mod n and, for
 * every third secret, (i*13+5) mod n; every tenth secret lives in Vault, every fifth is an object.
 */
export function syntheticCatalog({ secrets, services }) {
  const lines = [
    'version: 1',
    'project: bench',
    'environments: [dev, staging, prod]',
    'providers:',
    '  aws:',
    '    region: us-east-1',
    '    accountId: "123456789012"',
    '    kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/00000000-1111-2222-3333-444444444444"',
    '    rotationLambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:{env}-rotate"',
    '  vault: { mount: secret }',
    'kubernetes: { namespace: "{project}-{env}" }',
    'services:',
  ];
  for (let s = 0; s < services; s++) lines.push(`  svc-${s}: {}`);
  lines.push('secrets:');
  for (let i = 0; i < secrets; i++) {
    const name = `secret-${String(i).padStart(5, '0')}`;
    const readers = new Set([i % services, (i * 7 + 3) % services]);
    if (i % 3 === 0) readers.add((i * 13 + 5) % services);
    const provider = i % 10 === 0 ? 'vault' : 'aws';
    lines.push(`  ${name}:`, `    description: Synthetic secret number ${i}`, `    provider: ${provider}`);
    if (i % 5 === 0) {
      lines.push(
        '    schema:',
        '      type: object',
        '      required: [url, password]',
        '      properties:',
        '        url: { type: string, format: uri }',
        '        username: { type: string, minLength: 1 }',
        '        password: { type: string, minLength: 24 }',
      );
    } else {
      lines.push('    schema: { type: string, minLength: 32 }');
    }
    lines.push(`    readers: [${[...readers].map((r) => `svc-${r}`).join(', ')}]`);
    if (provider === 'aws' && i % 4 === 0) lines.push('    rotation: { strategy: managed, every: 30d }');
    else lines.push('    rotation: { strategy: manual, every: 90d }');
  }
  return `${lines.join('\n')}\n`;
}
