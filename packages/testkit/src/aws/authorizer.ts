import { AwsError } from './errors.js';
import { evaluateIamPolicies, type IamPolicyDocument } from './iam-policy.js';

/** One IAM identity the fake knows, keyed by its access key id. */
export interface IamPrincipal {
  /** IAM user or role name, used in AccessDenied messages. */
  readonly name: string;
  readonly policies: readonly IamPolicyDocument[];
}

export interface IamOptions {
  readonly principals: Readonly<Record<string, IamPrincipal>>;
}

/** Checks one action for one caller; no `iam` option means every caller may do everything. */
export function createAuthorizer(iam: IamOptions | undefined, accountId: string, region: string) {
  return (
    accessKeyId: string | undefined,
    action: string,
    resource: string,
    context: Readonly<Record<string, string | undefined>> = {},
  ): void => {
    if (!iam) return;
    const principal = accessKeyId === undefined ? undefined : iam.principals[accessKeyId];
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
      `User: arn:aws:iam::${accountId}:user/${principal.name} is not authorized to perform: ${action} on resource: ${resource} ${why}`,
    );
  };
}
