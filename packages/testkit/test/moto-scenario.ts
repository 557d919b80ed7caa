import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  type SecretsManagerClient,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';

/** One step's outcome, normalised so two servers can be compared. */
export interface StepOutcome {
  readonly step: string;
  readonly result: unknown;
}

/**
 * Replaces what legitimately differs between two servers (ARN suffixes, version ids, dates,
 * request metadata, the run's unique prefix) with stable placeholders.
 */
export function normaliser(prefix: string) {
  const versions = new Map<string, string>();
  const visit = (value: unknown, key?: string): unknown => {
    if (value instanceof Date) return '<date>';
    if (value instanceof Uint8Array) return `<bytes:${value.length}>`;
    if (Array.isArray(value)) {
      const items = value.map((v) => visit(v));
      return key === 'VersionStages' ? [...items].sort() : items;
    }
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (k === '$metadata') continue;
        const name = k === 'VersionIdsToStages' || k === 'SecretVersionsToStages' ? k : undefined;
        if (name) {
          const mapped: Record<string, unknown> = {};
          for (const [id, stages] of Object.entries(v as Record<string, string[]>)) {
            mapped[visit(id, 'VersionId') as string] = [...stages].sort();
          }
          out[k] = Object.fromEntries(Object.entries(mapped).sort(([a], [b]) => a.localeCompare(b)));
        } else {
          out[k] = visit(v, k);
        }
      }
      return out;
    }
    if (typeof value === 'string') {
      if (key === 'VersionId' || key === 'MoveToVersionId') {
        if (!versions.has(value)) versions.set(value, `<version-${versions.size + 1}>`);
        return versions.get(value);
      }
      return value
        .split(prefix)
        .join('<prefix>')
        .replace(/-[A-Za-z0-9]{6}$/, '-<suffix>');
    }
    return value;
  };
  return (value: unknown): unknown => visit(value);
}

async function outcome(step: string, run: () => Promise<unknown>): Promise<StepOutcome> {
  try {
    return { step, result: { ok: await run() } };
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    return { step, result: { error: e.name, status: e.$metadata?.httpStatusCode } };
  }
}

/** The same sequence of real SDK calls, for moto and for the fake. */
export async function runScenario(sm: SecretsManagerClient, prefix: string): Promise<StepOutcome[]> {
  const db = `${prefix}/db`;
  const other = `${prefix}/other`;
  const missing = `${prefix}/missing`;
  const steps: StepOutcome[] = [];
  const add = async (step: string, run: () => Promise<unknown>) => steps.push(await outcome(step, run));

  await add('create', () =>
    sm.send(new CreateSecretCommand({ Name: db, SecretString: '{"password":"one"}' })),
  );
  await add('get current', () => sm.send(new GetSecretValueCommand({ SecretId: db })));
  await add('put', () =>
    sm.send(new PutSecretValueCommand({ SecretId: db, SecretString: '{"password":"two"}' })),
  );
  await add('get previous', () =>
    sm.send(new GetSecretValueCommand({ SecretId: db, VersionStage: 'AWSPREVIOUS' })),
  );
  let pendingId: string | undefined;
  let currentId: string | undefined;
  await add('put pending', async () => {
    const out = await sm.send(
      new PutSecretValueCommand({
        SecretId: db,
        SecretString: '{"password":"three"}',
        VersionStages: ['AWSPENDING'],
      }),
    );
    pendingId = out.VersionId;
    return out;
  });
  await add('get current again', async () => {
    const out = await sm.send(new GetSecretValueCommand({ SecretId: db }));
    currentId = out.VersionId;
    return out;
  });
  await add('move AWSCURRENT without RemoveFromVersionId', () =>
    sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: db,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: pendingId,
      }),
    ),
  );
  await add('move AWSCURRENT', () =>
    sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: db,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: pendingId,
        RemoveFromVersionId: currentId,
      }),
    ),
  );
  await add('get after move', () => sm.send(new GetSecretValueCommand({ SecretId: db })));
  await add('get previous after move', () =>
    sm.send(new GetSecretValueCommand({ SecretId: db, VersionStage: 'AWSPREVIOUS' })),
  );
  await add('describe', () => sm.send(new DescribeSecretCommand({ SecretId: db })));
  await add('list version ids', () => sm.send(new ListSecretVersionIdsCommand({ SecretId: db })));
  await add('update description', () =>
    sm.send(new UpdateSecretCommand({ SecretId: db, Description: 'primary db' })),
  );
  await add('create other', () => sm.send(new CreateSecretCommand({ Name: other, SecretString: 'plain' })));
  await add('create duplicate', () =>
    sm.send(new CreateSecretCommand({ Name: other, SecretString: 'again' })),
  );
  await add('list by name prefix', async () => {
    const out = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }] }));
    return (out.SecretList ?? []).map((s) => s.Name).sort();
  });
  await add('batch get with a missing id', () =>
    sm.send(new BatchGetSecretValueCommand({ SecretIdList: [db, missing, other] })),
  );
  await add('get missing', () => sm.send(new GetSecretValueCommand({ SecretId: missing })));
  await add('delete other', () =>
    sm.send(new DeleteSecretCommand({ SecretId: other, RecoveryWindowInDays: 7 })),
  );
  await add('get deleted', () => sm.send(new GetSecretValueCommand({ SecretId: other })));
  await add('describe deleted', async () => {
    const out = await sm.send(new DescribeSecretCommand({ SecretId: other }));
    return { DeletedDate: out.DeletedDate !== undefined };
  });
  await add('restore', () => sm.send(new RestoreSecretCommand({ SecretId: other })));
  await add('get restored', () => sm.send(new GetSecretValueCommand({ SecretId: other })));
  await add('force delete', () =>
    sm.send(new DeleteSecretCommand({ SecretId: other, ForceDeleteWithoutRecovery: true })),
  );
  await sm
    .send(new DeleteSecretCommand({ SecretId: db, ForceDeleteWithoutRecovery: true }))
    .catch(() => undefined);
  return steps;
}
