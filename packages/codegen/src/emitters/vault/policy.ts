import type { PlacedSecret } from '../../catalog-queries.js';
import { hclComment, hclString } from '../../escape/hcl.js';
import { lines } from '../../text.js';

/**
 * A Vault policy in HCL that reads exactly the given KV v2 secrets: `data/` for the value, and
 * `metadata/` only for a secret with dual-key rotation, where the runtime looks up the previous
 * version. Nothing else: no list, no write, no wildcard (the catalog refuses `*` and `+` in paths).
 */
export function vaultPolicyHcl(header: string, placed: readonly PlacedSecret[]): string {
  const blocks: string[] = [];
  for (const { secret, placement } of placed) {
    const mount = placement.mount ?? 'secret';
    blocks.push(`# ${hclComment(secret.name)}`, ...readBlock(`${mount}/data/${placement.path}`));
    if (secret.rotation.strategy === 'dual-key') {
      blocks.push(...readBlock(`${mount}/metadata/${placement.path}`));
    }
  }
  return lines(header ? [header, ...blocks] : blocks);
}

function readBlock(path: string): string[] {
  return [`path ${hclString(path)} {`, '  capabilities = ["read"]', '}', ''];
}
