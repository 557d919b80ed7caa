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
