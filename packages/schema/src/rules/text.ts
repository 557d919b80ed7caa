import { pointerOf } from '../source/pointer.js';
import type { Rule } from './context.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every string of the catalog must be well-formed Unicode. A lone surrogate (written as a `\uD800`
 * escape) cannot be stored in any UTF-8 file: it would be written as U+FFFD, and the generated
 * file could then never match what the catalog produces.
 */
export const checkText: Rule = ({ raw, report }) => {
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value: raw, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) report(loneSurrogate(pointerOf(...path), false));
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        stack.push({ value: item, path: [...path, index] });
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (LONE_SURROGATE.test(key)) report(loneSurrogate(pointerOf(...path, key), true));
        stack.push({ value: item, path: [...path, key] });
      }
    }
  }
};

function loneSurrogate(pointer: string, atKey: boolean) {
  return {
    code: 'invalid-text' as const,
    pointer,
    atKey,
    message: `contains a lone UTF-16 surrogate, which no UTF-8 file can hold`,
    hint: 'Remove the \\uD800-\\uDFFF escape, or write the whole character (a surrogate pair, or \\U0001F600).',
  };
}
