import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type MemoStore, memoryStore, packageVersion } from '@locksmith/schema/cache';

/**
 * Where the TypeScript emitter keeps the value types it compiled and the skeletons it printed.
 * Both are functions of their key alone (a value schema; a service's names), so the emitter's
 * output is the same on a hit or a miss: the memo only decides whether json-schema-to-typescript
 * and ts-morph (the TypeScript compiler) have to be loaded at all. The CLI points it at the disk
 * cache; by default it lives as long as the process.
 */
const processMemo = memoryStore();
let store: MemoStore = processMemo;

/** Uses `next` for the memo from now on; `undefined` goes back to the process's own. */
export function useTypescriptMemo(next: MemoStore | undefined): void {
  store = next ?? processMemo;
}

export function typescriptMemo(): MemoStore {
  return store;
}

/** The files whose code decides what is memoised, beside this one. */
const PRODUCERS = ['value-types', 'skeleton', 'skeleton-parts', 'names'];

/**
 * What memoised values depend on besides their keys: the versions of the tools and this emitter's
 * own code (so a rebuilt emitter never reuses what an older one produced, versions or not).
 */
export function typescriptFingerprint(): string {
  fingerprint ??= computeFingerprint();
  return fingerprint;
}

/** The code and the tools do not change while a process runs (watch mode asks on every save). */
let fingerprint: string | undefined;

function computeFingerprint(): string {
  const from = import.meta.url;
  const extension = from.endsWith('.ts') ? '.ts' : '.js';
  const code = createHash('sha256');
  for (const name of PRODUCERS) code.update(readFileSync(new URL(`./${name}${extension}`, from)));
  return [
    `ts-morph ${packageVersion('ts-morph', from)}`,
    `json-schema-to-typescript ${packageVersion('json-schema-to-typescript', from)}`,
    `emitter ${code.digest('hex')}`,
  ].join('\n');
}
