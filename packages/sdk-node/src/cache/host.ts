import type { PlacementDescriptor, SecretDescriptor } from '@locksmith/schema';
import type { MaskSource } from '../redact/masker.js';
import type { RuntimeMetrics } from '../telemetry/metrics.js';
import type { Clock, FetchResult, Logger, VersionStage } from '../types.js';
import type { Scheduler } from './scheduler.js';

/** What a SecretHolder needs from its client: time, batching, telemetry and the masker. */
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
  /** A holder's refresh time came: the client refreshes it with every neighbour due soon. */
  refreshDue(target: FetchTarget): void;
  /** The values `source` holds appeared, changed or were dropped. */
  valuesChanged(source: MaskSource): void;
}

/** The identity of one secret's cache cell, as the client sees it. */
export interface FetchTarget {
  readonly name: string;
  readonly secret: SecretDescriptor;
  readonly placement: PlacementDescriptor;
}
