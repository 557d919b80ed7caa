import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decodeValue } from '../src/decode/decode.js';
import { validateValue, validatorFor } from '../src/decode/validate.js';
import { SecretsError } from '../src/errors.js';
import type { SecretDescriptor } from '../src/types.js';
import { propertyRuns } from './helpers/budget.js';
import { expectNoCanary } from './helpers/canary.js';
import { CANARY, databaseSecret, jwtSecret } from './helpers/descriptor.js';

function failure(fn: () => unknown): SecretsError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretsError);
    return error as SecretsError;
  }
  throw new Error('expected a failure');
}

function load(secret: SecretDescriptor, raw: Parameters<typeof decodeValue>[1]): unknown {
  const value = decodeValue(secret, raw);
  validateValue(secret, value);
  return value;
}

describe('decode', () => {
  it('parses JSON text for object secrets and keeps text for string secrets', () => {
    expect(
      load(databaseSecret, {
        kind: 'text',
        text: JSON.stringify({ url: CANARY.url, password: CANARY.password }),
      }),
    ).toEqual({ url: CANARY.url, password: CANARY.password, port: 5432 });
    expect(load(jwtSecret, { kind: 'text', text: CANARY.jwt })).toBe(CANARY.jwt);
    expect(load(jwtSecret, { kind: 'fields', fields: { '': CANARY.jwt } })).toBe(CANARY.jwt);
  });

  it('coerces field strings to their declared types', () => {
    const value = load(databaseSecret, {
      kind: 'fields',
      fields: { url: CANARY.url, password: CANARY.password, port: '6543', ssl: 'true' },
    });
    expect(value).toEqual({ url: CANARY.url, password: CANARY.password, port: 6543, ssl: true });
    const bad = failure(() =>
      load(databaseSecret, {
        kind: 'fields',
        fields: { url: CANARY.url, password: CANARY.password, port: 'x1' },
      }),
    );
    expect(bad).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: '/port',
      rule: 'type',
      secret: 'database',
    });
  });

  it('refuses binary where text is expected (rule type)', () => {
    const error = failure(() => load(jwtSecret, { kind: 'binary', bytes: Buffer.from(CANARY.jwt) }));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', rule: 'type' });
    expectNoCanary(error.message);
  });

  it('never quotes the text of malformed JSON (JSON.parse would)', () => {
    const text = `{"password": "${CANARY.password}", oops`;
    const error = failure(() => load(databaseSecret, { kind: 'text', text }));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', rule: 'json', secret: 'database' });
    expect(error.cause).toBeUndefined();
    expectNoCanary(`${error.message} ${inspect(error)} ${JSON.stringify(error)}`);
  });
});

describe('forbidden keys', () => {
  const open: SecretDescriptor = {
    ...databaseSecret,
    name: 'open',
    schema: { type: 'object', additionalProperties: true },
    fields: [],
  };

  it.each([
    ['__proto__', `{"__proto__": {"polluted": "${CANARY.password}"}}`, '/__proto__'],
    ['constructor', `{"constructor": {"prototype": {"x": 1}}}`, '/constructor'],
    ['prototype', `{"a": {"b": [{"prototype": "${CANARY.token}"}]}}`, '/a/b/0/prototype'],
  ])('refuses %s at any depth with VALIDATION_FAILED naming the field', (_key, text, pointer) => {
    const error = failure(() => load(open, { kind: 'text', text }));
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      secret: 'open',
      field: pointer,
      rule: 'forbidden-key',
    });
    expect(error.message).toContain(pointer);
    expectNoCanary(`${error.message} ${inspect(error)} ${JSON.stringify(error)}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses them in field maps (env, files) too', () => {
    const error = failure(() =>
      load(open, {
        kind: 'fields',
        fields: JSON.parse('{"__proto__": "x", "ok": "y"}') as Record<string, string>,
      }),
    );
    expect(error).toMatchObject({ field: '/__proto__', rule: 'forbidden-key' });
  });

  it('accepts keys that merely contain the words', () => {
    expect(load(open, { kind: 'text', text: '{"my_constructor": 1, "prototypes": {"__proto": 2}}' })).toEqual(
      {
        my_constructor: 1,
        prototypes: { __proto: 2 },
      },
    );
  });
});

describe('schema validation', () => {
  it('names the secret, the JSON pointer and the keyword, never the value', () => {
    const error = failure(() =>
      load(databaseSecret, {
        kind: 'text',
        text: JSON.stringify({ url: CANARY.password, password: 'CANARY-short' }),
      }),
    );
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', secret: 'database' });
    expect(error.message).toContain('/url format');
    expect(error.message).toContain('/password minLength');
    expectNoCanary(`${error.message} ${inspect(error)} ${JSON.stringify(error)}`, [
      CANARY.password,
      'CANARY-short',
    ]);
  });

  it('points at a missing required property', () => {
    const error = failure(() =>
      load(databaseSecret, { kind: 'text', text: JSON.stringify({ url: CANARY.url }) }),
    );
    expect(error).toMatchObject({ field: '/password', rule: 'required' });
  });

  it('checks string secrets too', () => {
    const error = failure(() => load(jwtSecret, { kind: 'text', text: 'CANARY-too-short' }));
    expect(error).toMatchObject({ field: '/', rule: 'minLength', secret: 'jwt-signing-key' });
    expectNoCanary(error.message, ['CANARY-too-short']);
  });

  it('compiles each schema once', () => {
    expect(validatorFor(databaseSecret)).toBe(validatorFor(databaseSecret));
  });

  it('reports an uncompilable schema as CONFIGURATION', () => {
    const broken: SecretDescriptor = { ...jwtSecret, name: 'broken', schema: { type: 'no-such-type' } };
    expect(failure(() => validatorFor(broken))).toMatchObject({ code: 'CONFIGURATION', secret: 'broken' });
  });
});

describe('decode errors never carry the text (property-based)', () => {
  it('holds for arbitrary malformed or invalid values around a canary', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (before, after) => {
        const text = `${before}${CANARY.password}${after}`;
        for (const secret of [databaseSecret, jwtSecret]) {
          try {
            load(secret, { kind: 'text', text });
          } catch (error) {
            const e = error as SecretsError;
            expectNoCanary(`${e.message} ${inspect(e)} ${JSON.stringify(e)}`, [CANARY.password]);
          }
        }
      }),
      { numRuns: propertyRuns(300), seed: 11 },
    );
  });
});
