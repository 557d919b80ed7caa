import type { Catalog } from '@locksmith/schema';
import { describe, expect, it } from 'vitest';
import { emitVault } from '../src/emitters/vault/index.js';
import { allCatalogs, loadFixture } from './helpers/catalogs.js';

/** The `path "…" { capabilities = [...] }` blocks of an HCL policy. */
function policyBlocks(hcl: string): Array<{ path: string; capabilities: string[] }> {
  const blocks = [...hcl.matchAll(/path "([^"]+)" \{\n\s+capabilities = \[([^\]]*)\]\n\}/g)];
  const stripped = hcl
    .replace(/path "[^"]+" \{\n\s+capabilities = \[[^\]]*\]\n\}/g, '')
    .replace(/#.*$/gm, '');
  expect(stripped.trim(), 'only path blocks and comments').toBe('');
  return blocks.map((m) => ({ path: m[1]!, capabilities: JSON.parse(`[${m[2]}]`) as string[] }));
}

function expectedPaths(catalog: Catalog, service: string, env: string): string[] {
  return catalog.secrets
    .flatMap((s) => s.placements)
    .filter((p) => p.environment === env && p.provider === 'vault' && p.readers.includes(service))
    .flatMap((p) => {
      const secret = catalog.secrets.find((s) => s.placements.includes(p))!;
      // Metadata (the version list) only where dual-key rotation looks up the previous version.
      const metadata = secret.rotation.strategy === 'dual-key' ? [`${p.mount}/metadata/${p.path}`] : [];
      return [`${p.mount}/data/${p.path}`, ...metadata];
    })
    .sort();
}

describe('Vault policies', () => {
  it('grant read, and only read, on exactly the data (and dual-key metadata) paths a service reads', async () => {
    for (const [, catalog] of await allCatalogs()) {
      for (const file of emitVault(catalog).filter((f) => f.path.endsWith('.hcl'))) {
        const [, env, name] = /^vault\/([^/]+)\/(.+)\.hcl$/.exec(file.path)!;
        const blocks = policyBlocks(file.contents);
        for (const block of blocks) expect(block.capabilities).toEqual(['read']);
        expect(blocks.map((b) => b.path).sort(), file.path).toEqual(expectedPaths(catalog, name!, env!));
      }
    }
  });

  it('skip services and environments without Vault secrets (prod token moved to AWS)', async () => {
    const catalog = await loadFixture('neighbours');
    const paths = emitVault(catalog).map((f) => f.path);
    expect(paths).toEqual([
      'vault/prod/admin.hcl',
      'vault/prod/kubernetes-roles.json',
      'vault/staging/admin.hcl',
      'vault/staging/app.hcl',
      'vault/staging/kubernetes-roles.json',
    ]);
  });

  it('bind each ServiceAccount in its namespace to the policy of its service', async () => {
    const catalog = await loadFixture('neighbours');
    const roles = JSON.parse(
      emitVault(catalog).find((f) => f.path === 'vault/prod/kubernetes-roles.json')!.contents,
    );
    expect(roles.authMount).toBe('kubernetes');
    expect(roles.roles).toEqual({
      'acme-prod-admin': {
        bound_service_account_names: ['admin-sa'],
        bound_service_account_namespaces: ['acme'],
        token_policies: ['acme-prod-admin'],
        audience: 'vault',
        token_ttl: 3600,
      },
    });
  });
});

describe('Vault with AppRole for services', () => {
  it('still gives each service read by ESO a Kubernetes-auth role (for its store), at the default mount', async () => {
    const catalog = await loadFixture('neighbours');
    const vault = catalog.providers.vault!;
    const approle: Catalog = {
      ...catalog,
      providers: {
        ...catalog.providers,
        vault: { ...vault, auth: { ...vault.auth, method: 'approle', mount: 'approle' } },
      },
    };
    const roles = JSON.parse(
      emitVault(approle).find((f) => f.path === 'vault/prod/kubernetes-roles.json')!.contents,
    );
    expect(roles.authMount).toBe('kubernetes');
    expect(Object.keys(roles.roles)).toEqual(['acme-prod-admin']);
    const { emitKubernetes } = await import('../src/emitters/kubernetes/index.js');
    const admin = emitKubernetes(approle).find((f) => f.path === 'kubernetes/prod/admin.yaml')!.contents;
    expect(admin).toContain('mountPath: kubernetes\n');
    expect(admin).toContain('role: acme-prod-admin\n');
    // A service that reads its store directly (no ESO copy) and logs in with AppRole needs no role.
    const direct: Catalog = {
      ...approle,
      services: approle.services.map((s) => (s.name === 'admin' ? { ...s, externalSecrets: false } : s)),
    };
    expect(emitVault(direct).some((f) => f.path === 'vault/prod/kubernetes-roles.json')).toBe(false);
  });
});
