import type { Catalog } from '@locksmith/schema';
import { type PlacedSecret, readsIn } from '../../catalog-queries.js';
import { kmsDecryptStatements } from './kms.js';
import type { PolicyDocument, PolicyStatement } from './policy-document.js';

/**
 * The least-privilege policy of one service in one environment: read exactly the AWS secrets it
 * reads there, by their `-??????` ARN patterns (a trailing `*` would also match `db-admin` when
 * the grant is for `db`). `undefined` when the service reads no AWS secret there.
 */
export function servicePolicy(
  catalog: Catalog,
  serviceName: string,
  environment: string,
): PolicyDocument | undefined {
  const service = catalog.services.find((s) => s.name === serviceName);
  if (!service) return undefined;
  return policyFor(catalog, readsIn(catalog, service, environment, 'aws'));
}

function policyFor(catalog: Catalog, placed: readonly PlacedSecret[]): PolicyDocument | undefined {
  const aws = catalog.providers.aws;
  const arns = placed.map((p) => p.placement.arnPattern).filter((arn): arn is string => arn !== undefined);
  if (!aws || arns.length === 0) return undefined;

  const statements: PolicyStatement[] = [
    {
      Sid: 'ReadCatalogSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      Resource: [...new Set(arns)].sort(),
    },
    // BatchGetSecretValue has no resource type: AWS authorises the batch call on "*" and then
    // checks GetSecretValue on every secret in it, so this grants no extra secret.
    {
      Sid: 'BatchReadCatalogSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:BatchGetSecretValue'],
      Resource: '*',
    },
  ];
  const keyIds = placed.map((p) => p.placement.kmsKeyId).filter((id): id is string => id !== undefined);
  statements.push(
    ...kmsDecryptStatements(keyIds, {
      partition: aws.partition,
      region: aws.region,
      accountId: aws.accountId,
    }),
  );
  return { Version: '2012-10-17', Statement: statements };
}
