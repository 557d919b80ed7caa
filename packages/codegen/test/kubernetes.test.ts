import type { Catalog } from '@locksmith/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { emitKubernetes } from '../src/emitters/kubernetes/index.js';
import { goDuration } from '../src/text.js';
import { allCatalogs, loadFixture } from './helpers/catalogs.js';
import { loadCrdValidators } from './helpers/crd-validator.js';

type Doc = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  [key: string]: unknown;
};
interface ExternalSecretDoc extends Doc {
  spec: {
    refreshInterval: string;
    secretStoreRef: { name: string; kind: string };
    target: { name: string; creationPolicy: string; deletionPolicy: string };
    data: Array<{ secretKey: string; remoteRef: { key: string; property?: string } }>;
  };
}

function documents(catalog: Catalog): Array<{ path: string; doc: Doc }> {
  return emitKubernetes(catalog).flatMap((file) =>
    parseAllDocuments(file.contents).map((d) => ({ path: file.path, doc: d.toJS() as Doc })),
  );
}

function docs(catalog: Catalog, path: string): Doc[] {
  return documents(catalog)
    .filter((d) => d.path === path)
    .map((d) => d.doc);
}

let catalogs: Array<[string, Catalog]>;
const validators = loadCrdValidators();
beforeAll(async () => {
  catalogs = await allCatalogs();
});

describe('Kubernetes manifests', () => {
  it('validate every ESO document against the CRD schema of its apiVersion, unknown fields rejected', () => {
    const checked = new Set<string>();
    for (const [name, catalog] of catalogs) {
      for (const { path, doc } of documents(catalog)) {
        if (!doc.apiVersion.startsWith('external-secrets.io/')) continue;
        const key = `${doc.apiVersion}/${doc.kind}`;
        const validate = validators.get(key);
        expect(validate, `no CRD schema for ${key}`).toBeDefined();
        const ok = validate!(doc);
        expect(validate!.errors ?? [], `${name}: ${path} ${doc.kind}/${doc.metadata.name}`).toEqual([]);
        expect(ok).toBe(true);
        checked.add(key);
      }
    }
    // Both API versions and all three kinds are exercised by the catalogs.
    expect([...checked].sort()).toEqual([
      'external-secrets.io/v1/ClusterSecretStore',
      'external-secrets.io/v1/ExternalSecret',
      'external-secrets.io/v1/SecretStore',
      'external-secrets.io/v1beta1/ExternalSecret',
      'external-secrets.io/v1beta1/SecretStore',
    ]);
  });

  it('the validator rejects a misspelt field (control)', () => {
    const validate = validators.get('external-secrets.io/v1/ExternalSecret')!;
    const doc = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      spec: { refreshIntervall: '1h' },
    };
    expect(validate(doc)).toBe(false);
  });

  it('gives each service a Role on exactly the Secrets its ExternalSecrets create, and none when it reads none', () => {
    for (const [, catalog] of catalogs) {
      const byFile = new Map<string, Array<{ path: string; doc: Doc }>>();
      for (const d of documents(catalog)) byFile.set(d.path, [...(byFile.get(d.path) ?? []), d]);
      for (const [path, docs] of byFile) {
        const targets = docs
          .filter((d) => d.doc.kind === 'ExternalSecret')
          .map((d) => (d.doc as ExternalSecretDoc).spec.target.name)
          .sort();
        const roles = docs.filter((d) => d.doc.kind === 'Role').map((d) => d.doc as Doc & { rules: unknown });
        if (targets.length === 0) {
          expect(roles, path).toEqual([]);
          continue;
        }
        expect(roles, path).toHaveLength(1);
        expect(roles[0]!.rules).toEqual([
          { apiGroups: [''], resources: ['secrets'], resourceNames: targets, verbs: ['get'] },
        ]);
        const binding = docs.find((d) => d.doc.kind === 'RoleBinding')!.doc as Doc & {
          subjects: Array<{ name: string }>;
        };
        const account = docs.find((d) => d.doc.kind === 'ServiceAccount')!.doc;
        expect(binding.subjects.map((s) => s.name)).toEqual([account.metadata.name]);
      }
    }
  });

  it('maps every field to its env var, without property for an AWS string secret and `value` for Vault', async () => {
    const catalog = await loadFixture('neighbours');
    const docs = documents(catalog).filter((d) => d.doc.kind === 'ExternalSecret');
    const find = (path: string, name: string) =>
      docs.find((d) => d.path === path && d.doc.metadata.name === name)!.doc as ExternalSecretDoc;

    expect(find('kubernetes/staging/app.yaml', 'app-token').spec.data).toEqual([
      { secretKey: 'TOKEN', remoteRef: { key: 'apps/staging/token', property: 'value' } },
    ]);
    // prod overrides token to AWS: a string secret maps the whole SecretString.
    const prodToken = find('kubernetes/prod/app.yaml', 'app-token');
    expect(prodToken.spec.data).toEqual([{ secretKey: 'TOKEN', remoteRef: { key: 'acme/prod/token' } }]);
    expect(prodToken.spec.secretStoreRef).toEqual({ name: 'app-aws-prod', kind: 'SecretStore' });
    expect(find('kubernetes/prod/app.yaml', 'app-database').spec.data).toEqual([
      { secretKey: 'DATABASE_HOST', remoteRef: { key: 'acme/prod/database', property: 'host' } },
      { secretKey: 'DATABASE_PASSWORD', remoteRef: { key: 'acme/prod/database', property: 'password' } },
      { secretKey: 'DATABASE_PORT', remoteRef: { key: 'acme/prod/database', property: 'port' } },
    ]);
    expect(prodToken.spec.refreshInterval).toBe('30m');
    expect(prodToken.spec.target).toEqual({
      name: 'app-token',
      creationPolicy: 'Owner',
      deletionPolicy: 'Retain',
    });
  });

  it('emits nothing for an environment that reads secrets from .env', async () => {
    const catalog = await loadFixture('neighbours');
    expect(emitKubernetes(catalog).filter((f) => f.path.startsWith('kubernetes/local/'))).toEqual([]);
  });

  it('annotates each ServiceAccount with the IRSA role of the same principal as its IAM policy', async () => {
    const catalog = await loadFixture('neighbours');
    const admin = documents(catalog).find(
      (d) => d.path === 'kubernetes/prod/admin.yaml' && d.doc.kind === 'ServiceAccount',
    )!.doc;
    expect(admin.metadata.name).toBe('admin-sa');
    expect(admin.metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/acme-prod-admin',
    });
  });

  it('gives each service its own store per provider, authenticated as the service, and restricts cluster stores', () => {
    let cluster = 0;
    for (const [name, catalog] of catalogs) {
      for (const { path, doc } of documents(catalog)) {
        if (doc.kind !== 'SecretStore' && doc.kind !== 'ClusterSecretStore') continue;
        const service = catalog.services.find(
          (s) => s.name === doc.metadata.annotations?.['locksmith.dev/service'],
        )!;
        expect(path, name).toBe(`kubernetes/${path.split('/')[1]}/${service.name}.yaml`);
        const account = docs(catalog, path).find((d) => d.kind === 'ServiceAccount')!;
        const spec = doc.spec as {
          conditions?: Array<{ namespaces: string[] }>;
          provider: {
            aws?: { auth: { jwt: { serviceAccountRef: { name: string; namespace?: string } } } };
            vault?: { auth: { kubernetes: { serviceAccountRef: { name: string; audiences: string[] } } } };
          };
        };
        const ref =
          spec.provider.aws?.auth.jwt.serviceAccountRef ??
          spec.provider.vault!.auth.kubernetes.serviceAccountRef;
        expect(ref.name, `${path} ${doc.metadata.name}`).toBe(service.serviceAccount);
        expect(ref.name).toBe(account.metadata.name);
        if (doc.kind === 'ClusterSecretStore') {
          cluster++;
          expect(spec.conditions).toEqual([{ namespaces: [account.metadata.namespace] }]);
          expect((ref as { namespace?: string }).namespace).toBe(account.metadata.namespace);
        } else {
          expect(doc.metadata.namespace).toBe(account.metadata.namespace);
        }
        // Store names carry the environment.
        expect(doc.metadata.name).toContain(path.split('/')[1]!);
      }
    }
    expect(cluster).toBeGreaterThan(0);
  });

  it('writes no store, Role or ExternalSecret for a service that reads its store directly', async () => {
    const catalog = await loadFixture('neighbours');
    const direct = { ...catalog, services: catalog.services.map((s) => ({ ...s, externalSecrets: false })) };
    const kinds = new Set(documents(direct).map((d) => d.doc.kind));
    expect([...kinds]).toEqual(['ServiceAccount']);
  });

  it('writes refresh intervals as Go durations (no day unit)', () => {
    expect(goDuration(30 * 86_400_000)).toBe('720h');
    expect(goDuration(90 * 60_000)).toBe('1h30m');
    expect(goDuration(15_000)).toBe('15s');
    expect(goDuration(0)).toBe('0s');
  });
});
