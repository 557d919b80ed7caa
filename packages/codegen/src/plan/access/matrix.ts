import { type Catalog, compareStrings, type PlacedSecret, type Service } from '@locksmith/schema';
import {
  deployedEnvironments,
  namespaceFor,
  readsIn,
  roleArnFor,
  servicesIn,
  storeNameFor,
  vaultNamesFor,
  vaultReadPaths,
} from '../../catalog-queries.js';
import { policyName } from '../../emitters/iam/index.js';
import { targetName } from '../../emitters/kubernetes/external-secret.js';
import { readerRoleName } from '../../emitters/kubernetes/rbac.js';
import { kubernetesRoleFor } from '../../emitters/vault/roles.js';
import { type AccessChannel, CHANNELS, type Grant } from './grant.js';

/**
 * Who can read what, through which artifact: every read permission `locksmith gen` writes for the
 * catalog, derived from the normalised catalog (not from the generated files, which the tests
 * compare it with). Environments whose runtime source is `env` get no infrastructure and so no
 * grants. Every grant belongs to a service: each service's ESO store authenticates as the service
 * itself, so there is no operator identity that reads on its behalf. Sorted by environment
 * (catalog order), principal, secret, channel.
 */
export function accessMatrix(catalog: Catalog): Grant[] {
  const grants: Grant[] = [];
  for (const { name: env } of deployedEnvironments(catalog)) {
    for (const service of servicesIn(catalog, env)) {
      for (const placed of readsIn(catalog, service, env)) {
        grants.push(storeGrant(catalog, env, service, placed));
        // A service that reads its store directly gets no ExternalSecret, store or RBAC.
        if (service.externalSecrets) grants.push(kubernetesGrant(catalog, env, service, placed));
      }
    }
  }
  const envOrder = new Map(catalog.environments.map((e, i) => [e.name, i]));
  return grants.sort(
    (a, b) =>
      envOrder.get(a.environment)! - envOrder.get(b.environment)! ||
      compareStrings(a.principal, b.principal) ||
      compareStrings(a.secret, b.secret) ||
      CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel) ||
      compareStrings(a.holder, b.holder) ||
      compareStrings(a.resource, b.resource) ||
      compareStrings(a.identity ?? '', b.identity ?? ''),
  );
}

/**
 * The grant of the store policy: the IAM policy of the service's IRSA role for an AWS placement,
 * its Vault policy (through its Kubernetes-auth role, when it has one) for a Vault one. Terraform
 * carries the same role, policy and attachment.
 */
function storeGrant(catalog: Catalog, env: string, service: Service, placed: PlacedSecret): Grant {
  const { secret, placement } = placed;
  const terraform = `terraform/${env}.tf.json`;
  const account = `${namespaceFor(catalog, env, service.name)}/${service.serviceAccount}`;
  if (placement.provider === 'aws') {
    const role = roleArnFor(catalog, env, service.name);
    return grant(env, service.name, secret.name, 'iam', {
      holder: role,
      resource: placement.arnPattern ?? placement.path,
      identity: account,
      via: `IAM policy ${policyName(catalog, env, service.name)} of role ${role} (assumed by ServiceAccount ${account})`,
      files: [`iam/${env}/${service.name}.json`, terraform],
    });
  }
  const policy = vaultNamesFor(catalog, env, service.name)?.policy ?? service.name;
  const role = kubernetesRoleFor(catalog, env, service);
  return grant(env, service.name, secret.name, 'vault', {
    holder: policy,
    resource: vaultReadPaths(placed)[0]!,
    identity: role ? account : null,
    via: role
      ? `Vault policy ${policy} through Kubernetes-auth role ${role.name} (bound to ServiceAccount ${account})`
      : `Vault policy ${policy}`,
    files: role
      ? [`vault/${env}/${service.name}.hcl`, `vault/${env}/kubernetes-roles.json`, terraform]
      : [`vault/${env}/${service.name}.hcl`, terraform],
  });
}

/**
 * The Kubernetes Secret the service's ExternalSecret fills through the service's own ESO store
 * (bound to its ServiceAccount, so it reads with the service's identity and nobody else's), and
 * the RBAC Role that lets that ServiceAccount get it.
 */
function kubernetesGrant(
  catalog: Catalog,
  env: string,
  service: Service,
  { secret, placement }: PlacedSecret,
): Grant {
  const namespace = namespaceFor(catalog, env, service.name);
  const target = targetName(service.name, secret.name);
  const kind = catalog.kubernetes.stores[placement.provider].kind;
  const store = storeNameFor(catalog, placement.provider, env, service.name);
  const account = service.serviceAccount;
  return grant(env, service.name, secret.name, 'kubernetes', {
    holder: `${namespace}/${account}`,
    resource: `${namespace}/${target}`,
    identity: `${namespace}/${account}`,
    via:
      `ExternalSecret ${target} through ${kind} ${store} (as ServiceAccount ${account}), ` +
      `Role ${readerRoleName(service.name)} bound to ServiceAccount ${account}`,
    files: [`kubernetes/${env}/${service.name}.yaml`],
  });
}

function grant(
  environment: string,
  principal: string,
  secret: string,
  channel: AccessChannel,
  rest: Pick<Grant, 'holder' | 'resource' | 'identity' | 'via' | 'files'>,
): Grant {
  return { environment, principal, secret, channel, ...rest };
}
