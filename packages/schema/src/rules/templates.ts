import { pointerOf } from '../source/pointer.js';
import { placeholdersIn, TEMPLATE_PLACEHOLDERS, type TemplateKind } from '../templates.js';
import type { Rule } from './context.js';

/** A misspelt placeholder would silently produce a wrong name in every store; refuse it. */
export const checkTemplates: Rule = ({ raw, report }) => {
  const check = (template: string | undefined, kind: TemplateKind, pointer: string) => {
    if (template === undefined) return;
    const allowed: readonly string[] = TEMPLATE_PLACEHOLDERS[kind];
    for (const name of placeholdersIn(template)) {
      if (allowed.includes(name)) continue;
      report({
        code: 'unknown-placeholder',
        pointer,
        message: `unknown placeholder {${name}}`,
        hint: `Use ${allowed.map((p) => `{${p}}`).join(', ')}.`,
      });
    }
  };
  const { aws, vault } = raw.providers;
  check(aws?.name, 'awsName', pointerOf('providers', 'aws', 'name'));
  check(aws?.rotationLambdaArn, 'rotationLambda', pointerOf('providers', 'aws', 'rotationLambdaArn'));
  check(vault?.path, 'vaultPath', pointerOf('providers', 'vault', 'path'));
  check(vault?.auth?.role, 'vaultRole', pointerOf('providers', 'vault', 'auth', 'role'));
  check(vault?.auth?.policy, 'vaultPolicy', pointerOf('providers', 'vault', 'auth', 'policy'));
  check(raw.kubernetes?.namespace, 'namespace', pointerOf('kubernetes', 'namespace'));
  check(raw.kubernetes?.iamRoleArn, 'iamRoleArn', pointerOf('kubernetes', 'iamRoleArn'));
  for (const provider of ['aws', 'vault'] as const) {
    const store = raw.kubernetes?.stores?.[provider]?.name;
    check(store, 'store', pointerOf('kubernetes', 'stores', provider, 'name'));
  }
  for (const [name, secret] of Object.entries(raw.secrets)) {
    for (const [env, override] of Object.entries(secret.overrides ?? {})) {
      check(override.path, 'awsName', pointerOf('secrets', name, 'overrides', env, 'path'));
    }
  }
};
