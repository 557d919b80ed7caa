import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import type { Catalog } from '@locksmith/schema';
import { parse as parseDotenv } from 'dotenv';
import { parseAllDocuments } from 'yaml';
import { goVet } from './compile/go.js';
import { mypyStrict } from './compile/python.js';
import { cargoCheck } from './compile/rust.js';
import type { AccessorCompiler } from './compile/toolchain.js';
import { typeCheck } from './compile-virtual.js';
import { loadCrdValidators } from './crd-validator.js';
import { concreteArn, isAllowed } from './simulate.js';

/** Every regular file under `dir`, by posix path relative to it. */
export async function filesUnder(dir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    found.set(relative(dir, full).split(sep).join('/'), await readFile(full, 'utf8'));
  }
  return found;
}

/**
 * Checks one generated tree the way its consumers read it; returns every problem as text. The
 * typed accessors in other languages are compiled for the whole corpus at once, by
 * {@link LANGUAGE_CHECKS}.
 */
export async function inspectOutput(catalog: Catalog, files: ReadonlyMap<string, string>): Promise<string[]> {
  const problems: string[] = [];
  const validators = loadCrdValidators();
  const ts: Record<string, string> = {};
  for (const [path, contents] of files) {
    try {
      if (path.endsWith('.yaml')) {
        for (const doc of parseAllDocuments(contents)) {
          if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message);
          const value = doc.toJS() as { apiVersion?: string; kind?: string } | null;
          if (value?.apiVersion?.startsWith('external-secrets.io/')) {
            const validate = validators.get(`${value.apiVersion}/${value.kind}`);
            if (!validate?.(value))
              problems.push(`${path}: ${value.kind} fails the ESO CRD: ${JSON.stringify(validate?.errors)}`);
          }
        }
      } else if (path.endsWith('.json')) {
        JSON.parse(contents);
      } else if (path.endsWith('.hcl')) {
        await parseHcl(path, contents);
      } else if (path.endsWith('.env.example')) {
        for (const [key, value] of Object.entries(parseDotenv(contents))) {
          if (!/^<[^<>\n]+>$/.test(value))
            problems.push(`${path}: ${key} is assigned ${JSON.stringify(value)}`);
        }
      } else if (path.endsWith('.ts')) {
        ts[path] = contents;
      }
    } catch (error) {
      problems.push(`${path}: does not parse: ${(error as Error).message}`);
    }
  }
  if (Object.keys(ts).length > 0) problems.push(...typeCheck(ts));
  problems.push(...(await iamExactness(catalog, files)));
  return problems;
}

/**
 * The accessors of the other languages, compiled for real against their SDKs, one build for a
 * whole corpus: `go vet` (packages/sdk-go), Python import and `mypy --strict`
 * (packages/sdk-python), `cargo check` (packages/sdk-rust).
 */
export const LANGUAGE_CHECKS: readonly AccessorCompiler[] = [goVet, mypyStrict, cargoCheck];

/** Every IAM policy file grants GetSecretValue on exactly the AWS placements its service reads there. */
async function iamExactness(catalog: Catalog, files: ReadonlyMap<string, string>): Promise<string[]> {
  const aws = catalog.providers.aws;
  if (!aws) return [];
  const problems: string[] = [];
  for (const [path, contents] of files) {
    const match = /^iam\/([^/]+)\/(.+)\.json$/.exec(path);
    if (!match) continue;
    const [, env, service] = match;
    const { PolicyDocument } = JSON.parse(contents) as { PolicyDocument: object };
    for (const secret of catalog.secrets) {
      for (const placement of secret.placements.filter((p) => p.provider === 'aws')) {
        const expected = placement.environment === env && placement.readers.includes(service!);
        const allowed = await isAllowed(PolicyDocument, {
          action: 'secretsmanager:GetSecretValue',
          resource: concreteArn(aws.region, aws.accountId, placement.path),
          accountId: aws.accountId,
        });
        if (allowed !== expected) problems.push(`${path}: GetSecretValue on ${placement.path} is ${allowed}`);
      }
    }
  }
  return problems;
}
