import { describe, expect, it } from 'vitest';
import { emitTypescript } from '../src/emitters/typescript/index.js';
import { allCatalogs, loadExample } from './helpers/catalogs.js';
import { typeCheck } from './helpers/compile-virtual.js';

async function generatedModules(catalogName: string): Promise<Record<string, string>> {
  const catalog = (await allCatalogs()).find(([name]) => name === catalogName)![1];
  return Object.fromEntries((await emitTypescript(catalog)).map((f) => [f.path, f.contents]));
}

describe('generated TypeScript accessors', () => {
  it.each(['example', 'neighbours', 'canary'])(
    'compile under the strict settings (%s catalog)',
    async (name) => {
      const modules = await generatedModules(name);
      expect(Object.keys(modules).length).toBeGreaterThan(0);
      expect(typeCheck(modules)).toEqual([]);
    },
  );

  it('types a field with a default as required (the runtime always fills it) and never names a type after a title', async () => {
    const { parseCatalog } = await import('@locksmith/schema');
    const catalog = parseCatalog(
      `version: 1
project: shop
environments: [prod]
providers: { aws: { region: us-east-1, accountId: "123456789012" } }
services: { api: {} }
secrets:
  smtp:
    provider: aws
    readers: [api]
    schema:
      type: object
      required: [host]
      properties:
        host: { type: string, title: SecretClient }
        port: { type: integer, default: 587, title: SecretClientOptions }
        tls: { type: boolean }
`,
      'defaults.yaml',
    );
    const [file] = await emitTypescript(catalog);
    expect(file!.contents).toMatch(/\n {2}port: number;/);
    expect(file!.contents).toMatch(/\n {2}tls\?: boolean;/);
    expect(file!.contents).not.toMatch(/export (type|interface) SecretClient/);
    expect(typeCheck({ [file!.path]: file!.contents })).toEqual([]);
  });

  it('only emits modules for services that ask for TypeScript', async () => {
    const catalog = await loadExample();
    const paths = (await emitTypescript(catalog)).map((f) => f.path);
    const expected = catalog.services.filter((s) => s.languages.includes('ts')).map((s) => `ts/${s.name}.ts`);
    expect(paths).toEqual(expected.sort());
  });

  const usage = (expectError: boolean) =>
    [
      "import { createWorkerSecrets, type WorkerSecretValues } from './ts/worker.js';",
      'export async function use(): Promise<string> {',
      "  const client = createWorkerSecrets({ environment: 'prod' });",
      "  const db = await client.get('database');",
      "  const port: number | undefined = (await client.get('smtp')).port;",
      '  void port;',
      ...(expectError ? ['  // @ts-expect-error worker does not read jwt-signing-key'] : []),
      "  client.secret('jwt-signing-key');",
      ...(expectError ? ['  // @ts-expect-error nor can it name its type'] : []),
      "  const key: WorkerSecretValues['jwt-signing-key'] | undefined = undefined;",
      '  void key;',
      '  return db.url;',
      '}',
      '',
    ].join('\n');

  it('let a reader use its secrets, typed, and make a non-reader unable to name one', async () => {
    const modules = await generatedModules('example');
    expect(typeCheck({ ...modules, 'usage.ts': usage(true) })).toEqual([]);
  });

  it('report an error where a non-reader names a secret (the control for the test above)', async () => {
    const modules = await generatedModules('example');
    const diagnostics = typeCheck({ ...modules, 'usage.ts': usage(false) });
    expect(diagnostics).toHaveLength(2);
    expect(diagnostics.every((d) => d.startsWith('usage.ts:') && d.includes('jwt-signing-key'))).toBe(true);
  });
});
