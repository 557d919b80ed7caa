/**
 * In-process breakdown of one render: catalog parse + validation, then each emitter. Run as a
 * child process per catalog (`node phases.mjs <secrets> <services>`) so modules load cold, as
 * they do in `locksmith gen`; prints one JSON line of milliseconds.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { syntheticCatalog } from './synthetic-catalog.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = (p) => pathToFileURL(join(here, '../../packages/codegen/dist', p)).href;
const [secrets, services] = process.argv.slice(2).map(Number);
const text = syntheticCatalog({ secrets, services });

const phases = {};
let t = performance.now();
const { parseCatalog } = await import(pathToFileURL(join(here, '../../packages/schema/dist/index.js')).href);
const catalog = parseCatalog(text, 'bench.catalog.yaml');
phases.load = performance.now() - t;
const { EMITTERS } = await import(dist('emitters/index.js'));
for (const entry of EMITTERS) {
  t = performance.now();
  await entry.emit(catalog);
  phases[entry.kind] = performance.now() - t;
}
process.stdout.write(`${JSON.stringify(phases)}\n`);
