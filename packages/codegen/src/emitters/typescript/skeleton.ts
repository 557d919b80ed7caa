import { IndentationText, Project, QuoteKind, StructureKind, VariableDeclarationKind } from 'ts-morph';
import { SDK_MODULE } from './names.js';
import { DESCRIPTOR, type SkeletonParts, VALUE_TYPES } from './skeleton-parts.js';

/**
 * Prints the skeleton of `ts/<service>.ts` with ts-morph: the runtime import, the place of the
 * value types, the `Values` interface naming only the secrets the service reads, the descriptor's
 * place and one factory that hands both to `createSecretClient`. All logic stays in the runtime.
 */
export function printSkeleton({ service, valuesName, factoryName, values }: SkeletonParts): string {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single },
  });
  // One structure printed in one pass: adding statements one by one re-parses the whole file
  // each time, which is quadratic in the size of the module.
  const file = project.createSourceFile(`/${service}.ts`, {
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
        docs: [`The secrets "${service}" may read: each key is a secret name, each value its type.`],
        properties: values.map((v) => ({ name: `'${v.secret}'`, type: v.typeName, isReadonly: true })),
      },
      {
        kind: StructureKind.VariableStatement,
        declarationKind: VariableDeclarationKind.Const,
        isExported: true,
        docs: [`What the runtime needs to fetch, validate and rotate the secrets of "${service}".`],
        declarations: [
          { name: 'descriptor', initializer: `${DESCRIPTOR} as const satisfies ServiceDescriptor` },
        ],
      },
      {
        kind: StructureKind.Function,
        name: factoryName,
        isExported: true,
        docs: [`Creates the typed secret client of "${service}".`],
        parameters: [{ name: 'options', type: 'SecretClientOptions', hasQuestionToken: true }],
        returnType: `SecretClient<${valuesName}>`,
        statements: [`return createSecretClient<${valuesName}>(descriptor, options);`],
      },
    ],
  });
  return file.getFullText();
}
