import {
  type CliErrorDocument,
  type OperationOptions as DeclaredOptions,
  type GeneratorHooks as HostHooks,
  OPERATION_COMMANDS,
  type OperationsModule,
} from '@locksmith/codegen';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { GeneratorHooks, OperationErrorDocument, OperationOptions } from '../src/index.js';
import * as operations from '../src/index.js';

describe('the contract with the locksmith CLI', () => {
  // Checked by `pnpm typecheck` (tsc over the tests): it fails the moment the two sides drift apart.
  it('is the module the CLI loads, taking the options the CLI parses and the generator it hands over', () => {
    expectTypeOf(operations).toExtend<OperationsModule>();
    expectTypeOf<DeclaredOptions>().toExtend<OperationOptions>();
    expectTypeOf<HostHooks>().toExtend<GeneratorHooks>();
    // A failure under --json reads the same whichever package printed it.
    expectTypeOf<OperationErrorDocument>().toExtend<CliErrorDocument>();
    expect(typeof operations.runOperation).toBe('function');
  });

  it('implements exactly the operations the CLI declares, in the same order', () => {
    expect(operations.OPERATIONS).toEqual(OPERATION_COMMANDS.map((c) => c.name));
  });

  it('refuses a name the CLI never sends as a bug, not as a usage error', async () => {
    const io = { cwd: process.cwd(), stdout: () => {}, stderr: () => {} };
    const run = operations.runOperation as (
      name: string,
      options: object,
      context: object,
    ) => Promise<number>;
    await expect(run('deploy', {}, { io, env: {}, interactive: false })).rejects.toThrow(
      'no operation named "deploy"',
    );
  });
});
