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
  metricsReady,
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
import { encodings, type LeakScanner, randomCanaryText } from './leak-scanner.js';
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
    await metricsReady(); // the runtime loads the OTel API lazily
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

    // mask() must remove each form the scanner knows, alone and inside a larger base64 blob.
    // Only values this client loaded can be masked; the api service does not read every secret.
    const loaded = fixture.canaries.filter((c) => c.secret in descriptor.secrets);
    const forms = loaded.flatMap((c) => [
      ...Object.values(encodings(c.value)),
      Buffer.from(c.value).toString('base64'),
      `Basic ${Buffer.from(`user:${c.value}`).toString('base64')}`,
      `Basic ${Buffer.from(`ab:${c.value}`).toString('base64url')}`,
    ]);
    scanner.add('mask', main.mask(`user data: ${forms.join(' | ')}`));

    // Leak guard: what goes through a guarded stream is masked (a Node process's console is
    // covered the same way; sdk-node's leak-guard test runs that in a child process).
    const printed: string[] = [];
    const sink = {
      write(chunk: unknown): boolean {
        printed.push(String(chunk));
        return true;
      },
    };
    const uninstall = installLeakGuard(main, { streams: [sink] });
    for (const c of loaded)
      sink.write(`debug value=${c.value} b64=${Buffer.from(c.value).toString('base64')}\n`);
    uninstall();
    if (printed.length !== loaded.length || !printed.every((line) => line.includes('[REDACTED]')))
      throw new Error('the leak guard did not mask every line');
    scanner.add('stream under leak guard', printed.join(''));
    // guardResponse refuses a body holding any loaded value in any form, and passes a clean one.
    for (const c of loaded)
      for (const [form, encoded] of Object.entries(encodings(c.value))) {
        const code = await attempt(scanner, `guardResponse ${form}`, () =>
          guardResponse(main, `{"leak":"${encoded}"}`),
        );
        if (code !== 'SecretLeakError')
          throw new Error(`guardResponse let a body with a ${form} value through`);
        record(code);
      }
    if (guardResponse(main, '{"status":"ok"}') !== '{"status":"ok"}')
      throw new Error('guardResponse changed a clean body');

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
    // Values that fail decoding itself (before the schema): text that is not JSON for an object
    // secret, and a field that does not convert to its declared type. Each is random text, so an
    // error quoting even a few characters of it is found.
    const notJson = `${randomCanaryText(24)}{"url":`;
    scanner.watch({ secret: 'database', field: 'not-json', value: notJson, random: true });
    const databasePath = descriptor.secrets.database?.placements[fixture.environment]?.path;
    if (!databasePath) throw new Error('database has no placement');
    fakes.aws.store.set(databasePath, notJson);
    record(
      await attempt(scanner, 'refresh database with text that is not JSON', () =>
        main.secret('database').refresh(),
      ),
    );
    const badPort = randomCanaryText(16);
    scanner.watch({ secret: 'smtp', field: 'port', value: badPort, random: true });
    const worker = createSecretClient<Values>(describeService(fixture.catalog, 'worker'), {
      environment: fixture.environment,
      provider: 'env',
      processEnv: { ...fixture.env, SMTP_PORT: badPort },
      logger: scannedLogger(scanner),
    });
    open.push(worker);
    record(await attempt(scanner, 'smtp port that is not an integer', () => worker.get('smtp')));
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
