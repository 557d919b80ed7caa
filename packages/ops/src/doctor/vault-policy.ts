import { parse as parseHcl } from '@cdktf/hcl2json';

/** What one path rule of a Vault ACL policy grants: capabilities plus any other settings, canonical. */
type Rule = { readonly capabilities: readonly string[]; readonly settings: string };

/** A Vault ACL policy as Vault reads it: path rules by path, whatever the formatting, order or comments. */
export type ParsedPolicy = ReadonlyMap<string, Rule>;

/**
 * Parses a Vault ACL policy, HCL or JSON (Vault accepts both), with HashiCorp's own HCL parser
 * (compiled to WebAssembly in `@cdktf/hcl2json`). Rules for the same path merge their capabilities,
 * as Vault merges them; the legacy `policy = "read"` shorthand is kept as its own setting.
 * Throws when the text is not a policy.
 */
export async function parseVaultPolicy(text: string): Promise<ParsedPolicy> {
  const document = (
    text.trimStart().startsWith('{') ? JSON.parse(text) : await parseHcl('policy.hcl', text)
  ) as {
    path?: unknown;
  };
  const rules = new Map<string, { capabilities: Set<string>; settings: string[] }>();
  for (const [path, bodies] of Object.entries(asObject(document.path))) {
    // hcl2json gives a list of bodies per label; a JSON policy gives one body (or a list).
    for (const body of Array.isArray(bodies) ? bodies : [bodies]) {
      const { capabilities, ...settings } = asObject(body);
      const rule = rules.get(path) ?? { capabilities: new Set<string>(), settings: [] };
      for (const c of Array.isArray(capabilities) ? capabilities : []) rule.capabilities.add(String(c));
      if (Object.keys(settings).length > 0) rule.settings.push(canonicalJson(settings));
      rules.set(path, rule);
    }
  }
  return new Map(
    [...rules].map(([path, rule]) => [
      path,
      { capabilities: [...rule.capabilities].sort(), settings: rule.settings.sort().join('|') },
    ]),
  );
}

/**
 * The paths whose rules differ between two policies, each with how: `+path` granted only by
 * `live`, `-path` only by `wanted`, `~path` by both with other capabilities or settings. Empty
 * when the policies grant the same.
 */
export function policyDifferences(wanted: ParsedPolicy, live: ParsedPolicy): string[] {
  const paths = [...new Set([...wanted.keys(), ...live.keys()])].sort();
  const differences: string[] = [];
  for (const path of paths) {
    const a = wanted.get(path);
    const b = live.get(path);
    if (!a) differences.push(`+${path}`);
    else if (!b) differences.push(`-${path}`);
    else if (a.capabilities.join() !== b.capabilities.join() || a.settings !== b.settings)
      differences.push(`~${path}`);
  }
  return differences;
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** JSON with object keys sorted, so equal settings compare equal whatever order they were written in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
