import { type Catalog, parseCatalog } from '@locksmith/schema';
import type { AccessPlan } from '../../src/plan/index.js';

/** A catalog as plain data, edited by the tests and fed to the loader as JSON (which it reads as YAML). */
export type CatalogDoc = {
  version: 1;
  project: string;
  environments: Array<string | { name: string; source?: string; production?: boolean }>;
  providers: Record<string, unknown>;
  kubernetes?: Record<string, unknown>;
  services: Record<string, Record<string, unknown>>;
  secrets: Record<string, Record<string, unknown> & { readers: string[] }>;
};

/** Two teams, three environments (dev reads .env), one AWS and one Vault secret. */
export function smallCatalog(): CatalogDoc {
  return {
    version: 1,
    project: 'shop',
    environments: [{ name: 'dev', source: 'env' }, 'staging', 'prod'],
    providers: {
      aws: { region: 'us-east-1', accountId: '123456789012' },
      vault: { mount: 'secret' },
    },
    services: {
      api: { owner: 'team-web' },
      worker: { owner: 'team-jobs' },
    },
    secrets: {
      database: {
        owner: 'team-jobs',
        provider: 'aws',
        schema: { type: 'string', minLength: 16 },
        readers: ['worker'],
        rotation: { strategy: 'manual', every: '90d' },
      },
      'signing-key': {
        owner: 'team-web',
        provider: 'vault',
        schema: { type: 'string', minLength: 32 },
        readers: ['api'],
      },
    },
  };
}

export function load(doc: CatalogDoc, file = 'secrets.catalog.json'): Catalog {
  return parseCatalog(JSON.stringify(doc, null, 2), file);
}

/**
 * The plan in one line per fact, so a test can state the exact expected plan:
 * `prod gain api database iam,kubernetes`, `prod moved database aws:… -> vault:…`,
 * `prod flag new-production-reader api database`, `catalog …`.
 */
export function planLines(plan: AccessPlan): string[] {
  const lines: string[] = [];
  for (const env of plan.environments) {
    if (env.status === 'added' || env.status === 'removed')
      lines.push(`${env.name} environment ${env.status}`);
    for (const a of env.access) {
      const channels = (list: AccessPlan['environments'][number]['access'][number]['after']) =>
        list.map((g) => g.channel).join(',');
      const detail =
        a.change === 'gain'
          ? channels(a.after)
          : a.change === 'loss'
            ? channels(a.before)
            : `${channels(a.before)} -> ${channels(a.after)}`;
      lines.push(`${env.name} ${a.change} ${a.principal} ${a.secret} ${detail}`);
    }
    for (const p of env.placements) {
      const where = (l: (typeof p)['before']) =>
        l ? `${l.provider}:${l.mount ? `${l.mount}/` : ''}${l.path}` : '-';
      lines.push(`${env.name} ${p.change} ${p.secret} ${where(p.before)} -> ${where(p.after)}`);
    }
  }
  for (const f of plan.flags) lines.push(`${f.environment} flag ${f.kind} ${f.principal ?? '-'} ${f.secret}`);
  const { services, secrets } = plan.catalog;
  for (const s of services.added) lines.push(`catalog service added ${s}`);
  for (const s of services.removed) lines.push(`catalog service removed ${s}`);
  for (const r of services.renamed) lines.push(`catalog service renamed ${r.from} -> ${r.to}`);
  for (const s of secrets.added) lines.push(`catalog secret added ${s}`);
  for (const s of secrets.removed) lines.push(`catalog secret removed ${s}`);
  for (const c of secrets.changed) lines.push(`catalog ${c.secret} ${c.attribute} ${c.before} -> ${c.after}`);
  return lines;
}
