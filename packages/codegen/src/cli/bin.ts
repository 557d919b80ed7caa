import * as module from 'node:module';

// Most of a small run is loading modules. Node 22.1+ can keep their compiled code between runs
// (in NODE_COMPILE_CACHE, or its default directory under the OS temp dir): use it where the
// running Node has it, before anything else loads. Older Nodes have no such call.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// The build bundles start.ts and everything it reaches (../bundle/, scripts/bundle-cli.mjs): on
// Node 20, resolving, reading and compiling some 140 separate modules cost more than a run's work.
// The specifier is built at run time because the bundle exists only after the build.
await import(new URL('../bundle/locksmith.js', import.meta.url).href);
