/**
 * A memo of results that depend only on their key (a compiled type, a compile outcome): the same
 * key always maps to the same value, so a hit and a miss give byte-identical output, and a store
 * may be emptied at any time.
 */
export interface MemoStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

/** A store that lives as long as the process: what every run has without a disk cache. */
export function memoryStore(): MemoStore {
  const entries = new Map<string, string>();
  return {
    get: (key) => entries.get(key),
    set: (key, value) => {
      entries.set(key, value);
    },
  };
}
