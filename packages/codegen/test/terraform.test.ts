import type { Catalog } from '@locksmith/schema';
import { describe, expect, it } from 'vitest';
import { emitTerraform } from '../src/emitters/terraform/index.js';
import { allCatalogs, loadExample } from './helpers/catalogs.js';

/** The attributes each generated resource type may carry, from the AWS (5.x) and Vault (4.x) provider docs. */
const ATTRIBUTES: Record<string, readonly string[]> = {
  aws_secretsmanager_secret: [
    'name',
    'description',
    'kms_key_id',
    'recovery_window_in_days',
    'tags',
    'lifecycle',
  ],
  aws_secretsmanager_secret_rotation: ['secret_id', 'rotation_lambda_arn', 'rotation_rules'],
  aws_iam_role: ['name', 'path', 'description', 'assume_role_policy'],
  aws_iam_policy: ['name', 'description', 'policy'],
  aws_iam_role_policy_attachment: ['role', 'policy_arn'],
  vault_policy: ['namespace', 'name', 'policy'],
  vault_kubernetes_auth_backend_role: [
    'namespace',
    'backend',
    'role_name',
    'bound_service_account_names',
    'bound_service_account_namespaces',
    'token_policies',
    'audience',
    'token_ttl',
  ],
};

type Tf = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  variable?: Record<string, { type: string }>;
  terraform?: { required_providers: Record<string, { source: string; version: string }> };
};

function files(catalog: Catalog): Map<string, Tf> {
  return new Map(emitTerraform(catalog).map((f) => [f.path, JSON.parse(f.contents) as Tf]));
}

describe('Terraform JSON', () => {
  it('uses only documented attributes, valid resource names and declared variables', async () => {
    for (const [name, catalog] of await allCatalogs()) {
      for (const [path, tf] of files(catalog)) {
        for (const [type, resources] of Object.entries(tf.resource ?? {})) {
          expect(ATTRIBUTES[type], `${name} ${path} ${type}`).toBeDefined();
          for (const [id, body] of Object.entries(resources)) {
            expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
            for (const key of Object.keys(body)) expect(ATTRIBUTES[type], `${type}.${id}`).toContain(key);
          }
        }
        for (const used of JSON.stringify(tf).matchAll(/\$\{var\.([a-z0-9_]+)\}/g)) {
          expect(Object.keys(tf.variable ?? {}), path).toContain(used[1]);
        }
      }
    }
  });

  it('declares the providers once, protects production secrets and trusts only the service account', async () => {
    const catalog = await loadExample();
    const all = files(catalog);
    expect(all.get('terraform/versions.tf.json')?.terraform?.required_providers).toEqual({
      aws: { source: 'hashicorp/aws', version: '>= 5.0' },
      vault: { source: 'hashicorp/vault', version: '>= 4.0' },
    });
    const prod = all.get('terraform/prod.tf.json')!;
    const staging = all.get('terraform/staging.tf.json')!;
    expect(prod.resource?.aws_secretsmanager_secret?.prod_database?.lifecycle).toEqual({
      prevent_destroy: true,
    });
    expect(staging.resource?.aws_secretsmanager_secret?.staging_database?.lifecycle).toBeUndefined();

    const role = prod.resource?.aws_iam_role?.prod_api as { name: string; assume_role_policy: string };
    expect(role.name).toBe('shop-prod-api');
    const trust = JSON.parse(role.assume_role_policy) as {
      Statement: Array<{ Action: string; Condition: { StringEquals: Record<string, string> } }>;
    };
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0]!.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(trust.Statement[0]!.Condition.StringEquals).toEqual({
      '${var.prod_eks_oidc_provider}:sub': 'system:serviceaccount:shop-prod:api',
      '${var.prod_eks_oidc_provider}:aud': 'sts.amazonaws.com',
    });
    expect(prod.resource?.aws_iam_role_policy_attachment?.prod_api).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform syntax
      role: '${aws_iam_role.prod_api.name}',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform syntax
      policy_arn: '${aws_iam_policy.prod_api.arn}',
    });
    const vaultRole = prod.resource?.vault_kubernetes_auth_backend_role?.prod_api;
    expect(vaultRole).toMatchObject({ role_name: 'shop-prod-api', audience: 'vault', token_ttl: 3600 });
    expect(String(prod.resource?.vault_policy?.prod_api?.policy)).toContain(
      'path "secret/data/shop/prod/jwt-signing-key"',
    );
  });
});
