import { randomUUID } from 'node:crypto';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import pg from 'pg';
import type { Database } from '../../generated/ts/api.js';
import { connectionOf } from './rotating-pool.js';
import { scramSha256Verifier } from './scram.js';

const CLONE_SUFFIX = '_clone';

/**
 * Rotates the database secret the way AWS's "alternating users" rotation Lambda does, in its
 * four steps: createSecret (a pending version for the *other* user with a new password),
 * setSecret (that user's password changed in PostgreSQL), testSecret (log in with it) and
 * finishSecret (AWSCURRENT moves to it; the old version becomes AWSPREVIOUS and its user keeps
 * working until the next rotation, which is what lets open connections drain).
 *
 * `admin` must be allowed to create roles; both users get their privileges through `groupRole`.
 */
export async function rotateAlternatingUsers(options: {
  readonly sm: SecretsManagerClient;
  readonly admin: pg.Client;
  readonly secretId: string;
  readonly newPassword: string;
  readonly groupRole: string;
}): Promise<{ versionId: string; username: string }> {
  const { sm, admin, secretId, newPassword, groupRole } = options;

  // createSecret
  const current = await sm.send(
    new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }),
  );
  if (!current.SecretString || !current.VersionId) throw new Error(`${secretId} has no current string value`);
  const db = parseDatabaseSecret(secretId, current.SecretString);
  const username = db.username.endsWith(CLONE_SUFFIX)
    ? db.username.slice(0, -CLONE_SUFFIX.length)
    : `${db.username}${CLONE_SUFFIX}`;
  const pending: Database = { ...db, username, password: newPassword };
  const versionId = randomUUID();
  await sm.send(
    new PutSecretValueCommand({
      SecretId: secretId,
      ClientRequestToken: versionId,
      SecretString: JSON.stringify(pending),
      VersionStages: ['AWSPENDING'],
    }),
  );

  // setSecret
  const role = admin.escapeIdentifier(username);
  const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [username]);
  if (exists.rowCount === 0) await admin.query(`CREATE ROLE ${role} LOGIN`);
  await admin.query(`GRANT ${admin.escapeIdentifier(groupRole)} TO ${role}`);
  // A SCRAM verifier, not the password: the plaintext never reaches the server or its logs.
  await admin.query(`ALTER ROLE ${role} PASSWORD ${admin.escapeLiteral(scramSha256Verifier(newPassword))}`);

  // testSecret
  const probe = new pg.Client(connectionOf(pending));
  await probe.connect();
  await probe.query('SELECT 1');
  await probe.end();

  // finishSecret
  await sm.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretId,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: versionId,
      RemoveFromVersionId: current.VersionId,
    }),
  );
  return { versionId, username };
}

/**
 * The database secret's JSON, checked: an object with string `url`, `username` and `password`.
 * JSON.parse's own error quotes the text it choked on, so it is replaced by one that names the
 * secret only.
 */
export function parseDatabaseSecret(secretId: string, text: string): Database {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${secretId}: the current value is not JSON`);
  }
  const fields = value as Partial<Record<keyof Database, unknown>> | null;
  const valid =
    fields !== null &&
    typeof fields === 'object' &&
    !Array.isArray(fields) &&
    (['url', 'username', 'password'] as const).every(
      (k) => typeof fields[k] === 'string' && fields[k] !== '',
    );
  if (!valid)
    throw new Error(`${secretId}: the current value is not an object with url, username and password`);
  return fields as Database;
}
