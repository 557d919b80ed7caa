/** Where the CLI writes and where it runs; the bin passes the process's, tests their own. */
export interface CliIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Colour diffs (a TTY without NO_COLOR). */
  readonly color: boolean;
}
