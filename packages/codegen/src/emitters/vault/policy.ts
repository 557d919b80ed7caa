import type { PlacedSecret } from '../../catalog-queries.js';
import { lines } from '../../text.js';

/**
 * A Vault policy in HCL that reads exactly the given KV v2 secrets: `data/` for the value and
 * `metadata/` so the runtime can find the previous version during a dual-key rotation. Nothing
 * else: no list, no write, no wildcard.
 */
export function vaultPolicyHcl(header: string, placed: readonly PlacedSecret[]): string {
  const blocks: string[] = [];
  for (const { secret, placement } of placed) {
    const mount = placement.mount ?? 'secret';
    blocks.push(
      `# ${secret.name}`,
      `path "${hclString(`${mount}/data/${placement.path}`)}" {`,
      '  capabilities = ["read"]',
      '}',
      '',
      `path "${hclString(`${mount}/metadata/${placement.path}`)}" {`,
      '  capabilities = ["read"]',
      '}',
      '',
    );
  }
  return lines([header, ...blocks]);
}

function hclString(text: string): string {
  return text.replace(/[\\"]/g, (char) => `\\${char}`);
}
