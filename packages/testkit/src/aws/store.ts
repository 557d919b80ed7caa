import { randomUUID } from 'node:crypto';
import type { FakeClock } from '../clock.js';
import { isArn, secretArn } from './arn.js';
import { AwsError, messages } from './errors.js';
import {
  AWSCURRENT,
  AWSPREVIOUS,
  type SecretPayload,
  type SecretTag,
  type StoredSecret,
  type StoredVersion,
  samePayload,
} from './model.js';

const DAY_MS = 86_400_000;
/** AWS keeps about 100 versions; unlabelled ones beyond that are removed. */
const MAX_VERSIONS = 100;

export interface CreateInput {
  readonly name: string;
  readonly payload: SecretPayload | undefined;
  readonly versionId: string | undefined;
  readonly description: string | undefined;
  readonly kmsKeyId: string | undefined;
  readonly tags: SecretTag[];
}

/**
 * The Secrets Manager data model and its rules (staging labels, deletion windows, idempotent
 * versions). Operations validate wire input and call this; the seed API calls it directly.
 */
export class SecretsStore {
  private secrets: StoredSecret[] = [];

  constructor(
    readonly region: string,
    readonly accountId: string,
    private readonly clock: FakeClock,
  ) {}

  /** Every secret still held (including those scheduled for deletion), in creation order. */
  all(): readonly StoredSecret[] {
    this.purge();
    return this.secrets;
  }

  /** Finds by name, full ARN, or ARN without the random suffix. */
  find(id: string): StoredSecret | undefined {
    this.purge();
    if (!isArn(id)) return this.secrets.find((s) => s.name === id);
    return this.secrets.find((s) => s.arn === id || s.arn.slice(0, -7) === id);
  }

  require(id: string): StoredSecret {
    const secret = this.find(id);
    if (!secret) throw new AwsError('ResourceNotFoundException', messages.notFound);
    return secret;
  }

  /** Like `require`, and fails as AWS does for a secret scheduled for deletion. */
  requireLive(id: string): StoredSecret {
    const secret = this.require(id);
    if (secret.deletedAt !== undefined)
      throw new AwsError('InvalidRequestException', messages.markedForDeletion);
    return secret;
  }

  create(input: CreateInput): { secret: StoredSecret; version: StoredVersion | undefined } {
    const existing = this.find(input.name);
    if (existing?.deletedAt !== undefined)
      throw new AwsError('InvalidRequestException', messages.scheduledName);
    if (existing) throw new AwsError('ResourceExistsException', messages.exists(input.name));
    const now = this.clock.now();
    const secret: StoredSecret = {
      arn: secretArn(this.region, this.accountId, input.name),
      name: input.name,
      description: input.description,
      kmsKeyId: input.kmsKeyId,
      tags: input.tags,
      versions: [],
      createdAt: now,
      lastChangedAt: now,
      lastAccessedAt: undefined,
      lastRotatedAt: undefined,
      deletedAt: undefined,
      purgeAt: undefined,
      rotationEnabled: false,
      rotationLambdaArn: undefined,
      rotationRules: undefined,
      undecryptable: false,
    };
    this.secrets.push(secret);
    const version = input.payload
      ? this.putVersion(secret, input.payload, input.versionId, undefined)
      : undefined;
    return { secret, version };
  }

  /** Adds a version; AWSCURRENT moving away leaves AWSPREVIOUS on the version that had it. */
  putVersion(
    secret: StoredSecret,
    payload: SecretPayload,
    versionId: string | undefined,
    stages: readonly string[] | undefined,
  ): StoredVersion {
    const id = versionId ?? randomUUID();
    const existing = secret.versions.find((v) => v.versionId === id);
    if (existing) {
      if (samePayload(existing.payload, payload)) return existing;
      throw new AwsError('ResourceExistsException', messages.versionExists);
    }
    const version: StoredVersion = { versionId: id, payload, createdAt: this.clock.now(), stages: [] };
    secret.versions.push(version);
    for (const stage of stages ?? [AWSCURRENT]) this.attachStage(secret, stage, version);
    secret.lastChangedAt = this.clock.now();
    this.trimVersions(secret);
    return version;
  }

  /** Attaches a label to one version, taking it off whichever version held it. */
  attachStage(secret: StoredSecret, stage: string, target: StoredVersion): void {
    const holder = secret.versions.find((v) => v.stages.includes(stage));
    if (holder === target) return;
    if (holder) holder.stages = holder.stages.filter((s) => s !== stage);
    target.stages.push(stage);
    if (stage === AWSCURRENT && holder) this.attachStage(secret, AWSPREVIOUS, holder);
  }

  detachStage(version: StoredVersion, stage: string): void {
    version.stages = version.stages.filter((s) => s !== stage);
  }

  /** Picks the version a read asks for (AWSCURRENT by default). */
  resolveVersion(
    secret: StoredSecret,
    versionId: string | undefined,
    stage: string | undefined,
  ): StoredVersion {
    if (versionId !== undefined) {
      const v = secret.versions.find((x) => x.versionId === versionId);
      if (!v || (stage !== undefined && !v.stages.includes(stage))) {
        throw new AwsError('ResourceNotFoundException', messages.noVersionId(versionId));
      }
      return v;
    }
    const label = stage ?? AWSCURRENT;
    const v = secret.versions.find((x) => x.stages.includes(label));
    if (!v) throw new AwsError('ResourceNotFoundException', messages.noStage(label));
    return v;
  }

  /** Records a read the way AWS does: LastAccessedDate is the day, not the instant. */
  touch(secret: StoredSecret, version: StoredVersion): void {
    const now = this.clock.now();
    secret.lastAccessedAt = now - (now % DAY_MS);
    version.lastAccessedAt = secret.lastAccessedAt;
  }

  scheduleDeletion(secret: StoredSecret, recoveryDays: number): number {
    const now = this.clock.now();
    secret.deletedAt = now;
    secret.purgeAt = now + recoveryDays * DAY_MS;
    secret.lastChangedAt = now;
    return secret.purgeAt;
  }

  remove(secret: StoredSecret): void {
    this.secrets = this.secrets.filter((s) => s !== secret);
  }

  restore(secret: StoredSecret): void {
    secret.deletedAt = undefined;
    secret.purgeAt = undefined;
    secret.lastChangedAt = this.clock.now();
  }

  clear(): void {
    this.secrets = [];
  }

  private purge(): void {
    const now = this.clock.now();
    if (this.secrets.some((s) => s.purgeAt !== undefined && s.purgeAt <= now)) {
      this.secrets = this.secrets.filter((s) => s.purgeAt === undefined || s.purgeAt > now);
    }
  }

  private trimVersions(secret: StoredSecret): void {
    while (secret.versions.length > MAX_VERSIONS) {
      const index = secret.versions.findIndex((v) => v.stages.length === 0);
      if (index < 0) return;
      secret.versions.splice(index, 1);
    }
  }
}
