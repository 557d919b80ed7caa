import { AwsError } from './errors.js';
import { evaluateIamPolicies, type IamPolicyDocument } from './iam-policy.js';

/** One IAM identity the fake knows, keyed by its access key id. */
export interface IamPrincipal {
  /** IAM user or role name, used in AccessDenied messages. */
  readonly name: string;
  readonly policies: readonly IamPolicyDocument[];
}

/** An IAM role that `sts:AssumeRoleWithWebIdentity` can hand out temporary credentials for. */
export interface IamRole {
  readonly policies: readonly IamPolicyDocument[];
  /**
   * Web identities (the token's `sub`, e.g. `system:serviceaccount:shop:api`) the role trusts;
   * any well-formed, unexpired token when omitted.
   */
  readonly trustedSubjects?: readonly string[];
  /**
   * Audiences (the token's `aud`, e.g. `sts.amazonaws.com`) the role's trust policy accepts; the
   * token must carry one of them. Any audience when omitted.
   */
  readonly trustedAudiences?: readonly string[];
}

export interface IamOptions {
  readonly principals: Readonly<Record<string, IamPrincipal>>;
  /** Roles by ARN, for STS AssumeRoleWithWebIdentity (IRSA, as External Secrets Operator uses it). */
  readonly roles?: Readonly<Record<string, IamRole>>;
}

/**
 * Checks one action for one caller; no `iam` option means every caller may do everything.
 * `sessions` holds the temporary credentials STS issued, keyed by access key id.
 */
export function createAuthorizer(
  iam: IamOptions | undefined,
  accountId: string,
  region: string,
  sessions: ReadonlyMap<string, IamPrincipal> = new Map(),
) {
  return (
    accessKeyId: string | undefined,
    action: string,
    resource: string,
    context: Readonly<Record<string, string | undefined>> = {},
  ): void => {
    if (!iam) return;
    const principal =
      accessKeyId === undefined ? undefined : (iam.principals[accessKeyId] ?? sessions.get(accessKeyId));
    if (!principal) {
      throw new AwsError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    }
    const decision = evaluateIamPolicies(principal.policies, {
      action,
      resource,
      context: { 'aws:RequestedRegion': region, ...context },
    });
    if (decision === 'allow') return;
    const why =
      decision === 'explicit-deny'
        ? `with an explicit deny in an identity-based policy`
        : `because no identity-based policy allows the ${action} action`;
    throw new AwsError(
      'AccessDeniedException',
      `User: arn:aws:${principal.name.startsWith('assumed-role/') ? 'sts' : 'iam'}::${accountId}:${principal.name.startsWith('assumed-role/') ? '' : 'user/'}${principal.name} is not authorized to perform: ${action} on resource: ${resource} ${why}`,
    );
  };
}
