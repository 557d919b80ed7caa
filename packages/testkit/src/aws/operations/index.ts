import { batchGetSecretValue } from './batch-get-secret-value.js';
import type { Operation } from './context.js';
import { createSecret } from './create-secret.js';
import { deleteSecret } from './delete-secret.js';
import { describeSecret } from './describe-secret.js';
import { getRandomPassword } from './get-random-password.js';
import { getSecretValue } from './get-secret-value.js';
import { listSecretVersionIds } from './list-secret-version-ids.js';
import { listSecrets } from './list-secrets.js';
import { putSecretValue } from './put-secret-value.js';
import { restoreSecret } from './restore-secret.js';
import { rotateSecret } from './rotate-secret.js';
import { tagResource, untagResource } from './tags.js';
import { updateSecret } from './update-secret.js';
import { updateSecretVersionStage } from './update-secret-version-stage.js';

/** The operations the fake speaks, by their `X-Amz-Target` name. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  BatchGetSecretValue: batchGetSecretValue,
  CreateSecret: createSecret,
  DeleteSecret: deleteSecret,
  DescribeSecret: describeSecret,
  GetRandomPassword: getRandomPassword,
  GetSecretValue: getSecretValue,
  ListSecrets: listSecrets,
  ListSecretVersionIds: listSecretVersionIds,
  PutSecretValue: putSecretValue,
  RestoreSecret: restoreSecret,
  RotateSecret: rotateSecret,
  TagResource: tagResource,
  UntagResource: untagResource,
  UpdateSecret: updateSecret,
  UpdateSecretVersionStage: updateSecretVersionStage,
};
