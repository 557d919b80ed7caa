// Preloaded with `node --import`: prints `loaded <url>` on stderr for every file an ES module
// import loads, so a test can see which files a run of the CLI read and compiled.
import { register } from 'node:module';

const hooks = `
export async function load(url, context, next) {
  const result = await next(url, context);
  if (url.startsWith('file:')) process.stderr.write('loaded ' + url + '\\n');
  return result;
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
