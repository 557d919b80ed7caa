import { AwsError } from '../errors.js';

/** NextToken is an opaque offset; a token the fake did not issue is rejected as AWS does. */
export function encodeNextToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodeNextToken(token: string | undefined, total: number): number {
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.o <= total) {
      return parsed.o;
    }
  } catch {
    // fall through to the AWS error below
  }
  throw new AwsError('InvalidNextTokenException', 'The NextToken value is invalid.');
}
