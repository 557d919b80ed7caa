/** The env var a field travels in when the catalog does not name one: DATABASE_PASSWORD for database.password. */
export function defaultEnvName(secret: string, field: string | null): string {
  const parts = field === null ? [secret] : [secret, field];
  return parts
    .map((part) =>
      part
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .replace(/[^A-Za-z0-9]+/g, '_')
        .toUpperCase(),
    )
    .join('_');
}

/** POSIX portable environment variable names, which every shell, Kubernetes and .env parser accept. */
export const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The env var name a person most likely meant by `text`: `smtp-host` → `SMTP_HOST`, `db.url` →
 * `DB_URL`, `2fa-key` → `_2FA_KEY`. Undefined when nothing usable is left (`---`).
 */
export function envNameFor(text: string): string | undefined {
  const name = text
    .trim()
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  if (name === '') return undefined;
  return /^[0-9]/.test(name) ? `_${name}` : name;
}
