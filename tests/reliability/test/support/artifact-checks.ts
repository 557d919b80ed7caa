import type { Catalog } from '@locksmith/schema';
import { parseVaultPolicy } from '@locksmith/testkit';

/** One IAM statement as policies are written (Action/Resource may be a string or a list). */
interface Statement {
  readonly Effect?: string;
  readonly Action?: string | readonly string[];
  readonly NotAction?: unknown;
  readonly Resource?: string | readonly string[];
  readonly NotResource?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const list = (v: string | readonly string[] | undefined): readonly string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : v;

/**
 * AWS requires `BatchGetSecretValue` on `*` (the batch call has no resource of its own; each
 * secret is then authorised by `GetSecretValue` on its ARN — see docs/codegen.md). It is the only
 * action allowed on a wildcard resource.
 */
const WILDCARD_RESOURCE_ACTIONS = new Set(['secretsmanager:BatchGetSecretValue']);
const SECRET_ACTIONS = new Set(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']);

/** Every violation of least privilege in one IAM policy document of environment `env`. */
export function iamViolations(
  catalog: Catalog,
  env: string,
  doc: { Statement?: readonly Statement[] },
): string[] {
  const out: string[] = [];
  const own = new Set<string>();
  const others = new Set<string>();
  for (const secret of catalog.secrets)
    for (const p of secret.placements)
      if (p.provider === 'aws' && p.arnPattern) (p.environment === env ? own : others).add(p.arnPattern);
  for (const [i, st] of (doc.Statement ?? []).entries()) {
    const where = `Statement[${i}]`;
    if (st.Effect !== 'Allow') continue;
    if (st.NotAction !== undefined || st.NotResource !== undefined)
      out.push(`${where}: NotAction/NotResource`);
    const actions = list(st.Action);
    const resources = list(st.Resource);
    for (const a of actions)
      if (a.includes('*') || a.includes('?')) out.push(`${where}: wildcard action ${a}`);
    if (resources.includes('*')) {
      for (const a of actions)
        if (!WILDCARD_RESOURCE_ACTIONS.has(a)) out.push(`${where}: ${a} on Resource "*"`);
      continue;
    }
    for (const r of resources) {
      if (r.startsWith('arn:aws:secretsmanager:')) {
        if (others.has(r) && !own.has(r)) out.push(`${where}: cross-environment ARN ${r}`);
        else if (!own.has(r)) out.push(`${where}: ARN ${r} is not a secret of ${env}`);
        if (r.endsWith('*')) out.push(`${where}: trailing wildcard ${r}`);
      } else if (r.startsWith('arn:aws:kms:')) {
        const via = st.Condition?.StringEquals?.['kms:ViaService'];
        if (actions.some((a) => a !== 'kms:Decrypt')) out.push(`${where}: KMS action beyond Decrypt`);
        if (typeof via !== 'string' || !via.startsWith('secretsmanager.'))
          out.push(`${where}: kms:Decrypt without a kms:ViaService condition`);
      } else out.push(`${where}: unexpected resource ${r}`);
    }
    for (const a of actions)
      if (a.startsWith('secretsmanager:') && !SECRET_ACTIONS.has(a) && !WILDCARD_RESOURCE_ACTIONS.has(a))
        out.push(`${where}: write or admin action ${a}`);
  }
  return out;
}

/**
 * A policy that lets its role read a secret encrypted with a customer-managed key must also let it
 * decrypt with that key — through Secrets Manager only (`kms:ViaService`). Without the statement
 * the role cannot read the secret at all; without the condition it could decrypt anything.
 */
export function kmsCoverageViolations(
  catalog: Catalog,
  env: string,
  doc: { Statement?: readonly Statement[] },
): string[] {
  const keyOf = new Map<string, string>();
  for (const secret of catalog.secrets)
    for (const p of secret.placements)
      if (p.environment === env && p.arnPattern && p.kmsKeyId) keyOf.set(p.arnPattern, p.kmsKeyId);
  const statements = (doc.Statement ?? []).filter((st) => st.Effect === 'Allow');
  const needed = new Set<string>();
  for (const st of statements)
    if (list(st.Action).includes('secretsmanager:GetSecretValue'))
      for (const r of list(st.Resource)) {
        const key = keyOf.get(r);
        if (key) needed.add(key);
      }
  const decrypts = statements.filter(
    (st) =>
      list(st.Action).includes('kms:Decrypt') &&
      typeof st.Condition?.StringEquals?.['kms:ViaService'] === 'string' &&
      String(st.Condition.StringEquals['kms:ViaService']).startsWith('secretsmanager.'),
  );
  const covers = (key: string): boolean =>
    decrypts.some((st) => {
      if (key.includes('alias/')) {
        const aliases = st.Condition?.['ForAnyValue:StringEquals']?.['kms:ResourceAliases'];
        return Array.isArray(aliases) && aliases.includes(key.slice(key.indexOf('alias/')));
      }
      return list(st.Resource).some((r) => r === key || r.endsWith(`:key/${key}`));
    });
  return [...needed]
    .filter((key) => !covers(key))
    .map((key) => `no kms:Decrypt via Secrets Manager for ${key}`);
}

/** Every violation in one Vault policy of environment `env`: only read, only data/metadata of that env's paths. */
export function vaultViolations(catalog: Catalog, env: string, hcl: string): string[] {
  const own = new Set<string>();
  const others = new Set<string>();
  for (const secret of catalog.secrets)
    for (const p of secret.placements)
      if (p.provider === 'vault' && p.mount)
        for (const kind of ['data', 'metadata'])
          (p.environment === env ? own : others).add(`${p.mount}/${kind}/${p.path}`);
  const out: string[] = [];
  for (const rule of parseVaultPolicy(hcl)) {
    const caps = [...rule.capabilities];
    if (caps.some((c) => c !== 'read')) out.push(`${rule.pattern}: capabilities ${caps.join(',')}`);
    if (/[*+]/.test(rule.pattern)) out.push(`${rule.pattern}: glob`);
    if (others.has(rule.pattern) && !own.has(rule.pattern))
      out.push(`${rule.pattern}: cross-environment path`);
    else if (!own.has(rule.pattern)) out.push(`${rule.pattern}: not a data/metadata path of ${env}`);
  }
  return out;
}

/** Assignments in a `.env.example` whose value is not an empty or `<placeholder>` value. */
export function dotenvViolations(text: string): string[] {
  const out: string[] = [];
  for (const [n, line] of text.split('\n').entries()) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(trimmed);
    if (!match) out.push(`line ${n + 1}: not an assignment`);
    else if (match[2] !== '' && !/^<[^<>]*>$/.test(match[2] ?? ''))
      out.push(`line ${n + 1}: ${match[1]} has a value`);
  }
  return out;
}

/** Terraform JSON must not create secret versions or hold any secret string. */
export function terraformViolations(doc: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      for (const [i, v] of node.entries()) walk(v, `${path}[${i}]`);
    } else if (node !== null && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) {
        if (key === 'aws_secretsmanager_secret_version') out.push(`${path}.${key}: creates a secret version`);
        if (key === 'secret_string' || key === 'secret_binary' || key === 'secret_string_wo')
          out.push(`${path}.${key}: holds a value`);
        walk(value, `${path}.${key}`);
      }
  };
  walk(doc, '$');
  return out;
}

/** The IAM policy documents embedded in Terraform JSON (`aws_iam_policy.*.policy`, a JSON string). */
export function terraformPolicies(
  doc: unknown,
): { name: string; policy: { Statement?: readonly Statement[] } }[] {
  const resources = (doc as { resource?: { aws_iam_policy?: Record<string, { policy?: unknown }> } })
    .resource;
  return Object.entries(resources?.aws_iam_policy ?? {}).map(([name, r]) => ({
    name,
    policy:
      typeof r.policy === 'string' ? (JSON.parse(r.policy) as { Statement?: readonly Statement[] }) : {},
  }));
}
