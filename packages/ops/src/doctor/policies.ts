import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog } from '@locksmith/schema';
import type { GeneratorHooks } from '../context.js';
import type { SecretStore } from '../store/types.js';
import { parseVaultPolicy, policyDifferences } from './vault-policy.js';

/** How one reader policy compares with what codegen would emit now. */
export interface PolicyCheck {
  readonly provider: 'aws' | 'vault';
  /** The generated file, relative to the generated directory. */
  readonly file: string;
  /** Vault only: the ACL policy name. */
  readonly policy?: string;
  readonly status: 'ok' | 'differs' | 'missing' | 'skipped';
  readonly note?: string;
}

/**
 * AWS: the IAM policy files under `<generated>/iam/<env>/` against the IAM emitter's output now
 * (a stale or hand-edited file is what Terraform would apply). Vault: the policy text the emitter
 * produces against `sys/policy/<name>` in the live Vault, both parsed: what each grants is compared,
 * not how it is written (one-line blocks, order, comments and HCL or JSON are not drift).
 */
export async function checkPolicies(
  generator: GeneratorHooks,
  catalog: Catalog,
  environment: string,
  generatedDir: string,
  vault: SecretStore | undefined,
): Promise<PolicyCheck[]> {
  const checks: PolicyCheck[] = [];
  const prefixIam = `iam/${environment}/`;
  for (const file of (await generator.iamPolicies(catalog)).filter((f) => f.path.startsWith(prefixIam))) {
    const onDisk = await readFile(join(generatedDir, file.path), 'utf8').catch(() => undefined);
    checks.push({
      provider: 'aws',
      file: file.path,
      status: onDisk === undefined ? 'missing' : onDisk === file.contents ? 'ok' : 'differs',
      ...(onDisk === undefined ? { note: 'not in the generated directory: run `locksmith gen`' } : {}),
      ...(onDisk !== undefined && onDisk !== file.contents
        ? { note: 'stale: run `locksmith gen` and apply' }
        : {}),
    });
  }
  const prefixVault = `vault/${environment}/`;
  for (const file of (await generator.vaultPolicies(catalog)).filter(
    (f) => f.path.startsWith(prefixVault) && f.path.endsWith('.hcl'),
  )) {
    const name = /# Vault policy "([^"]+)"/.exec(file.contents)?.[1];
    if (!name) continue;
    if (!vault?.policy) {
      checks.push({
        provider: 'vault',
        file: file.path,
        policy: name,
        status: 'skipped',
        note: 'Vault not configured',
      });
      continue;
    }
    const live = await vault.policy(name);
    if (live.kind === 'denied') {
      checks.push({
        provider: 'vault',
        file: file.path,
        policy: name,
        status: 'skipped',
        note: 'sys/policy is not readable with this token',
      });
    } else if (live.kind === 'missing') {
      checks.push({
        provider: 'vault',
        file: file.path,
        policy: name,
        status: 'missing',
        note: 'not in Vault',
      });
    } else {
      const note = await liveDifference(file.contents, live.text);
      checks.push({
        provider: 'vault',
        file: file.path,
        policy: name,
        status: note === undefined ? 'ok' : 'differs',
        ...(note === undefined ? {} : { note }),
      });
    }
  }
  return checks;
}

/** Why the live policy grants something other than the generated one, or undefined when it grants the same. */
async function liveDifference(generated: string, liveText: string): Promise<string | undefined> {
  const wanted = await parseVaultPolicy(generated);
  let live: Awaited<ReturnType<typeof parseVaultPolicy>>;
  try {
    live = await parseVaultPolicy(liveText);
  } catch {
    return 'the live policy is not a policy Vault would parse (neither HCL nor JSON)';
  }
  const differences = policyDifferences(wanted, live);
  if (differences.length === 0) return undefined;
  const shown = differences.slice(0, 5).join(', ');
  const more = differences.length > 5 ? ` and ${differences.length - 5} more` : '';
  return `the live policy differs from the catalog (+ only live, - only generated, ~ other capabilities): ${shown}${more}`;
}
