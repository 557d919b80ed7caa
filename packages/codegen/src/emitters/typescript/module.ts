import type { Catalog, Secret, Service, ServiceDescriptor } from '@locksmith/schema';
import { describeService } from '@locksmith/schema';
import { IndentationText, Project, QuoteKind, ts, VariableDeclarationKind } from 'ts-morph';
import { compareStrings } from '../../generated-file.js';
import { headerComment } from '../../header.js';
import { pascalCase } from '../../text.js';
import { SDK_MODULE, valuesInterfaceName } from './names.js';

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
  const file = project.createSourceFile(`/${service.name}.ts`, '');
  const valuesName = valuesInterfaceName(service.name);

  file.addImportDeclaration({
    moduleSpecifier: SDK_MODULE,
    namedImports: [
      { name: 'createSecretClient' },
      { name: 'SecretClient', isTypeOnly: true },
      { name: 'SecretClientOptions', isTypeOnly: true },
      { name: 'ServiceDescriptor', isTypeOnly: true },
    ],
  });
  if (values.length > 0) file.addStatements(values.map((v) => v.declarations).join('\n\n'));
  file.addInterface({
    name: valuesName,
    isExported: true,
    docs: [`The secrets "${service.name}" may read: each key is a secret name, each value its type.`],
    properties: values.map((v) => ({ name: `'${v.secret.name}'`, type: v.typeName, isReadonly: true })),
  });
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    isExported: true,
    docs: [`What the runtime needs to fetch, validate and rotate the secrets of "${service.name}".`],
    declarations: [
      {
        name: 'descriptor',
        initializer: `${JSON.stringify(canonicalDescriptor(catalog, service), null, 2)} as const satisfies ServiceDescriptor`,
      },
    ],
  });
  file.addFunction({
    name: `create${pascalCase(service.name)}Secrets`,
    isExported: true,
    docs: [`Creates the typed secret client of "${service.name}".`],
    parameters: [{ name: 'options', type: 'SecretClientOptions', hasQuestionToken: true }],
    returnType: `SecretClient<${valuesName}>`,
    statements: [`return createSecretClient<${valuesName}>(descriptor, options);`],
  });
  // json2ts output is unformatted (its Prettier step is off: slow and machine-dependent); the
  // TypeScript formatter is deterministic and already loaded.
  file.formatText({
    indentSize: 2,
    tabSize: 2,
    convertTabsToSpaces: true,
    semicolons: ts.SemicolonPreference.Insert,
  });
  return `${headerComment(catalog, 'slash')}\n${file.getFullText().trim()}\n`;
}

/** The runtime descriptor with its secrets in name order, whatever order the catalog listed reads in. */
function canonicalDescriptor(catalog: Catalog, service: Service): ServiceDescriptor {
  const descriptor = describeService(catalog, service.name);
  const names = Object.keys(descriptor.secrets).sort(compareStrings);
  return { ...descriptor, secrets: Object.fromEntries(names.map((n) => [n, descriptor.secrets[n]!])) };
}
