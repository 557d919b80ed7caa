import {
  type OperationOptions as DeclaredOptions,
  type GeneratorHooks as HostHooks,
  OPERATION_COMMANDS,
  type OperationsModule,
} from '@locksmith/codegen';
import { describe, expect, it } from 'vitest';
import type { GeneratorHooks, OperationOptions } from '../src/index.js';
import * as operations from '../src/index.js';

// Compile-time halves of the contract (`pnpm typecheck` fails when they drift apart): this package
// is what the CLI loads, the options the CLI parses from its declarations are the options each
// operation expects, and the generator the CLI hands over is the one the operations use.
const loaded: OperationsModule = operations;
const parsedFitsExpected = (options: DeclaredOptions): OperationOptions => options;
const hooksFit = (hooks: HostHooks): GeneratorHooks => hooks;

describe('the contract with the locksmith CLI', () => {
  it('implements exactly the operations the CLI declares, in the same order', () => {
    expect(operations.OPERATIONS).toEqual(OPERATION_COMMANDS.map((c) => c.name));
    expect([typeof loaded.runOperation, typeof parsedFitsExpected, typeof hooksFit]).toEqual([
      'function',
      'function',
      'function',
    ]);
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
