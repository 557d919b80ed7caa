import type { SecretDescriptor } from '@locksmith/schema';
import type { RawValue } from '../types.js';
import { decodeValue } from './decode.js';
import { deepFreeze } from './freeze.js';
import { validateValue } from './validate.js';

/** Raw store value → validated, deeply frozen JS value; throws VALIDATION_FAILED naming field and rule. */
export function materialize<V>(secret: SecretDescriptor, raw: RawValue): V {
  const value = decodeValue(secret, raw);
  validateValue(secret, value);
  return deepFreeze(value) as V;
}
