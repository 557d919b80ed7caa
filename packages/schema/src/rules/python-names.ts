import {
  pythonClassName,
  pythonFieldAttribute,
  pythonPackageName,
  pythonSecretAttribute,
} from '../names/python.js';
import type { Rule, RuleContext } from './context.js';

/**
 * Generated Python modules need one identifier per name: two secrets of a Python service whose
 * class or attribute would be the same (`a-b` and `a--b`), two fields of one secret (`fooBar` and
 * `foo_bar`) or two Python services with one package name would overwrite each other, so they are
 * catalog errors here, located at the second name.
 */
export const checkPythonNames: Rule = (context) => {
  const services = context.catalog.services.filter((s) => s.languages.includes('python'));
  if (services.length === 0) return;
  distinct(
    context,
    services.map((s) => ({ name: s.name, pointer: `/services/${escapeSegment(s.name)}` })),
    pythonPackageName,
    'Python package',
    'services',
  );
  const byName = new Map(context.catalog.secrets.map((s) => [s.name, s]));
  const checkedSecrets = new Set<string>();
  for (const service of services) {
    const secrets = service.reads.flatMap((name) => {
      const secret = byName.get(name);
      return secret ? [secret] : [];
    });
    const named = secrets.map((s) => ({ name: s.name, pointer: s.pointer }));
    const where = ` (service "${service.name}")`;
    distinct(context, named, pythonClassName, 'Python class', 'secrets', where);
    distinct(context, named, pythonSecretAttribute, 'Python attribute', 'secrets', where);
    for (const secret of secrets) {
      if (checkedSecrets.has(secret.name)) continue;
      checkedSecrets.add(secret.name);
      const fields = secret.fields.flatMap((f) =>
        f.name === null ? [] : [{ name: f.name, pointer: f.pointer }],
      );
      distinct(
        context,
        fields,
        pythonFieldAttribute,
        'Python attribute',
        'fields',
        ` (secret "${secret.name}")`,
      );
    }
  }
};

interface Named {
  readonly name: string;
  readonly pointer: string;
}

function distinct(
  { report }: RuleContext,
  items: readonly Named[],
  identifier: (name: string) => string,
  what: string,
  kind: string,
  where = '',
): void {
  const seen = new Map<string, string>();
  for (const item of items) {
    const id = identifier(item.name);
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, item.name);
      continue;
    }
    report({
      code: 'python-name-collision',
      pointer: item.pointer,
      atKey: true,
      message: `"${item.name}" and "${first}" would both become the ${what} "${id}"${where}`,
      hint: `Rename one of the ${kind}, or drop "python" from the reading services' languages.`,
    });
  }
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
