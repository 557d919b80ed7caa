import type { Catalog, Secret } from '@locksmith/schema';
import { fillTemplate } from '@locksmith/schema';
import { CONTROLLER, deployedEnvironments, placementsIn, servicesIn } from '../../catalog-queries.js';
import type { GeneratedFile } from '../../generated-file.js';
import { headerText } from '../../header.js';
import { jsonFile } from '../../text.js';
import { controllerPolicy, policyName, servicePolicy } from '../iam/index.js';

const DAY_MS = 86_400_000;

/**
 * `terraform/<env>.tf.json`: the AWS secrets of the environment (never a value: no
 * `aws_secretsmanager_secret_version`), their managed rotation, and the IAM policies the IAM
 * emitter builds (the same functions, so the two never disagree). Resource names are prefixed
 * with the environment so every file can live in one Terraform module.
 */
export function emitTerraform(catalog: Catalog): GeneratedFile[] {
  const aws = catalog.providers.aws;
  if (!aws) return [];
  const files: GeneratedFile[] = [];
  for (const { name: env } of deployedEnvironments(catalog)) {
    const secrets: Record<string, unknown> = {};
    const rotations: Record<string, unknown> = {};
    for (const { secret, placement } of placementsIn(catalog, env, 'aws')) {
      const id = `${env}_${secret.name}`;
      secrets[id] = {
        name: tfLiteral(placement.path),
        ...(secret.description ? { description: tfLiteral(secret.description) } : {}),
        ...(placement.kmsKeyId ? { kms_key_id: tfLiteral(placement.kmsKeyId) } : {}),
        recovery_window_in_days: aws.recoveryWindowDays,
        tags: tagsFor(catalog, secret, env),
      };
      const every = secret.rotation.every;
      if (secret.rotation.strategy === 'managed' && every) {
        // The loader rejects managed rotation without a Lambda, so a missing one here is a bug.
        if (!aws.rotationLambdaArn)
          throw new Error(`managed rotation of "${secret.name}" has no rotation Lambda`);
        const lambda = fillTemplate(aws.rotationLambdaArn, {
          project: catalog.project,
          env,
          secret: secret.name,
        });
        rotations[id] = {
          secret_id: `\${aws_secretsmanager_secret.${id}.id}`,
          rotation_lambda_arn: tfLiteral(lambda),
          rotation_rules: { automatically_after_days: Math.max(1, Math.ceil(every.ms / DAY_MS)) },
        };
      }
    }
    const policies: Record<string, unknown> = {};
    const principals = [
      ...servicesIn(catalog, env).map((s) => [s.name, servicePolicy(catalog, s.name, env)] as const),
      [CONTROLLER, controllerPolicy(catalog, env)] as const,
    ];
    for (const [principal, document] of principals) {
      if (!document) continue;
      policies[`${env}_${principal}`] = {
        name: policyName(catalog, env, principal),
        description: `Reads the secrets ${principal} needs in ${env} (managed by locksmith)`,
        policy: tfLiteral(JSON.stringify(document)),
      };
    }
    if (Object.keys(secrets).length === 0 && Object.keys(policies).length === 0) continue;

    const resource: Record<string, unknown> = {};
    if (Object.keys(secrets).length > 0) resource.aws_secretsmanager_secret = secrets;
    if (Object.keys(rotations).length > 0) resource.aws_secretsmanager_secret_rotation = rotations;
    if (Object.keys(policies).length > 0) resource.aws_iam_policy = policies;
    files.push({
      path: `terraform/${env}.tf.json`,
      contents: jsonFile({ '//': headerText(catalog), resource }),
    });
  }
  return files;
}

function tagsFor(catalog: Catalog, secret: Secret, env: string): Record<string, string> {
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
      .map(([k, v]) => [tfLiteral(k), tfLiteral(v)]),
  );
}

/** Terraform reads JSON strings as templates; escape `${` and `%{` so catalog text stays literal. */
function tfLiteral(text: string): string {
  return text.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
}
