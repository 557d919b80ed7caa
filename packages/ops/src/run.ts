import type { OperationContext } from './context.js';
import { errorJson } from './error-json.js';
import { EXIT, OperationError } from './errors.js';
import type { OperationName, OperationOptions } from './options.js';
import { StoreError } from './store/types.js';

/** The operations, in the order `locksmith --help` lists them. */
export const OPERATIONS: readonly OperationName[] = [
  'doctor',
  'audit',
  'import',
  'estimate',
  'seal',
  'copy',
  'graph',
];

type Handlers = {
  readonly [N in OperationName]: () => Promise<
    (options: OperationOptions[N], context: OperationContext) => Promise<number>
  >;
};

/** Each command's code, loaded only when it runs (seal need not load the AWS SDK to print an estimate). */
const HANDLERS: Handlers = {
  doctor: async () => (await import('./doctor/index.js')).doctorCommand,
  audit: async () => (await import('./audit/index.js')).auditCommand,
  import: async () => (await import('./import/index.js')).importCommand,
  estimate: async () => (await import('./estimate/index.js')).estimateCommand,
  seal: async () => (await import('./seal/index.js')).sealCommand,
  copy: async () => (await import('./copy/index.js')).copyCommand,
  graph: async () => (await import('./graph/index.js')).graphCommand,
};

/**
 * Runs one operation with options the CLI has parsed and checked, and returns the exit code. A
 * usage problem (an invalid catalog included) is printed and exits 2; a store that cannot be
 * reached or refuses a call exits 1 with the store's error code or status (never its message
 * body); with `--json` either is printed on stdout as the error document. Anything else is a bug
 * and is thrown for the CLI to report.
 */
export async function runOperation<N extends OperationName>(
  name: N,
  options: OperationOptions[N],
  context: OperationContext,
): Promise<number> {
  const load = HANDLERS[name] as Handlers[N] | undefined;
  if (!load) throw new Error(`locksmith: no operation named "${name}"`);
  // Every command the CLI declares takes --json; a failure then goes to stdout as the error document.
  const json = (options as { readonly json?: unknown }).json === true;
  try {
    const handler = await load();
    return await handler(options, context);
  } catch (error) {
    if (error instanceof OperationError) {
      if (!json) context.io.stderr(`${error.message}\n`);
      else {
        const code = error.issues ? 'CATALOG_INVALID' : 'USAGE';
        const issues = error.issues ? { issues: error.issues } : {};
        const failure = { code, message: error.message, ...issues } as const;
        context.io.stdout(errorJson({ ok: false, exitCode: error.exitCode, error: failure }));
      }
      return error.exitCode;
    }
    if (error instanceof StoreError) {
      const message = `${name}: ${error.message}`;
      if (!json) context.io.stderr(`${message}\n`);
      else
        context.io.stdout(
          errorJson({ ok: false, exitCode: EXIT.findings, error: { code: 'STORE', message } }),
        );
      return EXIT.findings;
    }
    throw error;
  }
}
