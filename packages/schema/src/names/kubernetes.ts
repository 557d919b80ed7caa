/**
 * Kubernetes object names, as the API server validates them. Checked on every rendered name so a
 * catalog `validate` accepts never produces a manifest `kubectl apply` refuses.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** RFC 1123 label (namespaces): at most 63 lower-case letters, digits and hyphens. */
export const DNS_LABEL_MAX = 63;
/** RFC 1123 subdomain (most object names): at most 253 characters. */
export const DNS_SUBDOMAIN_MAX = 253;

/** Why `name` is not a valid namespace name, or `undefined`. */
export function dnsLabelProblem(name: string): string | undefined {
  if (name.length > DNS_LABEL_MAX)
    return `is ${name.length} characters long (Kubernetes allows ${DNS_LABEL_MAX})`;
  if (!DNS_LABEL.test(name)) return 'is not a valid Kubernetes name (lower-case letters, digits and hyphens)';
  return undefined;
}

/** Why `name` is not a valid object name (ServiceAccount, SecretStore, Secret…), or `undefined`. */
export function dnsSubdomainProblem(name: string): string | undefined {
  if (name.length > DNS_SUBDOMAIN_MAX) {
    return `is ${name.length} characters long (Kubernetes allows ${DNS_SUBDOMAIN_MAX})`;
  }
  if (!DNS_SUBDOMAIN.test(name)) {
    return 'is not a valid Kubernetes name (lower-case letters, digits, hyphens and dots)';
  }
  return undefined;
}
