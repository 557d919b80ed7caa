import type { Catalog } from '@locksmith/schema';
import { deployedEnvironments, roleArnFor, servicesIn } from '../../catalog-queries.js';
import type { GeneratedFile } from '../../generated-file.js';
import { sortFiles } from '../../generated-file.js';
import { headerText } from '../../header.js';
import { jsonFile } from '../../text.js';
import { servicePolicy } from './policies.js';

export { servicePolicy } from './policies.js';
export type { PolicyDocument, PolicyStatement } from './policy-document.js';

/** The name of the IAM policy locksmith manages for a service in an environment. */
export function policyName(catalog: Catalog, environment: string, service: string): string {
  return `${catalog.project}-${environment}-${service}-secrets`;
}

/**
 * `iam/<env>/<service>.json` for every service that reads an AWS secret there. There is no
 * policy for the External Secrets Operator: each service's store assumes the service's own role.
 * Identity policies may not carry extra keys, so each file wraps the policy: `PolicyDocument` is
 * what goes to AWS, next to the role it is for.
 */
export function emitIam(catalog: Catalog): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const { name: env } of deployedEnvironments(catalog)) {
    for (const service of servicesIn(catalog, env)) {
      const document = servicePolicy(catalog, service.name, env);
      if (!document) continue;
      files.push({
        path: `iam/${env}/${service.name}.json`,
        contents: jsonFile({
          '//': headerText(catalog),
          RoleArn: roleArnFor(catalog, env, service.name),
          PolicyName: policyName(catalog, env, service.name),
          PolicyDocument: document,
        }),
      });
    }
  }
  return sortFiles(files);
}
