import type { Attributes, MeterProvider } from '@opentelemetry/api';

/** One data point the runtime reported. */
export interface RecordedPoint {
  readonly instrument: string;
  readonly value: number;
  readonly attributes: Attributes | undefined;
}

type Callback = (result: {
  observe(instrument: unknown, value: number, attributes?: Attributes): void;
}) => void;

/**
 * An in-memory OpenTelemetry MeterProvider: records every counter add, histogram record and
 * observable callback (run on `collect()`), so a test can read the attributes the runtime sends.
 * The SDK is not a dependency of this repo; the API's provider interface is all the runtime uses.
 */
export function memoryMeterProvider(): MeterProvider & { points: RecordedPoint[]; collect(): void } {
  const points: RecordedPoint[] = [];
  const callbacks: Callback[] = [];
  const sync = (instrument: string) => ({
    add: (value: number, attributes?: Attributes) => points.push({ instrument, value, attributes }),
    record: (value: number, attributes?: Attributes) => points.push({ instrument, value, attributes }),
  });
  const observable = (instrument: string) => ({
    name: instrument,
    addCallback: (cb: (r: { observe(v: number, a?: Attributes): void }) => void) =>
      callbacks.push((result) => cb({ observe: (v, a) => result.observe({ name: instrument }, v, a) })),
    removeCallback: () => undefined,
  });
  const meter = {
    createCounter: sync,
    createUpDownCounter: sync,
    createHistogram: sync,
    createGauge: sync,
    createObservableCounter: observable,
    createObservableGauge: observable,
    createObservableUpDownCounter: observable,
    addBatchObservableCallback: (cb: Callback) => callbacks.push(cb),
    removeBatchObservableCallback: () => undefined,
  };
  return {
    points,
    getMeter: () => meter as unknown as ReturnType<MeterProvider['getMeter']>,
    collect() {
      for (const cb of callbacks)
        cb({
          observe: (instrument, value, attributes) =>
            points.push({ instrument: (instrument as { name?: string }).name ?? '?', value, attributes }),
        });
    },
  };
}
