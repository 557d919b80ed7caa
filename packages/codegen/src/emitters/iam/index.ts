import type { Catalog } from '@locksmith/schema';
import { fillTemplate } from '@locksmith/schema';
import { CONTROLLER, deployedEnvironments, servicesIn, templateValues } from '../../catalog-queries.js';
import type { GeneratedFile } from '../../generated-file.js';
import { sortFiles } from '../../generated-file.js';
import { headerText } from '../../header.js';
import { jsonFile } from '../../text.js';
import { controllerPolicy, servicePolicy } from './policies.js';
import type { PolicyDocument } from './policy-document.js';

export { controllerPolicy, servicePolicy } from './policies.js';
export type { PolicyDocument, PolicyStatement } from './policy-document.js';

/** The name of the IAM policy locksmith manages for a service (or the controller) in an environment. */
export function policyName(catalog: Catalog, environment: string, service: string): string {
  return `${catalog.project}-${environment}-${service}-secrets`;
}

/**
 * `iam/<env>/<service>.json` for every service that reads an AWS secret there, and
 * `iam/<env>/external-secrets-controller.json`. Identity policies may not carry extra keys, so
 * each file wraps the policy: `PolicyDocument` is what goes to AWS, next to the role it is for.
 */
export function emitIam(catalog: Catalog): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const { name: env } of deployedEnvironments(catalog)) {
    const principals: Array<[string, PolicyDocument | undefined]> = servicesIn(catalog, env).map((s) => [
      s.name,
      servicePolicy(catalog, s.name, env),
    ]);
    principals.push([CONTROLLER, controllerPolicy(catalog, env)]);
    for (const [principal, document] of principals) {
      if (!document) continue;
      const roleArn = fillTemplate(
        catalog.kubernetes.iamRoleArnTemplate,
        templateValues(catalog, env, principal),
      );
      files.push({
        path: `iam/${env}/${principal}.json`,
        contents: jsonFile({
          '//': headerText(catalog),
          RoleArn: roleArn,
          PolicyName: policyName(catalog, env, principal),
          PolicyDocument: document,
        }),
      });
    }
  }
  return sortFiles(files);
}
