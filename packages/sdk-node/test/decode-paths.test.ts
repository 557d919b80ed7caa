import { describe, expect, it } from 'vitest';
import { decodeValue, escapePointer } from '../src/decode/decode.js';
import { deepFreeze } from '../src/decode/freeze.js';
import { SecretsError } from '../src/errors.js';
import type { SecretDescriptor } from '../src/types.js';
import { databaseSecret, jwtSecret } from './helpers/descriptor.js';

/** The error `decodeValue` throws, as its public fields. */
function decodeError(secret: SecretDescriptor, raw: Parameters<typeof decodeValue>[1]) {
  try {
    decodeValue(secret, raw);
  } catch (error) {
    expect(error).toBeInstanceOf(SecretsError);
    const { code, message, field, rule, secret: name } = error as SecretsError;
    return { code, message, field, rule, secret: name };
  }
  throw new Error('expected a decode error');
}

const portSecret: SecretDescriptor = {
  ...jwtSecret,
  name: 'port',
  schema: { type: 'integer' },
  fields: [{ name: null, env: 'PORT', type: 'integer', required: true }],
};

describe('decode error paths name secret, field and rule, with a fixed message', () => {
  it.each([
    [
      'binary',
      jwtSecret,
      { kind: 'binary', bytes: new Uint8Array([1]) },
      '/',
      'type',
      'secret "jwt-signing-key" is binary where text was expected (rule: type)',
    ],
    [
      'no value',
      jwtSecret,
      { kind: 'fields', fields: {} },
      '/',
      'required',
      'secret "jwt-signing-key" has no value (rule: required)',
    ],
    [
      'not JSON',
      databaseSecret,
      { kind: 'text', text: '{oops' },
      '/',
      'json',
      'secret "database" is not valid JSON (rule: json)',
    ],
    [
      'an array',
      databaseSecret,
      { kind: 'text', text: '[1]' },
      '/',
      'type',
      'secret "database" is not a JSON object (rule: type)',
    ],
    [
      'null',
      databaseSecret,
      { kind: 'text', text: 'null' },
      '/',
      'type',
      'secret "database" is not a JSON object (rule: type)',
    ],
    [
      'a number',
      databaseSecret,
      { kind: 'text', text: '42' },
      '/',
      'type',
      'secret "database" is not a JSON object (rule: type)',
    ],
    [
      'a bad string field',
      portSecret,
      { kind: 'text', text: '12a' },
      '/',
      'type',
      'secret "port" is not a valid integer (rule: type)',
    ],
    [
      'a bad object field',
      databaseSecret,
      { kind: 'fields', fields: { url: 'u', password: 'p', port: 'x' } },
      '/port',
      'type',
      'secret "database" at /port is not a valid integer (rule: type)',
    ],
    [
      'a forbidden key',
      databaseSecret,
      { kind: 'text', text: '{"a/b": {"~": {"__proto__": 1}}}' },
      '/a~1b/~0/__proto__',
      'forbidden-key',
      'secret "database" at /a~1b/~0/__proto__ is a forbidden key (__proto__, constructor, prototype) (rule: forbidden-key)',
    ],
  ] as const)('%s', (_what, secret, raw, field, rule, message) => {
    expect(decodeError(secret, raw as Parameters<typeof decodeValue>[1])).toEqual({
      code: 'VALIDATION_FAILED',
      secret: secret.name,
      field,
      rule,
      message,
    });
  });
});

describe('field types', () => {
  it('a string secret with a non-string field type is converted; a string one is kept as written', () => {
    expect(decodeValue(portSecret, { kind: 'text', text: '8080' })).toBe(8080);
    expect(decodeValue(jwtSecret, { kind: 'text', text: ' 0012 ' })).toBe(' 0012 ');
  });

  it.each([
    ['integer', '-12', -12],
    ['integer', ' 7 ', 7],
    ['number', '1e3', 1000],
    ['number', '-0.5', -0.5],
    ['boolean', 'true', true],
    ['boolean', '1', true],
    ['boolean', 'false', false],
    ['boolean', '0', false],
  ] as const)('%s field %j → %j', (type, text, value) => {
    const secret: SecretDescriptor = { ...portSecret, fields: [{ ...portSecret.fields[0]!, type }] };
    expect(decodeValue(secret, { kind: 'text', text })).toBe(value);
  });

  it.each([
    ['integer', '1.5'],
    ['integer', ''],
    ['number', ''],
    ['number', '  '],
    ['number', 'Infinity'],
    ['number', 'abc'],
    ['boolean', 'yes'],
    ['boolean', 'TRUE'],
  ] as const)('%s field %j is refused', (type, text) => {
    const secret: SecretDescriptor = { ...portSecret, fields: [{ ...portSecret.fields[0]!, type }] };
    expect(decodeError(secret, { kind: 'text', text })).toMatchObject({ rule: 'type', field: '/' });
  });

  it('object fields: defaults fill only what is missing, strings convert, typed JSON values and unknown keys stay', () => {
    const decoded = decodeValue(databaseSecret, {
      kind: 'text',
      text: JSON.stringify({
        url: 'u',
        password: 'p',
        port: 6543,
        ssl: 'false',
        extra: null,
        nested: { a: [1] },
      }),
    });
    expect(decoded).toEqual({
      url: 'u',
      password: 'p',
      port: 6543,
      ssl: false,
      extra: null,
      nested: { a: [1] },
    });
    expect(decodeValue(databaseSecret, { kind: 'fields', fields: { url: 'u', password: 'p' } })).toEqual({
      url: 'u',
      password: 'p',
      port: 5432,
    });
    expect(
      decodeValue(databaseSecret, { kind: 'fields', fields: { url: 'u', password: 'p', port: '1' } }),
    ).toEqual({
      url: 'u',
      password: 'p',
      port: 1,
    });
  });

  it('escapePointer escapes ~ before /', () => {
    expect(escapePointer('a~/b')).toBe('a~0~1b');
  });
});

describe('deepFreeze', () => {
  it('freezes every nested object and array, and leaves primitives and frozen objects as they are', () => {
    const value = deepFreeze({ a: { b: [{ c: 1 }] }, s: 'x' });
    expect(Object.isFrozen(value.a.b[0])).toBe(true);
    expect(Object.isFrozen(value.a.b)).toBe(true);
    expect(deepFreeze('text')).toBe('text');
    expect(deepFreeze(null)).toBe(null);
    const inner = { d: {} };
    const frozen = Object.freeze({ inner });
    deepFreeze(frozen);
    expect(Object.isFrozen(inner)).toBe(false);
  });
});
