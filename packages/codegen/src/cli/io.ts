/** Where the CLI writes and where it runs; the bin passes the process's, tests their own. */
export interface CliIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Colour diffs: `colorEnabled` in color.ts decides (FORCE_COLOR, NO_COLOR, a terminal). */
  readonly color: boolean;
}
