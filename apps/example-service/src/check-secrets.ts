import { isSecretsError, type SecretClient } from '@locksmith/sdk-node';

/**
 * `node dist/src/main.js --check`: loads and validates every secret the service reads, prints
 * where each came from (store, version, state — never a value) and returns the exit code: 0 when
 * all loaded, 1 otherwise, with the runtime's error, which names secrets, fields and rules only.
 * It is how a developer sees, before starting the service, that the environment is set up.
 */
export async function checkSecrets(
  secrets: SecretClient<object>,
  write: (line: string) => void,
): Promise<number> {
  let failed = false;
  try {
    await secrets.preload();
  } catch (error) {
    if (!isSecretsError(error)) throw error;
    write(`${error.code}: ${error.message}\n`);
    failed = true;
  }
  for (const s of secrets.health().secrets) {
    const version = s.versionId === undefined ? '' : ` version ${s.versionId}`;
    const problem = s.lastErrorCode === undefined ? '' : ` (${s.lastErrorCode})`;
    write(`${s.secret}: ${s.state} from ${s.provider}${version}${problem}\n`);
  }
  return failed ? 1 : 0;
}
