import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { OperationName, OperationOptions } from '../src/cli/declarations/index.js';
import { runCli } from '../src/cli/main.js';
import type { OperationContext, OperationsModule } from '../src/cli/operations.js';
import { emitIam, emitVault } from '../src/emitters/index.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  const io = {
    cwd: process.cwd(),
    color: false,
    stdout: (t: string) => {
      out.stdout += t;
    },
    stderr: (t: string) => {
      out.stderr += t;
    },
  };
  return { out, io };
}

interface Call {
  readonly name: OperationName;
  readonly options: OperationOptions[OperationName];
  readonly context: OperationContext;
}

/** An operations package that records what the CLI hands it. */
function recordingOperations(calls: Call[]): () => Promise<OperationsModule> {
  return async () => ({
    async runOperation(name, options, context) {
      calls.push({ name, options, context });
      return 0;
    },
  });
}

/** Node's error for a package that is not installed, as `import()` raises it. */
function notInstalled(name: string): Error {
  return Object.assign(new Error(`Cannot find package '${name}' imported from /app/cli.js`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
}

describe('operations commands through the CLI', () => {
  it('hands @locksmith/ops the parsed options, the environment and the generator it needs', async () => {
    const calls: Call[] = [];
    const { io } = capture();
    const env = { VAULT_TOKEN: 'from-the-test' };
    const code = await runCli(['copy', '--from', 'vault', '--to', 'aws', '--env', 'prod', '--json'], io, {
      loadOperations: recordingOperations(calls),
      env,
      interactive: false,
    });
    expect(code).toBe(0);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.name).toBe('copy');
    expect(call?.options).toEqual({
      catalog: './secrets.catalog.yaml',
      from: 'vault',
      to: 'aws',
      env: 'prod',
      dryRun: false,
      awsEndpoint: undefined,
      vaultAddr: undefined,
      json: true,
    });
    expect(call?.context.env).toBe(env);
    expect(call?.context.interactive).toBe(false);
    const generator = call!.context.generator;
    expect(generator.iamPolicies).toBe(emitIam);
    expect(generator.vaultPolicies).toBe(emitVault);
    expect(generator.kubernetesSecretName('api', 'database')).toBe('api-database');
  });

  it('answers --help and usage errors from the declarations, without loading @locksmith/ops', async () => {
    const loadOperations = () => Promise.reject(notInstalled('@locksmith/ops'));
    const help = capture();
    expect(await runCli(['doctor', '--help'], help.io, { loadOperations })).toBe(0);
    expect(help.out.stdout).toContain('Usage: locksmith doctor --env ENV');
    const bad = capture();
    expect(await runCli(['doctor'], bad.io, { loadOperations })).toBe(2);
    expect(bad.out.stderr).toBe('doctor: --env is required. See --help.\n');
  });

  it('exits 2 telling how to install @locksmith/ops when it is missing', async () => {
    const { io, out } = capture();
    const code = await runCli(['audit', '--env', 'prod'], io, {
      loadOperations: () => Promise.reject(notInstalled('@locksmith/ops')),
    });
    expect(code).toBe(2);
    expect(out.stderr).toContain('locksmith audit: the operations commands');
    expect(out.stderr).toContain('npm install --save-dev @locksmith/ops');
  });

  it('reports a broken install (a package @locksmith/ops needs is missing) as a bug, not as "not installed"', async () => {
    const { io, out } = capture();
    const code = await runCli(['audit', '--env', 'prod'], io, {
      loadOperations: () => Promise.reject(notInstalled('@locksmith/sdk-node')),
    });
    expect(code).toBe(70);
    expect(out.stderr).toContain("Cannot find package '@locksmith/sdk-node'");
    expect(out.stderr).not.toContain('npm install');
  });

  it("recognises Node's real error for a package that cannot be found", async () => {
    // Outside the workspace no node_modules holds @locksmith/ops: Node raises its own error.
    const main = pathToFileURL(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))).href;
    const script = [
      `const { runCli } = await import(${JSON.stringify(main)});`,
      'const io = { cwd: process.cwd(), color: false, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };',
      "process.exitCode = await runCli(['graph'], io, { loadOperations: () => import('@locksmith/ops') });",
    ].join('\n');
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', script],
        { cwd: '/' },
        (error, _stdout, stderr) =>
          resolve({ code: typeof error?.code === 'number' ? error.code : 0, stderr }),
      );
    });
    expect(result.stderr).toContain('come with the @locksmith/ops package, which is not installed');
    expect(result.code).toBe(2);
  });

  it('declares @locksmith/ops as an optional peer and depends on no AWS SDK, node-vault or axios', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    expect(Object.keys(pkg.dependencies).filter((d) => /^@aws-sdk\/|^node-vault$|^axios$/.test(d))).toEqual(
      [],
    );
    expect(pkg.peerDependencies['@locksmith/ops']).toBeDefined();
    expect(pkg.peerDependenciesMeta['@locksmith/ops']?.optional).toBe(true);
  });
});
