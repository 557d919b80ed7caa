import type { Catalog } from '@locksmith/schema';
import { deployedEnvironments, servicesIn } from '../../catalog-queries.js';
import { type GeneratedFile, sortFiles } from '../../generated-file.js';
import { headerText } from '../../header.js';
import { jsonFile } from '../../text.js';
import { awsResources } from './aws.js';
import { requiredProviders } from './providers.js';
import { vaultResources } from './vault.js';

/**
 * `terraform/<env>.tf.json`: everything an environment needs in the stores, for one Terraform
 * module holding all environments. AWS: the secrets (never a value: no secret version), with
 * `prevent_destroy` in production, their managed rotation, and per service the IRSA role (trust
 * limited to the service's ServiceAccount), its policy (the IAM emitter's document) and the
 * attachment. Vault: per service the policy (the Vault emitter's HCL) and its Kubernetes-auth
 * role. `terraform/versions.tf.json` declares the providers once for the module.
 */
export function emitTerraform(catalog: Catalog): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const used = new Set<'aws' | 'vault'>();
  for (const { name: env, production } of deployedEnvironments(catalog)) {
    const services = servicesIn(catalog, env);
    const aws = awsResources(catalog, env, production, services);
    const vault = vaultResources(catalog, env, services);
    const resource = { ...aws.resource, ...vault };
    if (Object.keys(resource).length === 0) continue;
    if (Object.keys(aws.resource).length > 0) used.add('aws');
    if (Object.keys(vault).length > 0) used.add('vault');
    files.push({
      path: `terraform/${env}.tf.json`,
      contents: jsonFile({
        '//': headerText(catalog),
        ...(aws.variable ? { variable: aws.variable } : {}),
        resource,
      }),
    });
  }
  if (files.length > 0) {
    files.push({
      path: 'terraform/versions.tf.json',
      contents: jsonFile({
        '//': headerText(catalog),
        terraform: { required_providers: requiredProviders(used) },
      }),
    });
  }
  return sortFiles(files);
}
