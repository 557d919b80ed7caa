import { createColors } from 'picocolors';
import { describeLocation } from '../placements.js';
import type { AccessChange, AccessPlan, EnvironmentPlan, PlacementChange } from '../report.js';
import {
  attributeText,
  CHANGE_VERB,
  countChanges,
  countsText,
  FLAG_TITLE,
  grantText,
  missingBaseText,
  plural,
} from './describe.js';

type Colors = ReturnType<typeof createColors>;

/** The terminal view: per environment, `+` gains, `-` losses, `~` switches, then secrets and flags. */
export function planText(plan: AccessPlan, color: boolean): string {
  const c = createColors(color);
  const out: string[] = [c.bold(`locksmith plan: ${plan.base.source} → ${plan.head.source}`), ''];
  if (plan.base.hash === null) out.push(c.yellow(missingBaseText(plan.base.source)), '');
  const quiet: string[] = [];
  for (const env of plan.environments) {
    const flags = plan.flags.filter((f) => f.environment === env.name);
    if (env.access.length === 0 && env.placements.length === 0 && flags.length === 0) {
      quiet.push(env.name);
      continue;
    }
    out.push(c.bold(environmentTitle(env)));
    for (const a of env.access) out.push(...accessLines(a, c));
    for (const p of env.placements) out.push(...placementLines(p, c));
    for (const f of flags) out.push(c.yellow(`  ! ${FLAG_TITLE[f.kind]}: ${f.message}`));
    out.push('');
  }
  if (quiet.length > 0) out.push(`No change in ${quiet.join(', ')}.`, '');
  out.push(...catalogLines(plan, c));
  const { summary } = plan;
  out.push(
    c.bold(
      `Plan: ${countsText(summary)}; ${plural(summary.placementChanges, 'placement change')}; ${plural(summary.flags, 'risk flag')}.`,
    ),
  );
  out.push(
    plan.accessChanged
      ? 'Access changes need review (exit 3).'
      : 'No service gains or loses access (exit 0).',
  );
  return `${out.join('\n')}\n`;
}

function environmentTitle(env: EnvironmentPlan): string {
  const notes = [
    env.production ? 'production' : '',
    env.status === 'added' || env.status === 'removed' ? `environment ${env.status}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `${env.name}${notes ? ` (${notes})` : ''}: ${countsText(countChanges(env.access))}`;
}

function accessLines(a: AccessChange, c: Colors): string[] {
  const head = `${a.principal} ${CHANGE_VERB[a.change]} ${a.secret}`;
  if (a.change === 'gain')
    return [c.green(`  + ${head}`), ...a.after.map((g) => c.green(`      via ${grantText(g)}`))];
  if (a.change === 'loss')
    return [c.red(`  - ${head}`), ...a.before.map((g) => c.red(`      was ${grantText(g)}`))];
  return [
    c.yellow(`  ~ ${head}`),
    ...a.after.map((g) => c.green(`      now ${grantText(g)}`)),
    ...a.before.map((g) => c.red(`      was ${grantText(g)}`)),
  ];
}

function placementLines(p: PlacementChange, c: Colors): string[] {
  if (p.change === 'added' && p.after) {
    return [
      c.green(
        `  + secret ${p.secret} at ${describeLocation(p.after)} (readers: ${readers(p.readers.after)})`,
      ),
    ];
  }
  if (p.change === 'removed' && p.before) {
    return [
      c.red(
        `  - secret ${p.secret} at ${describeLocation(p.before)} (readers were: ${readers(p.readers.before)})`,
      ),
    ];
  }
  if (!p.before || !p.after) return [];
  return [
    c.yellow(`  ~ secret ${p.secret} moves ${describeLocation(p.before)} → ${describeLocation(p.after)}`),
    ...(p.note ? [`      ${p.note}`] : []),
  ];
}

function catalogLines(plan: AccessPlan, c: Colors): string[] {
  const { services, secrets } = plan.catalog;
  const lines: string[] = [];
  if (services.added.length > 0) lines.push(c.green(`  + services ${services.added.join(', ')}`));
  if (services.removed.length > 0) lines.push(c.red(`  - services ${services.removed.join(', ')}`));
  for (const r of services.renamed) {
    lines.push(`    ${r.to} reads exactly what ${r.from} read: this looks like ${r.from} renamed to ${r.to}`);
  }
  if (secrets.added.length > 0) lines.push(c.green(`  + secrets ${secrets.added.join(', ')}`));
  if (secrets.removed.length > 0) lines.push(c.red(`  - secrets ${secrets.removed.join(', ')}`));
  for (const change of secrets.changed) lines.push(c.yellow(`  ~ ${attributeText(change)}`));
  return lines.length > 0 ? [c.bold('All environments:'), ...lines, ''] : [];
}

function readers(list: readonly string[]): string {
  return list.length > 0 ? list.join(', ') : 'none';
}
