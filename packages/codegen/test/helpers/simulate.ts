import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { PolicyDocument } from '../../src/emitters/iam/index.js';

/** Runs one request through the IAM policy simulator against a single identity policy. */
export async function isAllowed(
  policy: PolicyDocument | object,
  request: {
    action: string;
    resource: string;
    accountId: string;
    context?: Record<string, string | string[]>;
  },
): Promise<boolean> {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${request.accountId}:role/locksmith-test`,
        action: request.action,
        resource: { resource: request.resource, accountId: request.accountId },
        contextVariables: request.context ?? {},
      },
      identityPolicies: [{ name: 'locksmith', policy }],
      // KMS only honours identity policies when the key policy delegates to the account, as
      // the default key policy does; Secrets Manager needs no resource policy.
      ...(request.action.startsWith('kms:') ? { resourcePolicy: defaultKeyPolicy(request.accountId) } : {}),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulation failed: ${JSON.stringify(result.errors)}`);
  if (result.resultType !== 'single') throw new Error(`unexpected ${result.resultType} simulation`);
  return result.overallResult === 'Allowed';
}

/** A concrete secret ARN as AWS creates it: the name plus a hyphen and six random characters. */
export function concreteArn(region: string, accountId: string, name: string, suffix = 'Ab3xZ9'): string {
  return `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`;
}

function defaultKeyPolicy(accountId: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
}
