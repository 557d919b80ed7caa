/** Which placeholders each template may use; anything else is a typo that would produce a wrong path. */
export const TEMPLATE_PLACEHOLDERS = {
  awsName: ['project', 'env', 'secret'],
  vaultPath: ['project', 'env', 'secret'],
  rotationLambda: ['project', 'env', 'secret'],
  vaultRole: ['project', 'env', 'service'],
  vaultPolicy: ['project', 'env', 'service'],
  namespace: ['project', 'env', 'service'],
  store: ['project', 'env', 'service'],
  iamRoleArn: ['partition', 'accountId', 'project', 'env', 'service'],
} as const satisfies Record<string, readonly string[]>;

export type TemplateKind = keyof typeof TEMPLATE_PLACEHOLDERS;

/** Placeholder names used in a template, in order of appearance. */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
}

/** True when every placeholder of `template` is one `kind` allows (the others are reported elsewhere). */
export function hasOnlyKnownPlaceholders(template: string, kind: TemplateKind): boolean {
  const allowed: readonly string[] = TEMPLATE_PLACEHOLDERS[kind];
  return placeholdersIn(template).every((name) => allowed.includes(name));
}
