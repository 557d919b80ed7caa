import { describe, expect, it } from 'vitest';
import { emitDotenv } from '../src/emitters/dotenv/index.js';
import { emitTerraform } from '../src/emitters/terraform/index.js';
import { renderCatalog } from '../src/render.js';
import { allCatalogs, loadFixture } from './helpers/catalogs.js';

/** Strings in the canary catalog's generate rules: example values that must never be emitted. */
const CANARIES = ['CANARY-TEMPLATE-VALUE-3f9a1c', 'CANARY-USER-VALUE-77b2', 'CANARYPFX_'];

describe('generated files carry no values', () => {
  it('the canary catalog really holds the canaries (control)', async () => {
    const catalog = await loadFixture('canary');
    const rules = JSON.stringify(catalog.secrets.flatMap((s) => s.fields.map((f) => f.generate)));
    for (const canary of CANARIES) expect(rules).toContain(canary);
  });

  it('no generated file contains a generate-rule value', async () => {
    const files = await renderCatalog(await loadFixture('canary'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      for (const canary of CANARIES) expect(file.contents, file.path).not.toContain(canary);
    }
  });

  it('.env.example assigns every variable a <placeholder>, never a value', async () => {
    let checked = 0;
    for (const [, catalog] of await allCatalogs()) {
      for (const file of emitDotenv(catalog)) {
        const assignments = file.contents.split('\n').filter((l) => l.length > 0 && !l.startsWith('#'));
        for (const line of assignments) expect(line, file.path).toMatch(/^[A-Z_][A-Z0-9_]*=<[^<>\n]+>$/);
        checked += assignments.length;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('.env.example lists exactly the env vars of the secrets the service reads', async () => {
    for (const [, catalog] of await allCatalogs()) {
      for (const service of catalog.services) {
        const file = emitDotenv(catalog).find((f) => f.path === `env/${service.name}.env.example`)!;
        const vars = file.contents
          .split('\n')
          .filter((l) => /^[A-Z]/.test(l))
          .map((l) => l.split('=')[0])
          .sort();
        const expected = catalog.secrets
          .filter((s) => service.reads.includes(s.name))
          .flatMap((s) => s.fields.map((f) => f.env))
          .sort();
        expect(vars, service.name).toEqual(expected);
      }
    }
  });

  it('Terraform declares secrets, rotation and policies but never a secret version or value', async () => {
    for (const [, catalog] of await allCatalogs()) {
      for (const file of emitTerraform(catalog)) {
        const tf = JSON.parse(file.contents) as { resource?: Record<string, unknown> };
        for (const key of Object.keys(tf)) expect(['//', 'resource', 'terraform', 'variable']).toContain(key);
        for (const type of Object.keys(tf.resource ?? {})) {
          expect([
            'aws_iam_policy',
            'aws_iam_role',
            'aws_iam_role_policy_attachment',
            'aws_secretsmanager_secret',
            'aws_secretsmanager_secret_rotation',
            'vault_kubernetes_auth_backend_role',
            'vault_policy',
          ]).toContain(type);
        }
        expect(file.contents).not.toMatch(/secret_string|secret_binary|aws_secretsmanager_secret_version/);
      }
    }
  });

  it('Terraform wires managed rotation to the Lambda named by the catalog, per environment', async () => {
    const tf = JSON.parse(
      emitTerraform(await loadFixture('canary')).find((f) => f.path === 'terraform/prod.tf.json')!.contents,
    );
    expect(tf.resource.aws_secretsmanager_secret_rotation).toEqual({
      prod_login: {
        // A Terraform interpolation, not a JavaScript template.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform syntax
        secret_id: '${aws_secretsmanager_secret.prod_login.id}',
        rotation_lambda_arn: 'arn:aws:lambda:us-east-2:444455556666:function:prod-rotate-login',
        rotation_rules: { automatically_after_days: 30 },
      },
    });
    expect(tf.resource.aws_secretsmanager_secret.prod_login.tags['managed-by']).toBe('locksmith');
  });
});
