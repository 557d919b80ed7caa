/** How the Vault provider gets a token. */
export type VaultAuth =
  | {
      readonly method: 'token';
      readonly token: string;
      /** Methods considered before this one (`kubernetes (no service-account token file at …)`), for errors. */
      readonly tried?: readonly string[];
    }
  | {
      readonly method: 'approle';
      readonly roleId: string;
      readonly secretId: string;
      readonly mount?: string;
    }
  | {
      readonly method: 'kubernetes';
      readonly role: string;
      /** Service-account JWT file (default `/var/run/secrets/kubernetes.io/serviceaccount/token`). */
      readonly jwtPath?: string;
      readonly mount?: string;
    };
