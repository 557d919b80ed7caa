/** A standard IAM policy document, as codegen emits it. */
export interface IamPolicyDocument {
  readonly Version?: string;
  readonly Statement: IamStatement | readonly IamStatement[];
}

type OneOrMany = string | readonly string[];

export interface IamStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: OneOrMany;
  readonly NotAction?: OneOrMany;
  readonly Resource?: OneOrMany;
  readonly NotResource?: OneOrMany;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, OneOrMany | boolean>>>>;
}

/** What one authorisation check is about. */
export interface IamRequest {
  /** `secretsmanager:GetSecretValue` */
  readonly action: string;
  /** A secret ARN, or `*` for account-level actions such as ListSecrets. */
  readonly resource: string;
  /** Condition keys the fake can supply (`aws:RequestedRegion`, `secretsmanager:VersionStage`…). */
  readonly context: Readonly<Record<string, string | undefined>>;
}

export type IamDecision = 'allow' | 'explicit-deny' | 'implicit-deny';

const list = (value: OneOrMany | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;

/** IAM wildcard match: `*` any run of characters, `?` exactly one. */
export function iamWildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

const STRING_TESTS: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (p, v) => p === v,
  StringEqualsIgnoreCase: (p, v) => p.toLowerCase() === v.toLowerCase(),
  StringLike: (p, v) => iamWildcardMatch(p, v),
  Bool: (p, v) => p.toLowerCase() === v.toLowerCase(),
};
const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
};

/** `true`/`false` when the fake can evaluate the block, `undefined` when it cannot. */
function evaluateCondition(
  condition: NonNullable<IamStatement['Condition']>,
  request: IamRequest,
): boolean | undefined {
  for (const [rawOperator, entries] of Object.entries(condition)) {
    const ifExists = rawOperator.endsWith('IfExists');
    const operator = ifExists ? rawOperator.slice(0, -'IfExists'.length) : rawOperator;
    const negatedBase = NEGATED[operator];
    const test = STRING_TESTS[negatedBase ?? operator];
    if (!test) return undefined;
    for (const [key, expected] of Object.entries(entries)) {
      const value = request.context[key];
      if (value === undefined) {
        // A missing key matches nothing; negated operators and IfExists then hold.
        if (ifExists || negatedBase) continue;
        return false;
      }
      const patterns = typeof expected === 'boolean' ? [String(expected)] : list(expected);
      const matched = patterns.some((p) => test(p, value));
      if (negatedBase ? matched : !matched) return false;
    }
  }
  return true;
}

function statementApplies(statement: IamStatement, request: IamRequest): boolean {
  const actionHit = statement.NotAction
    ? !list(statement.NotAction).some((a) => iamWildcardMatch(a, request.action, true))
    : list(statement.Action).some((a) => iamWildcardMatch(a, request.action, true));
  if (!actionHit) return false;
  const resourceHit = statement.NotResource
    ? !list(statement.NotResource).some((r) => iamWildcardMatch(r, request.resource))
    : list(statement.Resource).some((r) => iamWildcardMatch(r, request.resource));
  if (!resourceHit) return false;
  if (!statement.Condition) return true;
  const held = evaluateCondition(statement.Condition, request);
  // A condition the fake cannot evaluate never grants, but always denies: fail closed.
  return held ?? statement.Effect === 'Deny';
}

/**
 * Evaluates identity policies the way IAM does for one account: an explicit Deny wins, then
 * any Allow, otherwise the request is implicitly denied.
 */
export function evaluateIamPolicies(
  policies: readonly IamPolicyDocument[],
  request: IamRequest,
): IamDecision {
  let allowed = false;
  for (const policy of policies) {
    const statements = Array.isArray(policy.Statement)
      ? policy.Statement
      : [policy.Statement as IamStatement];
    for (const statement of statements) {
      if (!statementApplies(statement, request)) continue;
      if (statement.Effect === 'Deny') return 'explicit-deny';
      if (statement.Effect === 'Allow') allowed = true;
    }
  }
  return allowed ? 'allow' : 'implicit-deny';
}
