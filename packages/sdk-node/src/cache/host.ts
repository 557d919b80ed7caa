import type { PlacementDescriptor, SecretDescriptor } from '@locksmith/schema';
import type { RuntimeMetrics } from '../telemetry/metrics.js';
import type { Clock, FetchResult, Logger, VersionStage } from '../types.js';
import type { Scheduler } from './scheduler.js';

/** What a SecretHolder needs from its client: time, batching, telemetry and the masker's dirty flag. */
export interface HolderHost {
  readonly clock: Clock;
  /** The client's single timer, shared by every holder's refresh and expiry. */
  readonly scheduler: Scheduler;
  readonly random: () => number;
  readonly logger: Logger | undefined;
  readonly metrics: RuntimeMetrics;
  readonly timeoutMs: number;
  readonly maxStalenessMs: number;
  readonly closed: boolean;
  /** Queues a current-stage fetch; fetches queued in the same tick share batches. */
  enqueue(target: FetchTarget): Promise<FetchResult>;
  /** Fetches another stage of one secret (rotation). */
  fetchStage(target: FetchTarget, stage: VersionStage, signal: AbortSignal): Promise<FetchResult>;
  /** A value appeared, changed or was dropped. */
  valuesChanged(): void;
}

/** The identity of one secret's cache cell, as the client sees it. */
export interface FetchTarget {
  readonly name: string;
  readonly secret: SecretDescriptor;
  readonly placement: PlacementDescriptor;
}
