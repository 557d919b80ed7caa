import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError, type CatalogIssue, formatCatalogError, relativeToDirectory } from '../src/index.js';

const issue = (file: string): CatalogIssue => ({
  code: 'unknown-reader',
  message: 'reader "ap1" is not a service in this catalog',
  hint: 'Did you mean "api"?',
  file,
  line: 12,
  column: 15,
  pointer: '/secrets/db/readers/0',
});

describe('issue paths relative to the working directory', () => {
  it('shows a catalog under the working directory as the user would type it, and one elsewhere as it is', () => {
    const root = join('/', 'work', 'repo');
    const error = new CatalogError([
      issue(join(root, 'apps', 'x.yaml')),
      issue(join('/', 'work', 'other.yaml')),
    ]);
    const shown = relativeToDirectory(error, root);
    expect(shown.issues.map((i) => i.file)).toEqual(['apps/x.yaml', join('/', 'work', 'other.yaml')]);
    expect(formatCatalogError(shown)).toMatch(/^apps\/x\.yaml:12:15 \/secrets\/db\/readers\/0: /);
    // Everything else about each issue is kept.
    expect({ ...shown.issues[0], file: '' }).toEqual({ ...issue(''), file: '' });
  });
});
