import { SecretsError } from '../../src/errors.js';
import type {
  FetchRequest,
  FetchResult,
  Provider,
  RawValue,
  SecretsErrorCode,
  VersionStage,
} from '../../src/types.js';

/** What one call does instead of answering: throw a code for the whole call, or hang until aborted. */
export type CallFault = SecretsErrorCode | 'hang';

/**
 * An in-test store behind our own Provider interface: versions per secret and stage, scripted
 * call-level faults (consumed one per call) and per-secret error codes. Records every call.
 */
export class ScriptedProvider implements Provider {
  readonly name: string;
  readonly maxBatchSize: number;
  readonly calls: FetchRequest[][] = [];
  readonly faults: CallFault[] = [];
  readonly secretErrors = new Map<string, SecretsErrorCode>();
  /** An error code for every secret's request of one stage (a store without that stage). */
  readonly stageErrors = new Map<VersionStage, SecretsErrorCode>();
  private readonly versions = new Map<string, { versionId: string; value: RawValue; createdAt?: Date }>();
  private watcher: ((names: readonly string[]) => void) | undefined;

  constructor(name = 'scripted', maxBatchSize = 20) {
    this.name = name;
    this.maxBatchSize = maxBatchSize;
  }

  /** Stores a version; `createdAt` (epoch ms) is the store's creation date, as AWS and Vault report it. */
  set(
    secret: string,
    versionId: string,
    value: RawValue | string,
    stage: VersionStage = 'current',
    createdAt?: number,
  ): this {
    const raw: RawValue = typeof value === 'string' ? { kind: 'text', text: value } : value;
    this.versions.set(`${secret}:${stage}`, {
      versionId,
      value: raw,
      ...(createdAt === undefined ? {} : { createdAt: new Date(createdAt) }),
    });
    return this;
  }

  /** Moves current to previous and installs a new current (what AWS rotation does). */
  rotate(secret: string, versionId: string, value: string, createdAt?: number): void {
    const current = this.versions.get(`${secret}:current`);
    if (current) this.versions.set(`${secret}:previous`, current);
    this.set(secret, versionId, value, 'current', createdAt);
  }

  remove(secret: string): void {
    this.versions.delete(`${secret}:current`);
  }

  get requestCount(): number {
    return this.calls.reduce((n, c) => n + c.length, 0);
  }

  fetch(requests: readonly FetchRequest[], signal: AbortSignal): Promise<readonly FetchResult[]> {
    this.calls.push([...requests]);
    const fault = this.faults.shift();
    if (fault === 'hang') {
      return new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
      );
    }
    if (fault)
      return Promise.reject(
        new SecretsError(fault, `scripted store failed: ${fault}`, { provider: this.name }),
      );
    return Promise.resolve(requests.map((r) => this.answer(r)));
  }

  watch(onChange: (names: readonly string[]) => void): () => void {
    this.watcher = onChange;
    return () => {
      this.watcher = undefined;
    };
  }

  /** Simulates a push notification (mounted files). */
  notify(names: readonly string[]): void {
    this.watcher?.(names);
  }

  private answer(request: FetchRequest): FetchResult {
    const name = request.secret.name;
    const code = this.secretErrors.get(name) ?? this.stageErrors.get(request.stage);
    if (code)
      return {
        ok: false,
        error: new SecretsError(code, `scripted ${code}`, { secret: name, provider: this.name }),
      };
    const version = this.versions.get(`${name}:${request.stage}`);
    if (!version) {
      return {
        ok: false,
        error: new SecretsError('NOT_FOUND', `scripted: no ${request.stage} version`, { secret: name }),
      };
    }
    return { ok: true, version };
  }
}
