/** A progress line on stderr, redrawn in place. */
export interface Progress {
  /** One more item of `total` done: draws `[n/total] label`. */
  tick(label: string): void;
  /** A step whose length is not known in advance (listing a store): draws the text as is. */
  status(text: string): void;
  /** Clears the line, so the command's own output starts on a clean line. */
  done(): void;
}

/**
 * A one-line progress indicator for work that talks to a store and so can take more than a second:
 * drawn on stderr only when it is an interactive terminal and the output is not `--json`, so logs,
 * pipes and machine output never see it.
 */
export function createProgress(enabled: boolean, total: number, write: (text: string) => void): Progress {
  let count = 0;
  let drawn = false;
  const draw = (text: string) => {
    if (!enabled) return;
    write(`\r\u001b[2K${text}`);
    drawn = true;
  };
  return {
    tick(label) {
      count += 1;
      draw(`[${count}/${total}] ${label}`);
    },
    status: draw,
    done() {
      if (drawn) write('\r\u001b[2K');
      drawn = false;
    },
  };
}
