import { type Catalog, fillTemplate, parseRoleArn, type Service } from '@locksmith/schema';
import { namespaceFor, placementsIn, roleArnFor } from '../../catalog-queries.js';
import { terraformLiteral } from '../../escape/hcl.js';
import { policyName, servicePolicy } from '../iam/index.js';
import { resourceName } from './providers.js';

const DAY_MS = 86_400_000;
/** Stands in for the OIDC provider variable while the trust policy is serialised. */
const OIDC = 'LOCKSMITH_OIDC_PROVIDER';

/** The AWS resources of one environment, and the variable the IRSA trust needs. */
export function awsResources(
  catalog: Catalog,
  env: string,
  production: boolean,
  services: readonly Service[],
): { resource: Record<string, Record<string, unknown>>; variable?: Record<string, unknown> } {
  const aws = catalog.providers.aws;
  if (!aws) return { resource: {} };
  const secrets: Record<string, unknown> = {};
  const rotations: Record<string, unknown> = {};
  for (const { secret, placement } of placementsIn(catalog, env, 'aws')) {
    const id = resourceName(env, secret.name);
    secrets[id] = {
      name: terraformLiteral(placement.path),
      ...(secret.description ? { description: terraformLiteral(secret.description) } : {}),
      ...(placement.kmsKeyId ? { kms_key_id: terraformLiteral(placement.kmsKeyId) } : {}),
      recovery_window_in_days: aws.recoveryWindowDays,
      tags: tagsFor(catalog, secret, env),
      ...(production ? { lifecycle: { prevent_destroy: true } } : {}),
    };
    const every = secret.rotation.every;
    if (secret.rotation.strategy === 'managed' && every && aws.rotationLambdaArn) {
      const lambda = fillTemplate(aws.rotationLambdaArn, {
        project: catalog.project,
        env,
        secret: secret.name,
      });
      rotations[id] = {
        secret_id: `\${aws_secretsmanager_secret.${id}.id}`,
        rotation_lambda_arn: terraformLiteral(lambda),
        rotation_rules: { automatically_after_days: Math.max(1, Math.ceil(every.ms / DAY_MS)) },
      };
    }
  }
  const variableName = `${env.replace(/-/g, '_')}_eks_oidc_provider`;
  const roles: Record<string, unknown> = {};
  const policies: Record<string, unknown> = {};
  const attachments: Record<string, unknown> = {};
  for (const service of services) {
    const document = servicePolicy(catalog, service.name, env);
    if (!document) continue;
    const id = resourceName(env, service.name);
    const parsed = parseRoleArn(roleArnFor(catalog, env, service.name));
    // The loader has checked every rendered role ARN; an unparsable one here is a bug.
    if (!parsed.ok) throw new Error(`role ARN of ${service.name} in ${env} ${parsed.problem}`);
    roles[id] = {
      name: terraformLiteral(parsed.role.name),
      path: terraformLiteral(parsed.role.path),
      description: `Identity of ${service.name} in ${env} (IRSA; managed by locksmith)`,
      assume_role_policy: trustPolicy(catalog, env, service, variableName),
    };
    policies[id] = {
      name: terraformLiteral(policyName(catalog, env, service.name)),
      description: `Reads the secrets ${service.name} needs in ${env} (managed by locksmith)`,
      policy: terraformLiteral(JSON.stringify(document)),
    };
    attachments[id] = {
      role: `\${aws_iam_role.${id}.name}`,
      policy_arn: `\${aws_iam_policy.${id}.arn}`,
    };
  }
  const resource: Record<string, Record<string, unknown>> = {};
  if (Object.keys(secrets).length > 0) resource.aws_secretsmanager_secret = secrets;
  if (Object.keys(rotations).length > 0) resource.aws_secretsmanager_secret_rotation = rotations;
  if (Object.keys(roles).length === 0) return { resource };
  resource.aws_iam_role = roles;
  resource.aws_iam_policy = policies;
  resource.aws_iam_role_policy_attachment = attachments;
  const variable = {
    [variableName]: {
      type: 'string',
      description: `OIDC issuer of the ${env} EKS cluster without https:// (oidc.eks.<region>.amazonaws.com/id/<id>); its IAM OIDC provider must exist in the account.`,
    },
  };
  return { resource, variable };
}

/**
 * The IRSA trust policy: only the service's own ServiceAccount, in its namespace, through the
 * cluster's OIDC provider, with the STS audience, may assume the role.
 */
function trustPolicy(catalog: Catalog, env: string, service: Service, variable: string): string {
  const aws = catalog.providers.aws!;
  const document = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:${aws.partition}:iam::${aws.accountId}:oidc-provider/${OIDC}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${OIDC}:sub`]: `system:serviceaccount:${namespaceFor(catalog, env, service.name)}:${service.serviceAccount}`,
            [`${OIDC}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ],
  };
  // Catalog text is made literal first; only then does the placeholder become the interpolation.
  return terraformLiteral(JSON.stringify(document)).replaceAll(OIDC, `\${var.${variable}}`);
}

function tagsFor(catalog: Catalog, secret: Catalog['secrets'][number], env: string): Record<string, string> {
  const tags: Record<string, string> = {
    ...secret.tags,
    ...(secret.owner ? { owner: secret.owner } : {}),
    'managed-by': 'locksmith',
    'locksmith:project': catalog.project,
    'locksmith:environment': env,
    'locksmith:secret': secret.name,
  };
  return Object.fromEntries(
    Object.entries(tags)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [terraformLiteral(k), terraformLiteral(v)]),
  );
}
