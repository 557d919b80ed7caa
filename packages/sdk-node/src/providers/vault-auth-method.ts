/** How the Vault provider gets a token. */
export type VaultAuth =
  | { readonly method: 'token'; readonly token: string }
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
