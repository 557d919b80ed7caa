import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Where the virtual files live: inside this package, so NodeNext sees its `"type": "module"` and
 * resolves `@locksmith/sdk-node` (a devDependency, built first) like a consumer would.
 */
export const VIRTUAL_ROOT = fileURLToPath(new URL('../.virtual/', import.meta.url));

/** The repo's strict settings (tsconfig.base.json), applied to the generated code. */
export const STRICT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noImplicitOverride: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
};

/**
 * Type-checks `files` (paths relative to {@link VIRTUAL_ROOT}) without writing them, and returns
 * every diagnostic as `file:line message` text.
 */
export function typeCheck(files: Readonly<Record<string, string>>): string[] {
  const virtual = new Map<string, string>();
  for (const [path, contents] of Object.entries(files)) virtual.set(`${VIRTUAL_ROOT}${path}`, contents);

  const host = ts.createCompilerHost(STRICT_OPTIONS, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.directoryExists = (dir) =>
    [...virtual.keys()].some((file) => file.startsWith(dir.endsWith('/') ? dir : `${dir}/`)) ||
    ts.sys.directoryExists(dir);
  host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, version, onError, create) => {
    const text = virtual.get(name);
    return text === undefined
      ? getSourceFile.call(host, name, version, onError, create)
      : ts.createSourceFile(name, text, version, true);
  };
  const roots = Object.keys(files).map((p) => `${VIRTUAL_ROOT}${p}`);
  const program = ts.createProgram({ rootNames: roots, options: STRICT_OPTIONS, host });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return `TS${d.code}: ${text}`;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName.replace(VIRTUAL_ROOT, '')}:${line + 1} TS${d.code}: ${text}`;
  });
}
