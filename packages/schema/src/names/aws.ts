/**
 * AWS names and ARNs, with the limits IAM, Lambda and KMS document. Every rendered template is
 * checked against these, so Terraform never meets a name AWS refuses.
 */

/** The ARN partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** IAM role names: at most 64 characters of letters, digits and `+=,.@_-`. */
export const IAM_ROLE_NAME_MAX = 64;
/** IAM policy names: at most 128 characters of the same set. */
export const IAM_POLICY_NAME_MAX = 128;
const IAM_NAME = /^[\w+=,.@-]+$/;
/** IAM paths: `/`, or `/segments/` of printable ASCII, at most 512 characters. */
const IAM_PATH = /^\/([\x21-\x2e\x30-\x7e]+\/)*$/;
const ROLE_ARN = /^arn:([a-z-]+):iam::([0-9]{12}):role(\/.*)$/;

/** A role ARN taken apart. */
export interface RoleArn {
  readonly partition: string;
  readonly accountId: string;
  /** `/` or `/a/b/`. */
  readonly path: string;
  readonly name: string;
}

/** Parses `arn:<partition>:iam::<account>:role/<path/><name>`, or says what is wrong with it. */
export function parseRoleArn(arn: string): { ok: true; role: RoleArn } | { ok: false; problem: string } {
  const match = ROLE_ARN.exec(arn);
  if (!match)
    return { ok: false, problem: 'is not an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)' };
  const rest = match[3]!;
  const cut = rest.lastIndexOf('/');
  const path = rest.slice(0, cut + 1);
  const name = rest.slice(cut + 1);
  if (name.length === 0 || name.length > IAM_ROLE_NAME_MAX) {
    return {
      ok: false,
      problem: `has a role name of ${name.length} characters (IAM allows 1 to ${IAM_ROLE_NAME_MAX})`,
    };
  }
  if (!IAM_NAME.test(name))
    return {
      ok: false,
      problem: 'has a role name with characters IAM does not allow (letters, digits, +=,.@_-)',
    };
  if (path.length > 512 || !IAM_PATH.test(path)) return { ok: false, problem: 'has an invalid IAM path' };
  return { ok: true, role: { partition: match[1]!, accountId: match[2]!, path, name } };
}

/** Why `name` is not a valid IAM policy name, or `undefined`. */
export function iamPolicyNameProblem(name: string): string | undefined {
  if (name.length > IAM_POLICY_NAME_MAX)
    return `is ${name.length} characters long (IAM allows ${IAM_POLICY_NAME_MAX})`;
  if (!IAM_NAME.test(name)) return 'has characters IAM does not allow in a policy name';
  return undefined;
}

const LAMBDA_ARN =
  /^arn:aws(-cn|-us-gov)?:lambda:[a-z]{2}(-gov)?-[a-z]+-[0-9]:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;

/** Why `arn` is not a Lambda function ARN, or `undefined`. */
export function lambdaArnProblem(arn: string): string | undefined {
  return LAMBDA_ARN.test(arn)
    ? undefined
    : 'is not a Lambda function ARN (arn:<partition>:lambda:<region>:<account>:function:<name>, name at most 64 characters)';
}
