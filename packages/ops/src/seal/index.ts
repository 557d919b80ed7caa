import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { namespaceFor, readsIn, servicesIn } from '@locksmith/schema';
import type { OperationContext } from '../context.js';
import { placementsOrExit } from '../environment.js';
import { EXIT, usageError } from '../errors.js';
import { loadCatalogOrExit } from '../load.js';
import type { SealOptions } from '../options.js';
import { createProgress } from '../progress.js';
import { openStores } from '../store/open.js';
import { jsonText } from '../table.js';
import { hybridEncrypt, publicKeyFromCertificate, strictScopeLabel } from './kubeseal.js';
import { sealedSecretYaml } from './manifest.js';
import { dotenvSource, storeSource, type ValueSource } from './values.js';

/** The `--json` output of `locksmith seal`: what was written, and the `service/secret` pairs with no value. */
export interface SealReport {
  readonly environment: string;
  readonly from: string;
  readonly sealed: readonly {
    readonly namespace: string;
    readonly name: string;
    /** The env var names sealed, never their values. */
    readonly keys: readonly string[];
    readonly file: string;
  }[];
  readonly skipped: readonly string[];
  /** Services that read their store directly (`externalSecrets: false`): nothing is sealed for them. */
  readonly direct: readonly string[];
}

/**
 * `locksmith seal --env ENV --cert CERT`: one SealedSecret per (service, secret) the service
 * reads in that environment, named like the ExternalSecret target so either can replace the other,
 * in the service's namespace; services that read their store directly get none.
 * Prints file names only (`--json`: {@link SealReport}); exit 1 if a value was missing (the others
 * are still written).
 */
export async function sealCommand(options: SealOptions, ctx: OperationContext): Promise<number> {
  const { env: environment, from } = options;
  const certFile = resolve(ctx.io.cwd, options.cert);
  const catalog = await loadCatalogOrExit(ctx.io, options.catalog);
  placementsOrExit(catalog, environment, 'seal');
  const publicKey = await readCertificate(certFile);
  const outDir = resolve(ctx.io.cwd, options.out, environment);
  const stores = openStores(catalog, options, ctx.env, 'seal');
  const [dotenvFile] = options.positionals;
  try {
    const source: ValueSource =
      from === 'dotenv'
        ? await dotenvSource(dotenvFile === undefined ? undefined : resolve(ctx.io.cwd, dotenvFile))
        : storeSource(catalog, environment, stores, from === 'store' ? undefined : from);
    const missing: string[] = [];
    const sealed: SealReport['sealed'][number][] = [];
    await mkdir(outDir, { recursive: true });
    const services = servicesIn(catalog, environment);
    // A service that reads its store directly has no Kubernetes Secret (nor a Role to read one):
    // sealing its values would only put copies in the cluster that nothing reads.
    const direct = services.filter((s) => !s.externalSecrets).map((s) => s.name);
    const pairs = services
      .filter((s) => s.externalSecrets)
      .flatMap((service) =>
        readsIn(catalog, service, environment).map(({ secret }) => ({ service, secret })),
      );
    const progress = createProgress(ctx.interactive && !options.json, pairs.length, ctx.io.stderr);
    for (const { service, secret } of pairs) {
      progress.tick(`${service.name}/${secret.name}`);
      const values = await source(secret);
      if (!values) {
        missing.push(`${service.name}/${secret.name}`);
        continue;
      }
      const namespace = namespaceFor(catalog, environment, service.name);
      const name = ctx.generator.kubernetesSecretName(service.name, secret.name);
      const label = strictScopeLabel(namespace, name);
      const encrypted = new Map(
        [...values].map(([key, value]) => [
          key,
          hybridEncrypt(publicKey, Buffer.from(value, 'utf8'), label).toString('base64'),
        ]),
      );
      const labels = {
        'app.kubernetes.io/managed-by': 'locksmith',
        'locksmith.dev/service': service.name,
        'locksmith.dev/secret': secret.name,
      };
      const file = join(outDir, `${name}.yaml`);
      await writeFile(file, sealedSecretYaml(name, namespace, encrypted, labels));
      const keys = [...values.keys()];
      // The progress line is cleared first, so the report lines stay whole on a terminal.
      progress.done();
      if (!options.json) ctx.io.stdout(`sealed ${namespace}/${name} (${keys.join(', ')}) -> ${file}\n`);
      sealed.push({ namespace, name, keys, file });
    }
    if (options.json) {
      const report: SealReport = { environment, from, sealed, skipped: missing, direct };
      ctx.io.stdout(jsonText(report));
    } else {
      for (const name of direct)
        ctx.io.stdout(`seal: ${name} reads its store directly (externalSecrets: false): skipped\n`);
      for (const m of missing) ctx.io.stderr(`seal: no value for ${m} in ${from}: skipped\n`);
      ctx.io.stdout(`seal: ${sealed.length} SealedSecret(s) written, ${missing.length} skipped\n`);
    }
    progress.done();
    return missing.length > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    stores.close();
  }
}

async function readCertificate(file: string) {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch {
    throw usageError(`seal: cannot read the certificate ${file}.`);
  }
  try {
    return publicKeyFromCertificate(pem, new Date());
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw usageError(`seal: ${file} is not a usable sealed-secrets certificate: ${why}.`);
  }
}
