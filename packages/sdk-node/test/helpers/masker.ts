import { Masker } from '../../src/redact/masker.js';

/** A masker over fixed values (one source), as a client's holders would feed it. */
export function maskerOf(values: readonly unknown[]): Masker {
  const masker = new Masker();
  masker.changed({ maskedValues: () => values });
  return masker;
}
