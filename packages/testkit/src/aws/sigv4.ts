/**
 * The access key id from a SigV4 `Authorization` header
 * (`AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, ...`).
 * The fake does not verify signatures: it only needs to know who is calling.
 */
export function accessKeyIdFromAuthorization(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /Credential=([^/,\s]+)\//.exec(header);
  return match?.[1];
}
