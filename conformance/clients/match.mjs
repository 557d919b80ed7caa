// The expectation matchers of aws-scenarios.json / vault-scenarios.json (see their description).

/** Every place where `actual` departs from `expected`, as readable lines; empty when it matches. */
export function mismatches(expected, actual, fill, captured, path = '') {
  const here = path || '(result)';
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    const keys = Object.keys(expected);
    if (keys.length === 1 && keys[0].startsWith('$'))
      return matcher(keys[0], expected[keys[0]], actual, fill, captured, here);
    if (!actual || typeof actual !== 'object' || Array.isArray(actual))
      return [`${here}: expected an object, got ${show(actual)}`];
    return keys.flatMap((k) => mismatches(expected[k], actual[k], fill, captured, `${path}.${k}`));
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${here}: expected a list, got ${show(actual)}`];
    if (actual.length !== expected.length)
      return [`${here}: expected ${expected.length} items, got ${actual.length}: ${show(actual)}`];
    return expected.flatMap((e, i) => mismatches(e, actual[i], fill, captured, `${path}[${i}]`));
  }
  const want = typeof expected === 'string' ? fill(expected) : expected;
  return want === actual ? [] : [`${here}: expected ${show(want)}, got ${show(actual)}`];
}

function matcher(name, arg, actual, fill, captured, here) {
  const fail = (what) => [`${here}: expected ${what}, got ${show(actual)}`];
  switch (name) {
    case '$any':
      return actual === undefined || actual === null ? fail('a value') : [];
    case '$absent':
      return actual === undefined || actual === null ? [] : fail('no value');
    case '$nonEmpty':
      return typeof actual === 'string' && actual !== '' ? [] : fail('a non-empty string');
    case '$capture':
      return actual === captured[arg] && actual !== undefined
        ? []
        : fail(`the value captured as "${arg}" (${show(captured[arg])})`);
    case '$arnOf': {
      const re = new RegExp(
        `^arn:aws:secretsmanager:[a-z0-9-]+:\\d{12}:secret:${escapeRegExp(fill(arg))}-[A-Za-z0-9]{6}$`,
      );
      return typeof actual === 'string' && re.test(actual) ? [] : fail(`the ARN of ${fill(arg)}`);
    }
    case '$match':
      return new RegExp(arg).test(String(actual ?? '')) ? [] : fail(`text matching /${arg}/`);
    case '$len':
      return (Array.isArray(actual) || typeof actual === 'string'
        ? actual.length
        : actual && typeof actual === 'object'
          ? Object.keys(actual).length
          : -1) === arg
        ? []
        : fail(`${arg} items`);
    case '$set': {
      if (!Array.isArray(actual) || actual.length !== arg.length)
        return fail(`${arg.length} items in any order`);
      const left = [...actual];
      for (const e of arg) {
        const i = left.findIndex((a) => mismatches(e, a, fill, captured).length === 0);
        if (i < 0) return fail(`an item like ${show(e)}`);
        left.splice(i, 1);
      }
      return [];
    }
    default:
      return [`${here}: unknown matcher ${name}`];
  }
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const show = (v) => (v === undefined ? 'nothing' : JSON.stringify(v));
