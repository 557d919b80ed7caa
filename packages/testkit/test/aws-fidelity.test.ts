import {
  BatchGetSecretValueCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSecretsManager, startFakeSecretsManager } from '../src/index.js';
import { rejection, sdkFor } from './aws-helpers.js';

/** Where the fake Secrets Manager used to differ from the API reference (issue #15, part 3). */
let fake: FakeSecretsManager;
let sm: SecretsManagerClient;
beforeEach(async () => {
  fake = await startFakeSecretsManager();
  sm = sdkFor(fake);
});
afterEach(async () => {
  sm.destroy();
  await fake.close();
});

const names = async (Key: 'name' | 'tag-key' | 'tag-value' | 'description' | 'all', Values: string[]) =>
  ((await sm.send(new ListSecretsCommand({ Filters: [{ Key, Values }] }))).SecretList ?? [])
    .map((s) => s.Name)
    .sort();

describe('fake Secrets Manager fidelity', () => {
  it('matches name, tag-key and tag-value filters as case-sensitive prefixes', async () => {
    fake.store.create('DatabaseSecret', 'v', { tags: { Team: 'Payments' } });
    fake.store.create('databaseSecret', 'v', { tags: { team: 'payments' } });
    fake.store.create('MyDatabaseSecret', 'v');
    expect(await names('name', ['Data'])).toEqual(['DatabaseSecret']);
    expect(await names('tag-key', ['Te'])).toEqual(['DatabaseSecret']);
    expect(await names('tag-value', ['pay'])).toEqual(['databaseSecret']);
    expect(await names('name', ['!Data'])).toEqual(['MyDatabaseSecret', 'databaseSecret']);
  });

  it('matches description case-insensitively, and `all` word by word', async () => {
    fake.store.create('a', 'v', { description: 'Primary Postgres' });
    fake.store.create('credsDatabase892', 'v');
    expect(await names('description', ['primary'])).toEqual(['a']);
    expect(await names('all', ['database#892'])).toEqual(['credsDatabase892']);
    expect(await names('all', ['postgres'])).toEqual(['a']);
  });

  it('answers GetRandomPassword with the requested length and character classes', async () => {
    const plain = await sm.send(new GetRandomPasswordCommand({}));
    expect(plain.RandomPassword).toHaveLength(32);
    for (const cls of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(plain.RandomPassword).toMatch(cls);
    const digits = await sm.send(
      new GetRandomPasswordCommand({
        PasswordLength: 64,
        ExcludeLowercase: true,
        ExcludeUppercase: true,
        ExcludePunctuation: true,
        ExcludeCharacters: '01',
      }),
    );
    expect(digits.RandomPassword).toMatch(/^[2-9]{64}$/);
    const spaced = await sm.send(
      new GetRandomPasswordCommand({ PasswordLength: 5, ExcludeCharacters: 'abc', IncludeSpace: true }),
    );
    expect(spaced.RandomPassword).toContain(' ');
    expect(spaced.RandomPassword).not.toMatch(/[abc]/);
    expect((await rejection(sm.send(new GetRandomPasswordCommand({ PasswordLength: 0 })))).name).toBe(
      'ValidationException',
    );
    const nothingLeft = sm.send(
      new GetRandomPasswordCommand({
        ExcludeLowercase: true,
        ExcludeUppercase: true,
        ExcludeNumbers: true,
        ExcludePunctuation: true,
      }),
    );
    expect((await rejection(nothingLeft)).name).toBe('InvalidParameterException');
  });

  it('answers model-constraint violations with ValidationException, as the service model says', async () => {
    const tooMany = await rejection(
      sm.send(
        new BatchGetSecretValueCommand({ SecretIdList: Array.from({ length: 21 }, (_, i) => `s${i}`) }),
      ),
    );
    expect(tooMany.name).toBe('ValidationException');
    expect(tooMany.message).toMatch(
      /at 'secretIdList' failed to satisfy constraint: Member must have length less than or equal to 20/,
    );
    const badMax = await rejection(sm.send(new ListSecretsCommand({ MaxResults: 101 })));
    expect(badMax.name).toBe('ValidationException');
    const badKey = await rejection(
      sm.send(new ListSecretsCommand({ Filters: [{ Key: 'colour' as 'name', Values: ['x'] }] })),
    );
    expect(badKey.name).toBe('ValidationException');
    const missing = await rejection(
      sm.send(new GetSecretValueCommand({ SecretId: undefined as unknown as string })),
    );
    expect(missing.name).toBe('ValidationException');
    expect(missing.message).toMatch(/Value null at 'secretId'/);
  });
});
