#!/usr/bin/env node
/**
 * Mutation score per folder of sdk-node, from StrykerJS's JSON report (reports/mutation/mutation.json,
 * written by `pnpm test:mutation`). Prints a Markdown table and the surviving mutants; with
 * `--check`, exits 1 when any folder scores below the floor (80 %), which StrykerJS's own `break`
 * threshold cannot do (it judges the total only). `--only src/cache,src/decode` limits the check to
 * those folders: CI re-tests the folders that have reached the floor, while the report (carried over
 * by the incremental file) still lists every folder.
 *
 * Score = (killed + timed out) / (killed + timed out + survived + no coverage), as StrykerJS counts it.
 */
import { readFileSync } from 'node:fs';

const FLOOR = 80;
const REPORT = new URL('../reports/mutation/mutation.json', import.meta.url);
const PREFIX = 'packages/sdk-node/src/';

const report = JSON.parse(readFileSync(REPORT, 'utf8'));
const folders = new Map();
const survivors = [];
for (const [file, { mutants, source }] of Object.entries(report.files)) {
  const relative = file.slice(file.indexOf(PREFIX) + PREFIX.length);
  const folder = relative.includes('/') ? `src/${relative.split('/')[0]}` : `src/${relative}`;
  const row = folders.get(folder) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0 };
  const lines = source.split('\n');
  for (const m of mutants) {
    if (m.status === 'Killed') row.killed++;
    else if (m.status === 'Timeout') row.timeout++;
    else if (m.status === 'Survived') row.survived++;
    else if (m.status === 'NoCoverage') row.noCoverage++;
    else row.other++;
    if (m.status === 'Survived' || m.status === 'NoCoverage') {
      const line = m.location.start.line;
      survivors.push({
        where: `${relative}:${line}`,
        mutator: m.mutatorName,
        status: m.status,
        code: (lines[line - 1] ?? '').trim().slice(0, 90),
        replacement: (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 60),
      });
    }
  }
  folders.set(folder, row);
}

const score = (r) => (100 * (r.killed + r.timeout)) / (r.killed + r.timeout + r.survived + r.noCoverage);
const total = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0 };
const out = [
  '| Folder | Mutants | Killed | Timed out | Survived | No coverage | Score |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const [folder, r] of [...folders].sort()) {
  for (const k of Object.keys(total)) total[k] += r[k];
  const n = r.killed + r.timeout + r.survived + r.noCoverage + r.other;
  out.push(
    `| \`${folder}\` | ${n} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${score(r).toFixed(1)} % |`,
  );
}
const n = total.killed + total.timeout + total.survived + total.noCoverage + total.other;
out.push(
  `| **all** | ${n} | ${total.killed} | ${total.timeout} | ${total.survived} | ${total.noCoverage} | ${score(total).toFixed(1)} % |`,
);
out.push('', `Surviving mutants (${survivors.length}):`, '');
for (const s of survivors.sort((a, b) => a.where.localeCompare(b.where, 'en', { numeric: true })))
  out.push(
    `- \`${s.where}\` ${s.mutator}${s.status === 'NoCoverage' ? ' (no coverage)' : ''}: \`${s.code}\` → \`${s.replacement}\``,
  );
process.stdout.write(`${out.join('\n')}\n`);

if (process.argv.includes('--check')) {
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt > 0 ? new Set(process.argv[onlyAt + 1]?.split(',')) : undefined;
  const unknown = only ? [...only].filter((folder) => !folders.has(folder)) : [];
  for (const folder of unknown)
    process.stderr.write(`--only names ${folder}, which the report does not have\n`);
  const low = [...folders].filter(([folder, r]) => (!only || only.has(folder)) && score(r) < FLOOR);
  for (const [folder, r] of low)
    process.stderr.write(`mutation score of ${folder} is ${score(r).toFixed(1)} %, below ${FLOOR} %\n`);
  process.exit(low.length > 0 || unknown.length > 0 ? 1 : 0);
}
