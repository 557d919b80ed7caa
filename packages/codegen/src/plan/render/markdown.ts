import { mdCode, mdText } from '../../escape/markdown.js';
import { describeLocation } from '../placements.js';
import type {
  AccessChange,
  AccessPlan,
  EnvironmentPlan,
  GrantView,
  PlacementChange,
  RiskFlag,
} from '../report.js';
import { attributeText, countChanges, countsText, FLAG_TITLE, missingBaseText, plural } from './describe.js';

/** The first line of every plan comment: the CI step finds the comment to update by it. */
export const PLAN_COMMENT_MARKER = '<!-- locksmith-plan -->';

const CHANGE_CELL: Readonly<Record<AccessChange['change'], string>> = {
  gain: '➕ gains',
  loss: '➖ loses',
  switch: '🔀 switches',
};

/**
 * The plan as a pull-request comment: a summary line, the risk flags, then one collapsible
 * section per environment that changes (open when access changes there), then what changes in
 * every environment. Ordering is the plan's, so the same change always renders the same comment.
 */
export function planMarkdown(plan: AccessPlan): string {
  const { summary } = plan;
  const out: string[] = [
    PLAN_COMMENT_MARKER,
    `## locksmith plan: ${plan.accessChanged ? 'access changes need review' : 'no access change'}`,
    '',
    `${mdCode(plan.base.source)} → ${mdCode(plan.head.source)}: **${countsText(summary)}**; ` +
      `${plural(summary.placementChanges, 'placement change')}; ${plural(summary.flags, 'risk flag')}.`,
    '',
  ];
  if (plan.base.hash === null) out.push(`> ${missingBaseText(plan.base.source, mdCode)}`, '');
  if (plan.flags.length > 0) {
    out.push('### ⚠️ Risk flags', '', ...plan.flags.map(flagLine), '');
  }
  const quiet: string[] = [];
  for (const env of plan.environments) {
    if (env.access.length === 0 && env.placements.length === 0) quiet.push(env.name);
    else out.push(...environmentSection(env));
  }
  if (quiet.length > 0) out.push(`No change in ${quiet.map(mdCode).join(', ')}.`, '');
  out.push(...catalogSection(plan));
  return `${out.join('\n').trimEnd()}\n`;
}

function flagLine(flag: RiskFlag): string {
  return `- **${FLAG_TITLE[flag.kind]}** (${mdCode(flag.environment)}): ${mdText(flag.message)}`;
}

function environmentSection(env: EnvironmentPlan): string[] {
  const notes = [
    env.production ? 'production' : '',
    env.status === 'added' || env.status === 'removed' ? `environment ${env.status}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const counts = [
    countsText(countChanges(env.access)),
    env.placements.length > 0 ? plural(env.placements.length, 'placement change') : '',
  ]
    .filter(Boolean)
    .join(', ');
  const out = [
    env.access.length > 0 ? '<details open>' : '<details>',
    `<summary><b>${mdText(env.name)}</b>${notes ? ` (${notes})` : ''}: ${counts}</summary>`,
    '',
  ];
  if (env.access.length > 0) {
    out.push('| | Service | Secret | Through |', '| --- | --- | --- | --- |');
    for (const a of env.access) {
      out.push(
        `| ${CHANGE_CELL[a.change]} | ${mdCode(a.principal)} | ${mdCode(a.secret)} | ${throughCell(a)} |`,
      );
    }
    out.push('');
  }
  if (env.placements.length > 0) {
    out.push('| | Secret | Before | After | Readers |', '| --- | --- | --- | --- | --- |');
    for (const p of env.placements) out.push(placementRow(p));
    out.push('');
    for (const p of env.placements) if (p.note) out.push(`> ${mdText(p.note)}`, '');
  }
  out.push('</details>', '');
  return out;
}

function throughCell(a: AccessChange): string {
  const grants = (list: readonly GrantView[], label: string) =>
    list.map((g) => `${label}${mdText(g.via)} (${g.files.map(mdCode).join(', ')})`);
  if (a.change === 'gain') return grants(a.after, '').join('<br>');
  if (a.change === 'loss') return grants(a.before, '').join('<br>');
  return [...grants(a.after, 'now: '), ...grants(a.before, 'was: ')].join('<br>');
}

function placementRow(p: PlacementChange): string {
  const where = (l: PlacementChange['before']) => (l ? mdCode(describeLocation(l)) : '—');
  const readers = p.change === 'removed' ? p.readers.before : p.readers.after;
  return `| ${p.change} | ${mdCode(p.secret)} | ${where(p.before)} | ${where(p.after)} | ${readers.map(mdCode).join(', ') || '—'} |`;
}

function catalogSection(plan: AccessPlan): string[] {
  const { services, secrets } = plan.catalog;
  const items: string[] = [];
  const list = (names: readonly string[]) => names.map(mdCode).join(', ');
  if (services.added.length > 0) items.push(`- Services added: ${list(services.added)}`);
  if (services.removed.length > 0) items.push(`- Services removed: ${list(services.removed)}`);
  for (const r of services.renamed) {
    items.push(`- ${mdCode(r.to)} reads exactly what ${mdCode(r.from)} read: this looks like a rename.`);
  }
  if (secrets.added.length > 0) items.push(`- Secrets added: ${list(secrets.added)}`);
  if (secrets.removed.length > 0) items.push(`- Secrets removed: ${list(secrets.removed)}`);
  for (const change of secrets.changed) items.push(`- ${mdText(attributeText(change))}`);
  return items.length > 0 ? ['### All environments', '', ...items, ''] : [];
}
