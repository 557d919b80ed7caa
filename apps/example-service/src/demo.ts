/**
 * `pnpm demo`: the README's main job. Today it validates and loads the example catalog and
 * prints its summary; a bad catalog prints located errors and exits 2.
 */
import { CatalogError, formatCatalogError, loadCatalog } from '@locksmith/schema';
import { catalogSummary } from './catalog-summary.js';

const catalogPath = new URL('../secrets.catalog.yaml', import.meta.url).pathname;

try {
  const catalog = await loadCatalog(catalogPath);
  process.stdout.write(`${catalogSummary(catalog)}\n`);
} catch (error) {
  if (!(error instanceof CatalogError)) throw error;
  process.stderr.write(`${formatCatalogError(error)}\n`);
  process.exitCode = 2;
}
