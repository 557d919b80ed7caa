export { goExportedName, goPackageName } from '@locksmith/schema';

/** Module path of the Go runtime every generated package imports (packages/sdk-go). */
export const GO_SDK_MODULE = 'github.com/locksmith-dev/locksmith/packages/sdk-go';

/** Pads every name of an aligned column to the longest, the way gofmt lays out struct fields. */
export function alignColumn(rows: ReadonlyArray<readonly [string, string]>, indent = '\t'): string[] {
  const width = Math.max(0, ...rows.map(([name]) => name.length));
  return rows.map(([name, rest]) => `${indent}${name.padEnd(width)} ${rest}`);
}
