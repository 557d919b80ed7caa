import { readFileSync } from 'node:fs';
import { RETRYABLE } from '@locksmith/sdk-node';
import { describe, expect, it } from 'vitest';

/**
 * `contract/error-codes.json` is the one list of stable error codes; the Go, Python and Rust
 * runtimes test theirs against it too, so a code added to one runtime alone fails somewhere.
 */
const shared = JSON.parse(readFileSync(new URL('../contract/error-codes.json', import.meta.url), 'utf8')) as {
  codes: { code: string; retryable: boolean }[];
};

describe('the shared error codes', () => {
  it('are sdk-node’s codes, in its order, with its retryability', () => {
    expect(Object.entries(RETRYABLE).map(([code, retryable]) => ({ code, retryable }))).toEqual(shared.codes);
  });
});
