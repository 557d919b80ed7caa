import { type PlacedSecret, vaultReadPaths } from '../../catalog-queries.js';
import { hclComment, hclString } from '../../escape/hcl.js';
import { lines } from '../../text.js';

/**
 * A Vault policy in HCL that reads exactly the given KV v2 secrets: the paths
 * {@link vaultReadPaths} names (`data/` for the value, `metadata/` only under dual-key rotation).
 * Nothing else: no list, no write, no wildcard (the catalog refuses `*` and `+` in paths).
 */
export function vaultPolicyHcl(header: string, placed: readonly PlacedSecret[]): string {
  const blocks: string[] = [];
  for (const item of placed) {
    blocks.push(`# ${hclComment(item.secret.name)}`, ...vaultReadPaths(item).flatMap(readBlock));
  }
  return lines(header ? [header, ...blocks] : blocks);
}

function readBlock(path: string): string[] {
  return [`path ${hclString(path)} {`, '  capabilities = ["read"]', '}', ''];
}
