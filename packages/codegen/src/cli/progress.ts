/** A status line on stderr for the steps of a command that can take seconds (loading the toolchain, rendering). */
export interface StatusLine {
  /** Replaces the line with `locksmith: <text>`. */
  step(text: string): void;
  /** Clears the line, so what the command prints next starts clean. */
  done(): void;
}

/**
 * A status line drawn only when stderr is an interactive terminal and the output is not `--json`:
 * logs, pipes and machine output never see it.
 */
export function statusLine(enabled: boolean, write: (text: string) => void): StatusLine {
  let drawn = false;
  return {
    step(text) {
      if (!enabled) return;
      write(`\r\u001b[2Klocksmith: ${text}`);
      drawn = true;
    },
    done() {
      if (drawn) write('\r\u001b[2K');
      drawn = false;
    },
  };
}
