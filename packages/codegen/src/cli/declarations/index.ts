import type { CommandSpec, OptionSpec, ParsedOptions } from '../spec.js';
import { AUDIT } from './audit.js';
import { COPY } from './copy.js';
import { DOCTOR } from './doctor.js';
import { ESTIMATE } from './estimate.js';
import { GEN } from './gen.js';
import { GRAPH } from './graph.js';
import { IMPORT } from './import.js';
import { PLAN } from './plan.js';
import { SEAL } from './seal.js';
import { VALIDATE } from './validate.js';

export { AUDIT, COPY, DOCTOR, ESTIMATE, GEN, GRAPH, IMPORT, PLAN, SEAL, VALIDATE };

/**
 * The operations commands, implemented by @locksmith/ops. A new one is a declaration file here and
 * a handler in that package; the CLI needs no other change.
 */
export const OPERATION_COMMANDS = [DOCTOR, AUDIT, IMPORT, ESTIMATE, SEAL, COPY, GRAPH] as const;

/** Every command the CLI knows, in the order `locksmith --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [GEN, VALIDATE, PLAN, ...OPERATION_COMMANDS];

/** Options accepted without a command. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'version', type: 'boolean', description: 'Print the locksmith version.', default: false },
  { name: 'help', type: 'boolean', description: 'Show this help.', default: false },
];

/** The name of an operations command. */
export type OperationName = (typeof OPERATION_COMMANDS)[number]['name'];

/** The typed options of every operations command, by name: what @locksmith/ops receives. */
export type OperationOptions = {
  readonly [C in (typeof OPERATION_COMMANDS)[number] as C['name']]: ParsedOptions<C>;
};

/** Looks a command up by name. */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
