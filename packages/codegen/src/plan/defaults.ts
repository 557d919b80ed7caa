/** The default of `--max-readers`: a secret read by more services than this in one environment is flagged when it grows. */
export const DEFAULT_MAX_READERS = 5;
