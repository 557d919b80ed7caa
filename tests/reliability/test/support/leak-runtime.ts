import { inspect } from 'node:util';
import { describeService } from '@locksmith/schema';
import {
  createAwsProvider,
  createSecretClient,
  createVaultProvider,
  guardResponse,
  installLeakGuard,
  isSecretsError,
  type Logger,
  type SecretClient,
  type SecretClientOptions,
} from '@locksmith/sdk-node';
import {
  FAULT_KINDS,
  type FakeSecretsManager,
  type FakeVault,
  seedFakes,
  type TestSecretValue,
} from '@locksmith/testkit';
import { metrics } from '@opentelemetry/api';
import type { CanaryFixture } from './canary-fixture.js';
import type { LeakScanner } from './leak-scanner.js';
import { memoryMeterProvider } from './memory-meter.js';

type Values = Record<string, unknown>;

/** Everything an error can show: message, stack, cause chain, inspect (hidden fields too) and JSON. */
export function captureError(scanner: LeakScanner, source: string, error: unknown): string | undefined {
  scanner.add(`${source} inspect`, inspect(error, { depth: 10, showHidden: true }));
  scanner.add(`${source} json`, JSON.stringify(error));
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++)
    scanner.add(`${source} cause[${depth}]`, `${e.name}: ${e.message}\n${e.stack ?? ''}`);
  if (error instanceof AggregateError)
    for (const inner of error.errors) captureError(scanner, `${source} inner`, inner);
  return isSecretsError(error) ? error.code : undefined;
}

/** Runs `call`, records its error (if any) and returns the code (or 'value'). */
async function attempt(scanner: LeakScanner, source: string, call: () => unknown): Promise<string> {
  try {
    await call();
    return 'value';
  } catch (error) {
    return captureError(scanner, source, error) ?? (error as Error).name;
  }
}

/** A pino-shaped logger whose every line goes to the scanner. */
export function scannedLogger(scanner: LeakScanner): Logger {
  const at = (level: string) => (obj: object, msg?: string) =>
    scanner.add(`log ${level}`, JSON.stringify({ ...obj, msg }));
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * The runtime tour: preload, health, inspect/JSON of client and handles, mask, the leak guard,
 * every fault kind on both stores, invalid values that embed canaries, and every runtime state
 * error. Returns the error codes it saw, so the test can check that each path was taken.
 */
export async function runRuntimeTour(
  fixture: CanaryFixture,
  scanner: LeakScanner,
  fakes: { aws: FakeSecretsManager; vault: FakeVault },
  invalidValues: Readonly<Record<string, TestSecretValue>>,
): Promise<Set<string>> {
  const codes = new Set<string>();
  const meter = memoryMeterProvider();
  metrics.setGlobalMeterProvider(meter);
  const descriptor = describeService(fixture.catalog, 'api');
  const open: SecretClient<Values>[] = [];
  const client = (options: SecretClientOptions = {}): SecretClient<Values> => {
    const c = createSecretClient<Values>(descriptor, {
      environment: fixture.environment,
      providers: {
        aws: createAwsProvider({
          endpoint: fakes.aws.endpoint,
          region: fakes.aws.region,
          credentials: fakes.aws.credentials,
          requestTimeoutMs: 300,
        }),
        vault: createVaultProvider({
          endpoint: fakes.vault.endpoint,
          auth: { method: 'token', token: fakes.vault.rootToken },
          requestTimeoutMs: 300,
        }),
      },
      logger: scannedLogger(scanner),
      retry: { attempts: 2, baseMs: 1, capMs: 2 },
      ...options,
    });
    open.push(c);
    return c;
  };
  const record = (code: string) => codes.add(code);

  try {
    seedFakes(fakes, fixture.catalog, fixture.environment, fixture.values);
    // A breaker that never opens, so each fault below reaches the store and maps to its own code.
    const main = client({ breaker: { failureThreshold: 1_000_000 } });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the runtime loads the OTel API lazily
    await main.preload();
    const names = Object.keys(descriptor.secrets);
    for (const name of names) await main.get(name);
    const dump = () => {
      scanner.add('health', JSON.stringify(main.health()));
      scanner.add('inspect client', inspect(main, { depth: 10, showHidden: true }));
      scanner.add('json client', JSON.stringify(main));
      for (const name of names) {
        const handle = main.secret(name);
        scanner.add(`inspect handle ${name}`, inspect(handle, { depth: 10, showHidden: true }));
        scanner.add(`json handle ${name}`, JSON.stringify(handle));
        scanner.add(`string handle ${name}`, String(handle));
      }
    };
    dump();

    // mask() must remove each form it documents.
    // Only values this client loaded can be masked; the api service does not read every secret.
    const loaded = fixture.canaries.filter((c) => c.secret in descriptor.secrets);
    const forms = loaded.flatMap((c) => {
      const b = Buffer.from(c.value);
      return [
        c.value,
        b.toString('base64'),
        b.toString('base64url'),
        b.toString('hex'),
        encodeURIComponent(c.value),
      ];
    });
    scanner.add('mask', main.mask(`user data: ${forms.join(' | ')}`));

    // Leak guard: console output is masked, a response body holding a value is refused.
    const printed: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => printed.push(args.map(String).join(' '));
    const uninstall = installLeakGuard(main);
    for (const c of loaded) console.log(`debug value=${c.value}`);
    uninstall();
    console.log = original;
    scanner.add('console under leak guard', printed.join('\n'));
    record(
      await attempt(scanner, 'guardResponse', () =>
        guardResponse(main, `{"leak":"${fixture.canaries[0]?.value}"}`),
      ),
    );

    // Every fault kind on each store, as a failed refresh (stale serve) of a warm secret.
    for (const [fake, secret] of [
      [fakes.aws, 'database'],
      [fakes.vault, 'jwt-signing-key'],
    ] as const) {
      for (const kind of FAULT_KINDS) {
        fake.faults.inject({ error: kind, times: Number.POSITIVE_INFINITY });
        record(
          await attempt(scanner, `refresh ${secret} under ${kind}`, () => main.secret(secret).refresh()),
        );
        fake.faults.clear();
        await main.get(secret);
      }
    }

    // Values that fail their schema while carrying canaries (the bad value itself is a canary too).
    for (const secret of Object.keys(invalidValues)) {
      seedFakes(fakes, fixture.catalog, fixture.environment, {
        [secret]: invalidValues[secret] as TestSecretValue,
      });
      record(await attempt(scanner, `refresh invalid ${secret}`, () => main.secret(secret).refresh()));
    }
    record(await attempt(scanner, 'preload with invalid values', () => client().preload()));
    dump();

    // Runtime states.
    const cold = client();
    record(await attempt(scanner, 'current() while cold', () => cold.secret('redis').current()));
    record(await attempt(scanner, 'aborted get', () => cold.get('redis', { signal: AbortSignal.abort() })));
    fakes.aws.faults.inject({ error: 'hang', times: Number.POSITIVE_INFINITY });
    record(await attempt(scanner, 'call timeout', () => cold.get('redis', { timeoutMs: 5 })));
    fakes.aws.faults.clear();
    const fragile = client({ breaker: { failureThreshold: 1, cooldownMs: 60_000 }, retry: { attempts: 1 } });
    fakes.aws.faults.inject({ error: '500', times: Number.POSITIVE_INFINITY });
    await attempt(scanner, 'open the breaker', () => fragile.get('redis'));
    record(await attempt(scanner, 'circuit open', () => fragile.get('session-key')));
    fakes.aws.faults.clear();
    await cold.close();
    record(await attempt(scanner, 'closed client', () => cold.get('redis')));
    record(
      await attempt(scanner, 'unknown environment', () =>
        createSecretClient<Values>(descriptor, { environment: 'nope' }).get('redis'),
      ),
    );

    meter.collect();
    scanner.add('metrics', JSON.stringify(meter.points));
    if (meter.points.length === 0) throw new Error('no metric was recorded: the meter capture is not wired');
  } finally {
    for (const c of open) await c.close();
    metrics.disable();
  }
  return codes;
}
