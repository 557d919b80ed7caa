import { type Catalog, compareStrings } from '@locksmith/schema';

export { compareStrings };

/** One file an emitter produces: a posix path relative to the output directory and its exact bytes. */
export interface GeneratedFile {
  readonly path: string;
  readonly contents: string;
}

/**
 * An emitter turns the normalised catalog into files. It is pure: no I/O, no clock, no
 * randomness, so the same catalog always gives byte-identical output (the drift check relies on it).
 */
export type Emitter = (catalog: Catalog) => readonly GeneratedFile[] | Promise<readonly GeneratedFile[]>;

/** Sorts files by path with a locale-independent comparison, so order never depends on the machine. */
export function sortFiles(files: readonly GeneratedFile[]): GeneratedFile[] {
  return [...files].sort((a, b) => compareStrings(a.path, b.path));
}
