import vault from 'node-vault';
import type { FakeVault } from '../src/index.js';

/** A real node-vault client pointed at the fake. */
export function vaultClient(fake: FakeVault, token?: string, extra: Record<string, unknown> = {}) {
  return vault({ endpoint: fake.endpoint, ...(token === undefined ? {} : { token }), ...extra });
}

/** The HTTP status and body of a rejected node-vault call. */
export async function vaultFailure(
  promise: Promise<unknown>,
): Promise<{ status: number; body: unknown; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { response?: { statusCode: number; body: unknown }; message: string };
    return { status: e.response?.statusCode ?? 0, body: e.response?.body, message: e.message };
  }
  throw new Error('expected the Vault call to fail');
}
