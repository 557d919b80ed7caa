import {
  type Catalog,
  compareStrings,
  fillTemplate,
  type PlacedSecret,
  type Service,
} from '@locksmith/schema';
import {
  CONTROLLER,
  deployedEnvironments,
  namespaceFor,
  placementsIn,
  readsIn,
  servicesIn,
  templateValues,
} from '../../catalog-queries.js';
import { policyName } from '../../emitters/iam/index.js';
import { targetName } from '../../emitters/kubernetes/external-secret.js';
import { readerRoleName } from '../../emitters/kubernetes/rbac.js';
import { type AccessChannel, CHANNELS, type Grant } from './grant.js';

/**
 * Who can read what, through which artifact: every read permission `locksmith gen` writes for the
 * catalog, derived from the normalised catalog (not from the generated files, which the tests
 * compare it with). Environments whose runtime source is `env` get no infrastructure and so no
 * grants. Sorted by environment (catalog order), principal, secret, channel.
 */
export function accessMatrix(catalog: Catalog): Grant[] {
  const grants: Grant[] = [];
  for (const { name: env } of deployedEnvironments(catalog)) {
    for (const service of servicesIn(catalog, env)) {
      for (const placed of readsIn(catalog, service, env)) {
        grants.push(storeGrant(catalog, env, service.name, placed));
        grants.push(kubernetesGrant(catalog, env, service, placed));
      }
    }
    // The operator syncs every secret that has a reader into its readers' namespaces, so its own
    // role and policy read all of them.
    for (const placed of placementsIn(catalog, env).filter((p) => p.placement.readers.length > 0)) {
      grants.push(storeGrant(catalog, env, CONTROLLER, placed));
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
      compareStrings(a.resource, b.resource),
  );
}

/** The grant of the store policy: IAM for an AWS placement, Vault for a Vault one. */
function storeGrant(
  catalog: Catalog,
  env: string,
  principal: string,
  { secret, placement }: PlacedSecret,
): Grant {
  const values = templateValues(catalog, env, principal);
  if (placement.provider === 'aws') {
    const role = fillTemplate(catalog.kubernetes.iamRoleArnTemplate, values);
    return grant(env, principal, secret.name, 'iam', {
      holder: role,
      resource: placement.arnPattern ?? placement.path,
      via: `IAM policy ${policyName(catalog, env, principal)} of role ${role}`,
      files: [`iam/${env}/${principal}.json`],
    });
  }
  const vault = catalog.providers.vault;
  const mount = placement.mount ?? vault?.mount ?? 'secret';
  const policy = vault ? fillTemplate(vault.auth.policyTemplate, values) : principal;
  // ESO always logs in with Kubernetes auth; services do when the catalog says so.
  const bound = vault !== undefined && (vault.auth.method === 'kubernetes' || principal === CONTROLLER);
  const role = vault ? fillTemplate(vault.auth.roleTemplate, values) : principal;
  return grant(env, principal, secret.name, 'vault', {
    holder: policy,
    resource: `${mount}/data/${placement.path}`,
    via: bound ? `Vault policy ${policy} through Kubernetes-auth role ${role}` : `Vault policy ${policy}`,
    files: bound
      ? [`vault/${env}/${principal}.hcl`, `vault/${env}/kubernetes-roles.json`]
      : [`vault/${env}/${principal}.hcl`],
  });
}

/** The Kubernetes Secret the ExternalSecret fills for the service, and the RBAC Role that lets it read it. */
function kubernetesGrant(
  catalog: Catalog,
  env: string,
  service: Service,
  { secret, placement }: PlacedSecret,
): Grant {
  const namespace = namespaceFor(catalog, env);
  const target = targetName(service.name, secret.name);
  const store = catalog.kubernetes.stores[placement.provider];
  return grant(env, service.name, secret.name, 'kubernetes', {
    holder: `${namespace}/${service.serviceAccount}`,
    resource: `${namespace}/${target}`,
    via:
      `ExternalSecret ${target} through ${store.kind} ${store.name}, ` +
      `Role ${readerRoleName(service.name)} bound to ServiceAccount ${service.serviceAccount}`,
    files: [`kubernetes/${env}/${service.name}.yaml`],
  });
}

function grant(
  environment: string,
  principal: string,
  secret: string,
  channel: AccessChannel,
  rest: Pick<Grant, 'holder' | 'resource' | 'via' | 'files'>,
): Grant {
  return { environment, principal, secret, channel, ...rest };
}
