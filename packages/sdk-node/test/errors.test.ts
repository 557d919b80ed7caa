import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AggregateSecretsError, RETRYABLE, SecretsError } from '../src/errors.js';

describe('SecretsError', () => {
  it('marks exactly the transient codes retryable', () => {
    const retryable = Object.entries(RETRYABLE)
      .filter(([, r]) => r)
      .map(([c]) => c)
      .sort();
    expect(retryable).toEqual(['MALFORMED_RESPONSE', 'NETWORK', 'THROTTLED', 'TIMEOUT', 'UNAVAILABLE']);
    expect(new SecretsError('THROTTLED', 'x').retryable).toBe(true);
    expect(new SecretsError('NOT_FOUND', 'x').retryable).toBe(false);
  });

  it('prints and serialises only its safe fields', () => {
    const error = new SecretsError(
      'VALIDATION_FAILED',
      'secret "db" failed validation: /password minLength',
      {
        secret: 'db',
        field: '/password',
        rule: 'minLength',
      },
    );
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'SecretsError',
      code: 'VALIDATION_FAILED',
      message: 'secret "db" failed validation: /password minLength',
      retryable: false,
      secret: 'db',
      field: '/password',
      rule: 'minLength',
    });
    expect(inspect(error)).toMatch(/^SecretsError \[VALIDATION_FAILED\]: secret "db"/);
    expect(error.forSecret('other')).toMatchObject({ secret: 'other', code: 'VALIDATION_FAILED' });
  });

  it('aggregates failures into one message listing each secret', () => {
    const error = new AggregateSecretsError([
      new SecretsError('NOT_FOUND', 'a', { secret: 'a' }),
      new SecretsError('VALIDATION_FAILED', 'b', { secret: 'b', rule: 'minLength' }),
    ]);
    expect(error.message).toBe('2 secret(s) failed to load: a: NOT_FOUND, b: VALIDATION_FAILED (minLength)');
    expect(error.code).toBe('NOT_FOUND');
    expect(error.retryable).toBe(false);
    const transient = new AggregateSecretsError([
      new SecretsError('THROTTLED', 'a', { secret: 'a' }),
      new SecretsError('TIMEOUT', 'b', { secret: 'b' }),
    ]);
    expect(transient.retryable).toBe(true);
  });
});
