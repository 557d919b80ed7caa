import type { Catalog } from '@locksmith/schema';
import { parseAllDocuments } from 'yaml';
import { emitIam } from '../../src/emitters/iam/index.js';
import { emitKubernetes } from '../../src/emitters/kubernetes/index.js';
import { emitTerraform } from '../../src/emitters/terraform/index.js';
import { emitVault } from '../../src/emitters/vault/index.js';
import type { GeneratedFile } from '../../src/generated-file.js';
import type { GrantView } from '../../src/plan/index.js';
import { concreteArn, isAllowed } from '../helpers/simulate.js';

/**
 * Who can read what, computed from the generated files alone (not from the catalog model that
 * `locksmith plan` uses): IAM policies through the IAM policy simulator, Vault policies by Vault's
 * path-matching rules, Kubernetes RBAC by which ServiceAccount a Role bound to it lets get which
 * ExternalSecret's target, where that ExternalSecret syncs through a store that authenticates as
 * the same ServiceAccount. Each entry is `env|principal|channel|holder|store key|identity`, where
 * the identity is the ServiceAccount that exercises the grant: read from the IRSA trust policy of
 * the role in the Terraform (iam), from the Kubernetes-auth roles that carry the policy (vault,
 * empty when none does), from the RoleBinding's subject (kubernetes).
 *
 * `candidates` are the store locations to ask about: AWS secret names and Vault KV paths
 * (`<mount>/data/<path>`), per environment.
 */
export async function artifactMatrix(
  catalog: Catalog,
  candidates: { readonly aws: readonly string[]; readonly vault: readonly string[] },
): Promise<Set<string>> {
  const entries = new Set<string>();
  const trust = irsaSubjects(emitTerraform(catalog));
  for (const file of emitIam(catalog)) await iamEntries(catalog, file, candidates.aws, trust, entries);
  const vaultFiles = emitVault(catalog);
  const bound = kubernetesAuthSubjects(vaultFiles);
  for (const file of vaultFiles) vaultEntries(file, candidates.vault, bound, entries);
  for (const file of emitKubernetes(catalog)) kubernetesEntries(file, entries);
  return entries;
}

/** The same key for a grant the plan reports. */
export function grantEntry(environment: string, principal: string, grant: GrantView): string {
  const store =
    grant.channel === 'iam'
      ? `aws:${grant.resource.replace(/^arn:[^:]+:secretsmanager:[^:]*:\d+:secret:/, '').replace(/-\?{6}$/, '')}`
      : grant.channel === 'vault'
        ? `vault:${grant.resource}`
        : `k8s:${grant.resource}`;
  return [environment, principal, grant.channel, grant.holder, store, grant.identity ?? ''].join('|');
}

/** `<env>|<role name>` → the `<namespace>/<ServiceAccount>` its trust policy lets assume it. */
function irsaSubjects(files: readonly GeneratedFile[]): Map<string, string> {
  const subjects = new Map<string, string>();
  for (const file of files) {
    const match = /^terraform\/([^/]+)\.tf\.json$/.exec(file.path);
    if (!match) continue;
    const roles = (
      JSON.parse(file.contents) as { resource?: { aws_iam_role?: Record<string, TerraformRole> } }
    ).resource?.aws_iam_role;
    for (const role of Object.values(roles ?? {})) {
      const trust = JSON.parse(role.assume_role_policy) as {
        Statement: Array<{ Condition: { StringEquals: Record<string, string> } }>;
      };
      for (const statement of trust.Statement) {
        for (const [key, value] of Object.entries(statement.Condition.StringEquals)) {
          const sub = /^system:serviceaccount:([^:]+):(.+)$/.exec(value);
          if (key.endsWith(':sub') && sub) subjects.set(`${match[1]}|${role.name}`, `${sub[1]}/${sub[2]}`);
        }
      }
    }
  }
  return subjects;
}

interface TerraformRole {
  readonly name: string;
  readonly assume_role_policy: string;
}

/** `<env>|<Vault policy>` → the `<namespace>/<ServiceAccount>`s whose Kubernetes-auth role carries it. */
function kubernetesAuthSubjects(files: readonly GeneratedFile[]): Map<string, string[]> {
  const subjects = new Map<string, string[]>();
  for (const file of files) {
    const match = /^vault\/([^/]+)\/kubernetes-roles\.json$/.exec(file.path);
    if (!match) continue;
    type Role = {
      bound_service_account_names: string[];
      bound_service_account_namespaces: string[];
      token_policies: string[];
    };
    const { roles } = JSON.parse(file.contents) as { roles: Record<string, Role> };
    for (const role of Object.values(roles)) {
      for (const policy of role.token_policies) {
        const key = `${match[1]}|${policy}`;
        for (const namespace of role.bound_service_account_namespaces) {
          for (const name of role.bound_service_account_names) {
            subjects.set(key, [...(subjects.get(key) ?? []), `${namespace}/${name}`]);
          }
        }
      }
    }
  }
  return subjects;
}

async function iamEntries(
  catalog: Catalog,
  file: GeneratedFile,
  names: readonly string[],
  trust: ReadonlyMap<string, string>,
  out: Set<string>,
) {
  const [, env, name] = /^iam\/([^/]+)\/([^/]+)\.json$/.exec(file.path)!;
  const { RoleArn, PolicyDocument } = JSON.parse(file.contents) as {
    RoleArn: string;
    PolicyDocument: object;
  };
  const { region, accountId } = catalog.providers.aws!;
  for (const secretName of names) {
    const resource = concreteArn(region, accountId, secretName);
    const read = await isAllowed(PolicyDocument, {
      action: 'secretsmanager:GetSecretValue',
      resource,
      accountId,
    });
    const assumedBy = trust.get(`${env}|${RoleArn.replace(/^.*:role\/(?:.*\/)?/, '')}`) ?? '';
    if (read) out.add([env, name, 'iam', RoleArn, `aws:${secretName}`, assumedBy].join('|'));
  }
}

function vaultEntries(
  file: GeneratedFile,
  paths: readonly string[],
  bound: ReadonlyMap<string, readonly string[]>,
  out: Set<string>,
) {
  const match = /^vault\/([^/]+)\/([^/]+)\.hcl$/.exec(file.path);
  if (!match) return;
  const [, env, name] = match;
  const policy = /# Vault policy "((?:[^"\\]|\\.)*)"/.exec(file.contents)![1]!;
  const rules = [
    ...file.contents.matchAll(/path "((?:[^"\\]|\\.)*)" \{\s*capabilities = \[([^\]]*)\]\s*\}/g),
  ].map(([, path, caps]) => ({ path: path!.replace(/\\(.)/g, '$1'), read: /"read"/.test(caps!) }));
  for (const candidate of paths) {
    if (rules.some((r) => r.read && vaultPathMatches(r.path, candidate))) {
      const accounts = bound.get(`${env}|${policy}`) ?? [''];
      for (const account of accounts)
        out.add([env, name, 'vault', policy, `vault:${candidate}`, account].join('|'));
    }
  }
}

/** Vault's policy paths: exact, `+` for one segment, a trailing `*` for any suffix. */
function vaultPathMatches(pattern: string, path: string): boolean {
  const glob = pattern.endsWith('*');
  const body = (glob ? pattern.slice(0, -1) : pattern)
    .split('+')
    .map((part) => part.replace(/[.*?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${body}${glob ? '.*' : ''}$`).test(path);
}

function kubernetesEntries(file: GeneratedFile, out: Set<string>) {
  const match = /^kubernetes\/([^/]+)\/([^/]+)\.yaml$/.exec(file.path);
  if (!match) return;
  const [, env, service] = match;
  type AccountRef = { name: string; namespace?: string };
  type Doc = {
    kind: string;
    metadata: { name: string; namespace?: string };
    rules?: Array<{ resources: string[]; resourceNames?: string[]; verbs: string[] }>;
    roleRef?: { name: string };
    subjects?: Array<{ kind: string; name: string; namespace: string }>;
    spec?: {
      target?: { name: string };
      secretStoreRef?: { name: string; kind: string };
      conditions?: Array<{ namespaces?: string[] }>;
      provider?: {
        aws?: { auth?: { jwt?: { serviceAccountRef?: AccountRef } } };
        vault?: { auth?: { kubernetes?: { serviceAccountRef?: AccountRef } } };
      };
    };
  };
  const docs = parseAllDocuments(file.contents).map((d) => d.toJS() as Doc);
  const readable = new Map<string, Set<string>>();
  for (const role of docs.filter((d) => d.kind === 'Role')) {
    const names = (role.rules ?? [])
      .filter((r) => r.resources.includes('secrets') && r.verbs.includes('get'))
      .flatMap((r) => r.resourceNames ?? []);
    readable.set(role.metadata.name, new Set(names));
  }
  for (const binding of docs.filter((d) => d.kind === 'RoleBinding')) {
    const names = readable.get(binding.roleRef!.name) ?? new Set<string>();
    for (const subject of binding.subjects ?? []) {
      for (const es of docs.filter((d) => d.kind === 'ExternalSecret')) {
        const target = es.spec?.target?.name;
        const namespace = es.metadata.namespace!;
        if (!target || !names.has(target) || namespace !== binding.metadata.namespace) continue;
        // The ExternalSecret fills the Secret only through a store it may use, and that store must
        // read as the same ServiceAccount the Role lets get it: the SecretStore binding.
        if (!storeReadsAs(docs, es.spec?.secretStoreRef, namespace, subject)) continue;
        const holder = `${subject.namespace}/${subject.name}`;
        out.add([env, service, 'kubernetes', holder, `k8s:${namespace}/${target}`, holder].join('|'));
      }
    }
  }

  /**
   * The store `ref` names, usable from `namespace` (a SecretStore in it, or a ClusterSecretStore
   * whose conditions admit it), authenticates as `account` (in ESO, a ServiceAccount reference
   * without a namespace means the one the store is used from).
   */
  function storeReadsAs(
    all: readonly Doc[],
    ref: { name: string; kind: string } | undefined,
    namespace: string,
    account: { name: string; namespace: string },
  ): boolean {
    const store = all.find((d) => d.kind === ref?.kind && d.metadata.name === ref?.name);
    if (!store) return false;
    const usable =
      store.kind === 'SecretStore'
        ? store.metadata.namespace === namespace
        : store.kind === 'ClusterSecretStore' &&
          (store.spec?.conditions ?? []).some((c) => c.namespaces?.includes(namespace));
    const provider = store.spec?.provider;
    const as =
      provider?.aws?.auth?.jwt?.serviceAccountRef ?? provider?.vault?.auth?.kubernetes?.serviceAccountRef;
    return (
      usable &&
      as !== undefined &&
      as.name === account.name &&
      (as.namespace ?? namespace) === account.namespace
    );
  }
}
