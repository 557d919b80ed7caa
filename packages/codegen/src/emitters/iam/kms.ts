import type { PolicyStatement } from './policy-document.js';

/** Where a customer-managed key is used: the key as written in the catalog and the account it lives in. */
export interface KmsContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * `kms:Decrypt` for the customer-managed keys of the secrets, only when Secrets Manager asks on
 * the caller's behalf (`kms:ViaService`), so the role cannot decrypt anything else with them.
 * Keys given as ARNs or ids become key ARNs; aliases cannot be a Decrypt resource, so they are
 * matched with `kms:ResourceAliases` instead.
 */
export function kmsDecryptStatements(keyIds: readonly string[], ctx: KmsContext): PolicyStatement[] {
  const keys = new Set<string>();
  const aliases = new Set<string>();
  for (const id of keyIds) {
    const alias = aliasName(id);
    if (alias) aliases.add(alias);
    else keys.add(keyArn(id, ctx));
  }
  const viaService = { 'kms:ViaService': `secretsmanager.${ctx.region}.amazonaws.com` };
  const statements: PolicyStatement[] = [];
  if (keys.size > 0) {
    statements.push({
      Sid: 'DecryptCatalogSecrets',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [...keys].sort(),
      Condition: { StringEquals: viaService },
    });
  }
  if (aliases.size > 0) {
    statements.push({
      Sid: 'DecryptCatalogSecretsByAlias',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:key/*`,
      Condition: {
        StringEquals: viaService,
        'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [...aliases].sort() },
      },
    });
  }
  return statements;
}

function aliasName(id: string): string | undefined {
  if (id.startsWith('alias/')) return id;
  const match = /^arn:[^:]+:kms:[^:]*:[^:]*:(alias\/.+)$/.exec(id);
  return match?.[1];
}

function keyArn(id: string, ctx: KmsContext): string {
  return id.startsWith('arn:') ? id : `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:key/${id}`;
}
