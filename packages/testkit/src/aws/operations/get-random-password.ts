import { randomInt } from 'node:crypto';
import { AwsError } from '../errors.js';
import type { Operation } from './context.js';
import { optionalBoolean, optionalNumber, optionalString } from './input.js';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
/** The punctuation the API reference lists for ExcludePunctuation. */
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/**
 * GetRandomPassword: `PasswordLength` (default 32, 1–4096) characters from crypto randomness,
 * minus the excluded classes and characters; with `RequireEachIncludedType` (default true) at
 * least one character of every class left in.
 */
export const getRandomPassword: Operation = (ctx, input) => {
  ctx.authorize('secretsmanager:GetRandomPassword', '*');
  const length = optionalNumber(input, 'PasswordLength', { min: 1, max: 4096 }) ?? 32;
  const excluded = new Set(optionalString(input, 'ExcludeCharacters') ?? '');
  const flag = (key: string, fallback: boolean): boolean => optionalBoolean(input, key) ?? fallback;
  const classes = [
    flag('ExcludeLowercase', false) ? '' : LOWER,
    flag('ExcludeUppercase', false) ? '' : UPPER,
    flag('ExcludeNumbers', false) ? '' : DIGITS,
    flag('ExcludePunctuation', false) ? '' : PUNCTUATION,
    flag('IncludeSpace', false) ? ' ' : '',
  ]
    .map((set) => [...set].filter((c) => !excluded.has(c)).join(''))
    .filter((set) => set !== '');
  if (classes.length === 0) {
    throw new AwsError('InvalidParameterException', 'The password has no characters left to choose from.');
  }
  const requireEach = flag('RequireEachIncludedType', true);
  if (requireEach && length < classes.length) {
    throw new AwsError(
      'InvalidParameterException',
      `PasswordLength ${length} is too short to include each of the ${classes.length} character types.`,
    );
  }
  const all = classes.join('');
  const chars = Array.from({ length }, () => all.charAt(randomInt(all.length)));
  if (requireEach) {
    // One slot per class, at distinct random positions, so every class is present.
    const slots = [...chars.keys()];
    for (const set of classes) {
      const slot = slots.splice(randomInt(slots.length), 1)[0] as number;
      chars[slot] = set.charAt(randomInt(set.length));
    }
  }
  return { RandomPassword: chars.join('') };
};
