import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Catalog, parseCatalog } from '@locksmith/schema';

/** The example service's catalog (aws and vault secrets, templates, patterns, three environments). */
export function shopCatalog(): Catalog {
  const file = fileURLToPath(new URL('./fixtures/shop.catalog.yaml', import.meta.url));
  return parseCatalog(readFileSync(file, 'utf8'), file);
}

/** A small catalog exercising defaults without `generate` rules. */
export function defaultsCatalog(): Catalog {
  return parseCatalog(
    `version: 1
project: demo
environments: [dev]
providers:
  aws: { region: us-east-1, accountId: "123456789012", name: "{project}/{env}/{secret}" }
  vault: { mount: secret, path: "{project}/{env}/{secret}", auth: { method: token } }
services:
  api: { serviceAccount: api }
secrets:
  conn:
    provider: vault
    schema:
      type: object
      required: [host, port, url, token, flag, email, id, code]
      properties:
        host: { type: string, format: hostname, env: CONN_HOST }
        port: { type: integer, minimum: 1024, maximum: 2048, env: CONN_PORT }
        url: { type: string, env: CONN_URL, generate: { kind: template, template: "https://{host}:{port}/db" } }
        token: { type: string, minLength: 40, env: CONN_TOKEN }
        flag: { type: boolean, env: CONN_FLAG }
        email: { type: string, format: email, env: CONN_EMAIL }
        id: { type: string, env: CONN_ID, generate: { kind: uuid } }
        code: { type: string, pattern: "^[A-Z]{3}-[0-9]{4}$", env: CONN_CODE }
    readers: [api]
  admin-password:
    provider: aws
    schema: { type: string, minLength: 20, env: ADMIN_PASSWORD, generate: { kind: password, length: 20, symbols: true, prefix: "pw_" } }
    readers: [api]
  pin:
    provider: aws
    schema: { type: string, pattern: "^[0-9]{6}$", env: PIN }
    readers: [api]
`,
    'defaults.catalog.yaml',
  );
}
