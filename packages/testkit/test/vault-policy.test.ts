import { describe, expect, it } from 'vitest';
import { capabilitiesFor, parseVaultPolicy } from '../src/index.js';

const caps = (policy: string, path: string) => [...capabilitiesFor(parseVaultPolicy(policy), path)].sort();

describe('Vault policy parsing and matching', () => {
  it('parses the HCL codegen emits, with comments', () => {
    const rules = parseVaultPolicy(`
      # api reads its secrets in dev
      path "secret/data/shop/dev/db" {
        capabilities = ["read"]
      }
      /* metadata for previous versions */
      path "secret/metadata/shop/dev/db" { capabilities = ["read", "list"] }
    `);
    expect(rules.map((r) => [r.pattern, [...r.capabilities]])).toEqual([
      ['secret/data/shop/dev/db', ['read']],
      ['secret/metadata/shop/dev/db', ['read', 'list']],
    ]);
  });

  it('picks the most precise matching pattern, as Vault does', () => {
    const policy = `
      path "secret/*" { capabilities = ["read", "list"] }
      path "secret/data/shop/*" { capabilities = ["create"] }
      path "secret/data/shop/+/db" { capabilities = ["update"] }
      path "secret/data/shop/dev/db" { capabilities = ["delete"] }`;
    expect(caps(policy, 'secret/data/shop/dev/db')).toEqual(['delete']);
    expect(caps(policy, 'secret/data/shop/prod/db')).toEqual(['update']);
    expect(caps(policy, 'secret/data/shop/prod/other')).toEqual(['create']);
    expect(caps(policy, 'secret/metadata/x')).toEqual(['list', 'read']);
    expect(caps(policy, 'other/x')).toEqual([]);
  });

  it('lets + match exactly one segment', () => {
    expect(caps('path "a/+/c" { capabilities = ["read"] }', 'a/b/c')).toEqual(['read']);
    expect(caps('path "a/+/c" { capabilities = ["read"] }', 'a/b/x/c')).toEqual([]);
    expect(caps('path "a/+" { capabilities = ["read"] }', 'a/b/c')).toEqual([]);
  });

  it('merges the same pattern across policies and lets deny remove everything', () => {
    const rules = [
      ...parseVaultPolicy('path "s/x" { capabilities = ["read"] }'),
      ...parseVaultPolicy('path "s/x" { capabilities = ["list"] }'),
    ];
    expect([...capabilitiesFor(rules, 's/x')].sort()).toEqual(['list', 'read']);
    const denied = [...rules, ...parseVaultPolicy('path "s/x" { capabilities = ["deny"] }')];
    expect([...capabilitiesFor(denied, 's/x')]).toEqual(['deny']);
  });

  it('reads JSON policies and the legacy policy = "read" form', () => {
    expect(caps('{"path":{"s/*":{"capabilities":["read"]}}}', 's/a/b')).toEqual(['read']);
    expect(caps('path "s/x" { policy = "write" }', 's/x')).toEqual([
      'create',
      'delete',
      'list',
      'read',
      'update',
    ]);
  });

  it('refuses what it cannot enforce rather than granting too much', () => {
    expect(() => parseVaultPolicy('path "s" { capabilities = ["fly"] }')).toThrow(/unknown capability/);
    expect(() =>
      parseVaultPolicy('path "s" { capabilities = ["read"]\n allowed_parameters = { a = [] } }'),
    ).toThrow(/not supported/);
    expect(() => parseVaultPolicy('path "s" { capabilities = ["read"]')).toThrow(SyntaxError);
    expect(() => parseVaultPolicy('{"path": {"s": null}}')).toThrow(SyntaxError);
    expect(() => parseVaultPolicy('{"path": 5}')).toThrow(SyntaxError);
  });
});
