/**
 * The arrows between the packages (docs/architecture.md), checked by `pnpm deps` in `pnpm verify`.
 * Only `packages/<name>/src` is cruised: tests may use whatever their devDependencies hold.
 * A workspace package is matched both as resolved into the repository (`packages/sdk-node/...`)
 * and by name (`@locksmith/sdk-node`), so the rules hold before or after a build.
 */

/** A workspace package as a `to.path` pattern. */
const pkg = (name) => `(^|/)(packages/${name}/|@locksmith/${name}($|/))`;
const src = (name) => `^packages/${name}/src/`;

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'No import circles anywhere in packages/*/src: each module can be read without its dependents.',
      severity: 'error',
      from: { path: '^packages/[^/]+/src/' },
      to: { circular: true },
    },
    {
      name: 'schema-imports-no-workspace-package',
      comment: 'The catalog (schema) is the floor every package stands on; it depends on none of them.',
      severity: 'error',
      from: { path: src('schema') },
      to: { path: '(^|/)(packages/(?!schema/)[^/]+/|@locksmith/(?!schema($|/)))' },
    },
    {
      name: 'sdk-node-not-upward',
      comment: 'The runtime may import the catalog only: never the generator, the operations or the testkit.',
      severity: 'error',
      from: { path: src('sdk-node') },
      to: { path: [pkg('codegen'), pkg('ops'), pkg('testkit')] },
    },
    {
      name: 'codegen-stays-pure',
      comment:
        'The generator and its CLI import the catalog only. The operations package is loaded with a dynamic ' +
        'import when an operations command runs, never statically.',
      severity: 'error',
      from: { path: src('codegen') },
      to: { path: [pkg('sdk-node'), pkg('testkit'), pkg('ops')], dynamic: false },
    },
    {
      name: 'codegen-installs-no-store-clients',
      comment: 'Installing @locksmith/codegen must not pull the AWS SDK, node-vault or axios.',
      severity: 'error',
      from: { path: src('codegen') },
      to: { path: '(^|/node_modules/)(@aws-sdk/|@smithy/|node-vault($|/)|axios($|/))' },
    },
    {
      name: 'ops-not-on-codegen',
      comment:
        'The operations receive what they need from the generator through the CLI (GeneratorHooks); ' +
        'they never import it, nor the testkit.',
      severity: 'error',
      from: { path: src('ops') },
      to: { path: [pkg('codegen'), pkg('testkit')] },
    },
    {
      name: 'testkit-on-runtime-and-schema-only',
      comment:
        'The testkit fakes the stores for the runtime; it imports sdk-node and schema, nothing above them.',
      severity: 'error',
      from: { path: src('testkit') },
      to: { path: [pkg('codegen'), pkg('ops')] },
    },
    {
      name: 'no-reaching-into-another-package',
      comment:
        'A package uses another through its published entry point, never a relative path into its files.',
      severity: 'error',
      from: { path: '^packages/([^/]+)/src/' },
      to: { dependencyTypes: ['local'], path: '^packages/', pathNot: '^packages/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)(node_modules|dist)/' },
    exclude: { path: '^packages/[^/]+/test/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default', 'node'],
      extensions: ['.ts', '.js', '.d.ts', '.json'],
    },
  },
};
