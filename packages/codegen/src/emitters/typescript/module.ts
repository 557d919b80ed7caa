import type { Catalog, Secret, Service, ServiceDescriptor } from '@locksmith/schema';
import { describeService, pascalCase } from '@locksmith/schema';
import { IndentationText, Project, QuoteKind, StructureKind, VariableDeclarationKind } from 'ts-morph';
import { compareStrings } from '../../generated-file.js';
import { headerComment } from '../../header.js';
import { SDK_MODULE, valuesInterfaceName } from './names.js';

/**
 * Placeholders for the two large texts. Catalog names are lower-case kebab, so neither token can
 * occur in anything else the module prints.
 */
const VALUE_TYPES = 'LOCKSMITH_VALUE_TYPES__;';
const DESCRIPTOR = 'LOCKSMITH_DESCRIPTOR__';

/** What one accessor module is assembled from. */
export interface ModuleParts {
  readonly catalog: Catalog;
  readonly service: Service;
  /** Secrets the service reads, sorted by name, with their value type names and declarations. */
  readonly values: ReadonlyArray<{
    readonly secret: Secret;
    readonly typeName: string;
    readonly declarations: string;
  }>;
}

/**
 * Assembles `ts/<service>.ts` with ts-morph: value types, the `Values` interface naming only the
 * secrets the service reads, the runtime descriptor as a literal and one factory that hands both
 * to `createSecretClient`. All logic stays in the runtime.
 */
export function accessorModule({ catalog, service, values }: ModuleParts): string {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single },
  });
  const valuesName = valuesInterfaceName(service.name);
  // One structure printed in one pass: adding statements one by one re-parses the whole file
  // each time, which is quadratic in the size of the descriptor literal.
  const file = project.createSourceFile(`/${service.name}.ts`, {
    statements: [
      {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: SDK_MODULE,
        namedImports: [
          { name: 'createSecretClient' },
          { name: 'SecretClient', isTypeOnly: true },
          { name: 'SecretClientOptions', isTypeOnly: true },
          { name: 'ServiceDescriptor', isTypeOnly: true },
        ],
      },
      // Large texts go in after printing: the printer re-indents text character by character.
      ...(values.length > 0 ? [VALUE_TYPES] : []),
      {
        kind: StructureKind.Interface,
        name: valuesName,
        isExported: true,
        docs: [`The secrets "${service.name}" may read: each key is a secret name, each value its type.`],
        properties: values.map((v) => ({ name: `'${v.secret.name}'`, type: v.typeName, isReadonly: true })),
      },
      {
        kind: StructureKind.VariableStatement,
        declarationKind: VariableDeclarationKind.Const,
        isExported: true,
        docs: [`What the runtime needs to fetch, validate and rotate the secrets of "${service.name}".`],
        declarations: [
          {
            name: 'descriptor',
            initializer: `${DESCRIPTOR} as const satisfies ServiceDescriptor`,
          },
        ],
      },
      {
        kind: StructureKind.Function,
        name: `create${pascalCase(service.name)}Secrets`,
        isExported: true,
        docs: [`Creates the typed secret client of "${service.name}".`],
        parameters: [{ name: 'options', type: 'SecretClientOptions', hasQuestionToken: true }],
        returnType: `SecretClient<${valuesName}>`,
        statements: [`return createSecretClient<${valuesName}>(descriptor, options);`],
      },
    ],
  });
  // Both placeholders are spliced in by position in the printed text (which holds no catalog
  // free text), never searched for in what was already spliced in: a description could contain
  // either token.
  const printed = file.getFullText();
  const valueTypes = values.map((v) => v.declarations).join('\n\n');
  const descriptor = JSON.stringify(
    canonicalDescriptor(
      catalog,
      service,
      values.map((v) => v.secret),
    ),
    null,
    2,
  );
  const text = splice(printed, [
    [VALUE_TYPES, valueTypes],
    [DESCRIPTOR, descriptor],
  ]);
  return `${headerComment(catalog, 'slash')}\n${text.trim()}\n`;
}

/** The runtime descriptor with its secrets in name order, whatever order the catalog listed reads in. */
function canonicalDescriptor(
  catalog: Catalog,
  service: Service,
  reads: readonly Secret[],
): ServiceDescriptor {
  // describeService looks each read secret up in `catalog.secrets`; handing it only the secrets
  // this service reads keeps that linear in the service's reads instead of the whole catalog.
  const descriptor = describeService({ ...catalog, secrets: reads }, service.name);
  const names = Object.keys(descriptor.secrets).sort(compareStrings);
  return { ...descriptor, secrets: Object.fromEntries(names.map((n) => [n, descriptor.secrets[n]!])) };
}

/** Replaces the first occurrence of each token in `text` (each must occur) in one pass. */
function splice(text: string, replacements: ReadonlyArray<readonly [string, string]>): string {
  const found = replacements
    .map(([token, value]) => ({ at: text.indexOf(token), token, value }))
    .filter((r) => r.at >= 0)
    .sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const { at, token, value } of found) {
    out += text.slice(from, at) + value;
    from = at + token.length;
  }
  return out + text.slice(from);
}
