// Bundles the compiled CLI (dist/cli/start.js) and the emitter worker into dist/bundle/ with
// esbuild, after tsc. Why: on Node 20 a `locksmith validate` spent more time resolving, reading
// and compiling its ~140 separate modules than doing its work; one file (plus lazily loaded
// chunks for what only some commands need) cuts start-up by about 0.1 s.
//
// What stays outside the bundle, loaded from node_modules when needed:
// - the TypeScript toolchain (ts-morph, json-schema-to-typescript), loaded only on a cache miss;
// - @locksmith/ops, loaded only by the operations commands;
// - whatever @locksmith/schema loads with createRequire (yaml, ajv, its precompiled validator)
//   and the files it reads (catalog.schema.json): the bundle inlines the schema package's code, so
//   each `import.meta.url` in it is rewritten to the URL of the same file in the installed
//   @locksmith/schema, and those loads resolve from there, exactly as without the bundle. The
//   codegen package depends on the exact schema version (`workspace:*`), so that file is the one
//   the code was built from.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const schemaRoot = dirname(realpathSync(require.resolve('@locksmith/schema/package.json')));
const schemaDist = join(schemaRoot, 'dist') + sep;
const ownDist = join(root, 'dist') + sep;
const bundleDir = join(root, 'dist', 'bundle');

/**
 * Modules that stay lazily loaded in the bundle, in chunks of their own: they import the
 * TypeScript toolchain, which only a cache miss needs. Every other dynamic import of this
 * package's or the schema package's code becomes a static one: each lazy chunk is another file to
 * resolve, read and compile, in another round trip, and together they cost more than parsing the
 * code that a command does not run (V8 compiles functions only when they are first called).
 */
const LAZY = new Set(['./emitters/typescript/value-types.js', './emitters/typescript/skeleton.js']);

/** Files whose `import.meta.url` stays the bundle's: the renderer starts the bundled worker. */
const BESIDE_BUNDLE = new Set(['./cli/parallel-render.js']);

/**
 * Rewrites this package's and the schema package's compiled files as they enter the bundle:
 * - `import.meta.url` keeps meaning what it meant before bundling, the URL of the compiled file
 *   the code came from: this package's code finds its own files relative to it (package.json, the
 *   TypeScript emitter's sources it fingerprints); the schema package's code reads its schema and
 *   loads yaml, ajv and its precompiled validator from the installed @locksmith/schema;
 * - dynamic imports of first-party modules become static unless the module is in LAZY.
 */
const firstPartyFiles = {
  name: 'first-party-files',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      const own = args.path.startsWith(ownDist);
      if (!own && !args.path.startsWith(schemaDist)) return undefined;
      let text = readFileSync(args.path, 'utf8');
      const url = BESIDE_BUNDLE.has(posixRelative(ownDist, args.path))
        ? 'import.meta.url'
        : own
          ? `new URL(${JSON.stringify(posixRelative(bundleDir, args.path))}, import.meta.url).href`
          : `new URL(${JSON.stringify(posixRelative(schemaDist, args.path))}, import.meta.resolve("@locksmith/schema")).href`;
      text = text.replaceAll('import.meta.url', url);
      const eager = [];
      text = text.replace(/\bimport\((['"])([^'"]+)\1\)/g, (call, _quote, specifier) => {
        // A relative specifier counts only when it names a compiled file, so text that merely
        // looks like an import (in a template of generated code) is left as it is.
        const target = join(dirname(args.path), specifier);
        const firstParty = specifier.startsWith('.')
          ? existsSync(target) && !LAZY.has(posixRelative(ownDist, target))
          : specifier.startsWith('@locksmith/schema');
        if (!firstParty) return call;
        eager.push(`import * as __eager${eager.length} from ${JSON.stringify(specifier)};`);
        return `Promise.resolve(__eager${eager.length - 1})`;
      });
      return { contents: `${eager.join('\n')}\n${text}`, loader: 'js' };
    });
  },
};

/** `to` relative to the directory `from`, as a URL path starting with `./` or `../`. */
function posixRelative(from, to) {
  const path = relative(from, to).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

await build({
  absWorkingDir: root,
  entryPoints: {
    locksmith: 'dist/cli/start.js',
    'emitter-worker': 'dist/cli/emitter-worker.js',
  },
  outdir: 'dist/bundle',
  // Chunks sit beside the entries, so the renderer finds the bundled worker whichever file holds it.
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ts-morph', 'json-schema-to-typescript', '@locksmith/ops'],
  plugins: [firstPartyFiles],
  // Inlined CommonJS modules (fastest-levenshtein, picocolors...) require Node built-ins; an ES
  // module has no `require` of its own, so each output file gets one.
  banner: {
    js: "import { createRequire as __locksmithCreateRequire } from 'node:module';\nconst require = __locksmithCreateRequire(import.meta.url);",
  },
  legalComments: 'linked',
  logLevel: 'warning',
});
