import { parseHclBlocks } from './hcl.js';

/** Capabilities a Vault policy can grant on a path. */
export type VaultCapability = 'create' | 'read' | 'update' | 'patch' | 'delete' | 'list' | 'sudo' | 'deny';

const CAPABILITIES: ReadonlySet<string> = new Set([
  'create',
  'read',
  'update',
  'patch',
  'delete',
  'list',
  'sudo',
  'deny',
]);
/** The pre-0.9 `policy = "..."` shorthand. */
const LEGACY: Readonly<Record<string, VaultCapability[]>> = {
  deny: ['deny'],
  read: ['read', 'list'],
  write: ['create', 'read', 'update', 'delete', 'list'],
  sudo: ['create', 'read', 'update', 'delete', 'list', 'sudo'],
};
/** Parameter constraints the fake does not enforce: refusing them beats granting too much. */
const UNSUPPORTED = ['allowed_parameters', 'denied_parameters', 'required_parameters'];

/** One `path` rule of a policy. */
export interface PolicyRule {
  readonly pattern: string;
  readonly capabilities: ReadonlySet<VaultCapability>;
}

function ruleFrom(pattern: string, body: Readonly<Record<string, unknown>>): PolicyRule {
  for (const key of UNSUPPORTED) {
    if (key in body)
      throw new SyntaxError(`policy path "${pattern}": ${key} is not supported by the fake Vault`);
  }
  const caps = new Set<VaultCapability>();
  const list = body.capabilities;
  if (Array.isArray(list)) {
    for (const c of list) {
      if (typeof c !== 'string' || !CAPABILITIES.has(c)) {
        throw new SyntaxError(`policy path "${pattern}": unknown capability "${String(c)}"`);
      }
      caps.add(c as VaultCapability);
    }
  }
  const legacy = body.policy;
  if (typeof legacy === 'string') {
    const mapped = LEGACY[legacy];
    if (!mapped) throw new SyntaxError(`policy path "${pattern}": unknown policy "${legacy}"`);
    for (const c of mapped) caps.add(c);
  }
  return { pattern, capabilities: caps };
}

/** Parses a Vault ACL policy written in HCL or JSON. */
export function parseVaultPolicy(text: string): PolicyRule[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const doc = JSON.parse(trimmed) as { path?: unknown } | null;
    const paths = doc?.path ?? {};
    if (typeof paths !== 'object' || paths === null)
      throw new SyntaxError('policy: "path" must be an object');
    return Object.entries(paths).map(([pattern, body]) => {
      if (typeof body !== 'object' || body === null)
        throw new SyntaxError(`policy path "${pattern}": expected an object`);
      return ruleFrom(pattern, body as Record<string, unknown>);
    });
  }
  return parseHclBlocks(text).map((block) => {
    if (block.type !== 'path') throw new SyntaxError(`policy: unsupported block "${block.type}"`);
    return ruleFrom(block.label, block.body);
  });
}

/** `+` stands for exactly one path segment; a trailing `*` for any suffix. */
function patternMatches(pattern: string, path: string): boolean {
  const glob = pattern.endsWith('*');
  const body = glob ? pattern.slice(0, -1) : pattern;
  const source = body
    .split('/')
    .map((segment) => (segment === '+' ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}${glob ? '.*' : ''}$`, 's').test(path);
}

/** Vault's priority: later first wildcard, no trailing `*`, fewer `+`, longer, then lexically greater wins. */
function morePrecise(a: string, b: string): boolean {
  const firstWild = (p: string): number => {
    const positions = [p.indexOf('+'), p.indexOf('*')].filter((x) => x >= 0);
    return positions.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...positions);
  };
  if (firstWild(a) !== firstWild(b)) return firstWild(a) > firstWild(b);
  if (a.endsWith('*') !== b.endsWith('*')) return !a.endsWith('*');
  const plus = (p: string): number => p.split('+').length - 1;
  if (plus(a) !== plus(b)) return plus(a) < plus(b);
  if (a.length !== b.length) return a.length > b.length;
  return a > b;
}

/**
 * The capabilities a set of policies grants on one path: rules with the same pattern merge,
 * the most precise matching pattern decides, and `deny` there takes everything away.
 */
export function capabilitiesFor(rules: readonly PolicyRule[], path: string): ReadonlySet<VaultCapability> {
  const merged = new Map<string, Set<VaultCapability>>();
  for (const rule of rules) {
    if (!patternMatches(rule.pattern, path)) continue;
    const set = merged.get(rule.pattern) ?? new Set<VaultCapability>();
    for (const c of rule.capabilities) set.add(c);
    merged.set(rule.pattern, set);
  }
  let best: string | undefined;
  for (const pattern of merged.keys()) if (best === undefined || morePrecise(pattern, best)) best = pattern;
  const caps = best === undefined ? new Set<VaultCapability>() : (merged.get(best) as Set<VaultCapability>);
  return caps.has('deny') ? new Set<VaultCapability>(['deny']) : caps;
}
