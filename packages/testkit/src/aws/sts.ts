import { randomBytes, randomUUID } from 'node:crypto';
import type { FakeRequest, FakeResponse } from '../http.js';
import type { IamOptions, IamPrincipal } from './authorizer.js';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const DEFAULT_DURATION_S = 3600;

/** True for an STS Query-protocol request (form-encoded with an `Action`), which shares the endpoint. */
export function isStsRequest(req: FakeRequest): boolean {
  const type = String(req.headers['content-type'] ?? '');
  return req.method === 'POST' && type.startsWith('application/x-www-form-urlencoded');
}

/** The STS action a request names (`AssumeRoleWithWebIdentity`), for the request log and fault rules. */
export function stsAction(req: FakeRequest): string {
  return new URLSearchParams(req.body.toString('utf8')).get('Action') ?? 'Unknown';
}

const escapeXml = (text: string): string => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function stsError(status: number, code: string, message: string): FakeResponse {
  return {
    status,
    text: `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
    headers: { 'content-type': 'text/xml' },
    error: code,
  };
}

/** The claims of a JWT, read without checking its signature (the fake has no identity provider keys). */
function claimsOf(token: string): Record<string, unknown> | undefined {
  try {
    const claims = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as unknown;
    return claims !== null && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The token's `aud` claim as a list: a JWT may carry one audience as a string or several in an array. */
function audiencesOf(claims: Record<string, unknown>): string[] {
  if (Array.isArray(claims.aud)) return claims.aud.map(String);
  return typeof claims.aud === 'string' ? [claims.aud] : [];
}

const randomKey = (prefix: string, length: number): string =>
  prefix + [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');

/**
 * STS `AssumeRoleWithWebIdentity`, as IRSA clients (External Secrets Operator, the AWS SDKs'
 * web-identity provider) call it: the role must be one of `iam.roles`, the token a well-formed,
 * unexpired JWT whose `sub` (and `aud`, when the role names audiences) the role trusts. The temporary access key it issues is a principal with
 * the role's policies from then on. Other STS actions answer `InvalidAction`.
 */
export function serveSts(
  req: FakeRequest,
  iam: IamOptions | undefined,
  sessions: Map<string, IamPrincipal>,
  accountId: string,
  nowMs: number,
): FakeResponse {
  const params = new URLSearchParams(req.body.toString('utf8'));
  const action = params.get('Action');
  if (action !== 'AssumeRoleWithWebIdentity') {
    return stsError(400, 'InvalidAction', `The action ${action ?? '(none)'} is not valid for this fake STS.`);
  }
  const roleArn = params.get('RoleArn') ?? '';
  const sessionName = params.get('RoleSessionName') ?? 'session';
  const claims = claimsOf(params.get('WebIdentityToken') ?? '');
  if (!claims || typeof claims.sub !== 'string') {
    return stsError(
      400,
      'InvalidIdentityToken',
      'The web identity token is not a readable JWT with a subject.',
    );
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= nowMs) {
    return stsError(
      400,
      'ExpiredTokenException',
      'Token expired: current date/time is past the token expiry.',
    );
  }
  const role = iam?.roles?.[roleArn];
  const audiences = audiencesOf(claims);
  if (
    !role ||
    (role.trustedSubjects && !role.trustedSubjects.includes(claims.sub)) ||
    (role.trustedAudiences && !audiences.some((a) => role.trustedAudiences?.includes(a)))
  ) {
    return stsError(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
  }
  const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  const accessKeyId = randomKey('ASIA', 16);
  sessions.set(accessKeyId, { name: `assumed-role/${roleName}/${sessionName}`, policies: role.policies });
  const duration = Number(params.get('DurationSeconds') ?? DEFAULT_DURATION_S) || DEFAULT_DURATION_S;
  const expiration = new Date(nowMs + duration * 1000).toISOString();
  const audience = audiences[0] ?? 'sts.amazonaws.com';
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    text:
      `<AssumeRoleWithWebIdentityResponse xmlns="${XMLNS}"><AssumeRoleWithWebIdentityResult>` +
      `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${randomBytes(20).toString('base64')}</SecretAccessKey>` +
      `<SessionToken>${randomBytes(48).toString('base64')}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
      `<SubjectFromWebIdentityToken>${escapeXml(claims.sub)}</SubjectFromWebIdentityToken>` +
      `<AssumedRoleUser><Arn>arn:aws:sts::${accountId}:assumed-role/${escapeXml(roleName)}/${escapeXml(sessionName)}</Arn>` +
      `<AssumedRoleId>${randomKey('AROA', 16)}:${escapeXml(sessionName)}</AssumedRoleId></AssumedRoleUser>` +
      `<Audience>${escapeXml(audience)}</Audience></AssumeRoleWithWebIdentityResult>` +
      `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`,
  };
}
