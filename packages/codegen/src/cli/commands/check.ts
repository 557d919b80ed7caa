import { EXIT } from '../errors.js';
import type { CliIo } from '../io.js';
import type { PlannedFile } from '../plan.js';

/** The arguments `gen --check` ran with, as typed, so the printed fix command works verbatim. */
export interface CheckArgs {
  readonly catalog: string;
  readonly out: string;
  readonly only: unknown;
}

/**
 * Reports `gen --check`: every drifted file with a diff (or JSON with `--json`) and the command
 * that fixes them. Writes nothing. Exit 1 on any drift.
 */
export async function reportCheck(
  plan: readonly PlannedFile[],
  args: CheckArgs & { json?: unknown },
  io: CliIo,
): Promise<number> {
  const drifted = plan.filter((f) => f.status !== 'ok');
  const fix = fixCommand(args);
  if (args.json) {
    const files = plan.map((f) => ({ path: f.path, status: f.status, ...(f.crlf ? { crlf: true } : {}) }));
    const report = {
      ok: drifted.length === 0,
      catalog: args.catalog,
      out: args.out,
      drifted: drifted.length,
      files,
      fix,
    };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else if (drifted.length > 0) {
    // The diff library is loaded only when there is something to diff.
    const { driftReport } = await import('../drift-report.js');
    io.stderr(driftReport(drifted, fix, io.color));
  } else {
    io.stdout(`locksmith: ${plan.length} generated files are up to date.\n`);
  }
  return drifted.length > 0 ? EXIT.drift : EXIT.ok;
}

function fixCommand({ catalog, out, only }: CheckArgs): string {
  const quote = (s: string) => (/^[\w./:@,=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['locksmith', 'gen', '--catalog', quote(catalog), '--out', quote(out)];
  if (typeof only === 'string') parts.push('--only', quote(only));
  return parts.join(' ');
}
