import type { CommandSpec } from '../spec.js';
import { AWS_ENDPOINT, CATALOG, ENV, HELP, JSON_OUTPUT, VAULT_ADDR } from './common.js';

export const SEAL = {
  name: 'seal',
  runs: 'operations',
  summary:
    "SealedSecret manifests for an environment, encrypted for the controller's certificate as kubeseal does.",
  usage:
    'locksmith seal --env ENV --cert CERT [--from store|aws|vault|dotenv [FILE]] [--out DIR] [--catalog FILE] [--json]',
  positionals: { valueName: 'FILE', description: 'The .env file to read with --from dotenv.' },
  options: [
    CATALOG,
    ENV,
    {
      name: 'cert',
      type: 'string',
      valueName: 'CERT',
      description: "The sealed-secrets controller's PEM certificate (kubeseal --fetch-cert).",
      required: true,
    },
    {
      name: 'from',
      type: 'string',
      valueName: 'SOURCE',
      description:
        "Where values come from: store (each secret's own), aws, vault, or dotenv (a file follows).",
      default: 'store',
      choices: ['store', 'aws', 'vault', 'dotenv'],
    },
    {
      name: 'out',
      type: 'string',
      valueName: 'DIR',
      description: 'Directory the manifests go to.',
      default: './sealed',
    },
    AWS_ENDPOINT,
    VAULT_ADDR,
    JSON_OUTPUT,
    HELP,
  ],
} as const satisfies CommandSpec;
