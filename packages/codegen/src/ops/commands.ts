import { CATALOG_OPTION as catalog, HELP_OPTION as help } from '../cli/common-options.js';
import type { CommandSpec, OptionSpec } from '../cli/options.js';
import { PRICES } from './estimate/prices.js';

const json: OptionSpec = {
  name: 'json',
  type: 'boolean',
  description: 'Print machine-readable results.',
  default: false,
};
const env: OptionSpec = {
  name: 'env',
  type: 'string',
  valueName: 'ENV',
  description: 'The environment to work on.',
};
const awsEndpoint: OptionSpec = {
  name: 'aws-endpoint',
  type: 'string',
  valueName: 'URL',
  description: 'Secrets Manager endpoint override (credentials and region come from the AWS SDK chain).',
};
const vaultAddr: OptionSpec = {
  name: 'vault-addr',
  type: 'string',
  valueName: 'URL',
  description: 'Vault address (default: VAULT_ADDR); the token comes from VAULT_TOKEN.',
};

/** The operations commands (docs/operations.md), declared as data like the generation commands. */
export const OPS_COMMAND_SPECS: readonly CommandSpec[] = [
  {
    name: 'doctor',
    summary:
      "Check an environment's secrets in the live stores: existence, schema, rotation, reader policies.",
    usage:
      'locksmith doctor --env ENV [--catalog FILE] [--generated DIR] [--aws-endpoint URL] [--vault-addr URL] [--json]',
    options: [
      catalog,
      env,
      {
        name: 'generated',
        type: 'string',
        valueName: 'DIR',
        description:
          'Generated directory whose IAM policies are compared (default: generated/ next to the catalog).',
      },
      awsEndpoint,
      vaultAddr,
      json,
      help,
    ],
  },
  {
    name: 'audit',
    summary:
      'Rotation age of every secret against its interval, and secrets in the store the catalog does not know.',
    usage:
      'locksmith audit --env ENV [--catalog FILE] [--now ISO] [--aws-endpoint URL] [--vault-addr URL] [--json]',
    options: [
      catalog,
      env,
      {
        name: 'now',
        type: 'string',
        valueName: 'ISO',
        description: 'Evaluate ages at this time (default: now).',
      },
      awsEndpoint,
      vaultAddr,
      json,
      help,
    ],
  },
  {
    name: 'import',
    summary:
      'Write or extend a catalog from ExternalSecrets, a .env file, AWS ListSecrets or a Vault KV tree.',
    usage:
      'locksmith import --from external-secrets|dotenv|aws|vault (--out FILE | --into CATALOG) [FILE...|PATH] [--project NAME] [--env ENV]',
    options: [
      {
        name: 'from',
        type: 'string',
        valueName: 'KIND',
        description:
          'external-secrets (YAML files follow), dotenv (a file follows), aws (ListSecrets) or vault (a KV path follows).',
      },
      {
        name: 'out',
        type: 'string',
        valueName: 'FILE',
        description: 'New catalog file to write (never overwrites one).',
      },
      {
        name: 'into',
        type: 'string',
        valueName: 'CATALOG',
        description:
          'Existing catalog to extend: adds only the secrets, services and environments it lacks; keeps its text as it is.',
      },
      {
        name: 'project',
        type: 'string',
        valueName: 'NAME',
        description: 'Project name (default: guessed from the names found).',
      },
      {
        name: 'env',
        type: 'string',
        valueName: 'ENV',
        description: 'Environment for sources that name none (default: guessed, else dev).',
      },
      {
        name: 'region',
        type: 'string',
        valueName: 'REGION',
        description: 'AWS region for --from aws.',
        default: 'us-east-1',
      },
      {
        name: 'mount',
        type: 'string',
        valueName: 'MOUNT',
        description: 'KV v2 mount for --from vault.',
        default: 'secret',
      },
      awsEndpoint,
      vaultAddr,
      help,
    ],
  },
  {
    name: 'estimate',
    summary:
      'Store requests per second and per month and monthly cost per environment, against the store quotas.',
    usage: 'locksmith estimate --replicas N [--ttl 5m] [--env ENV] [--catalog FILE] [--json]',
    options: [
      catalog,
      { name: 'replicas', type: 'string', valueName: 'N', description: 'Replicas of every service.' },
      {
        name: 'ttl',
        type: 'string',
        valueName: 'DURATION',
        description: "Cache TTL of secrets without their own cacheTtl (the runtime's default).",
        default: '5m',
      },
      { ...env, description: 'Only this environment (default: all).' },
      {
        name: 'reads-per-second',
        type: 'string',
        valueName: 'R',
        description: 'Reads of each secret per replica per second when nothing caches.',
        default: '1',
      },
      {
        name: 'price-secret-month',
        type: 'string',
        valueName: 'USD',
        description: 'AWS price per secret per month.',
        default: String(PRICES.awsSecretMonth),
      },
      {
        name: 'price-10k-calls',
        type: 'string',
        valueName: 'USD',
        description: 'AWS price per 10,000 API calls.',
        default: String(PRICES.awsPer10kCalls),
      },
      json,
      help,
    ],
  },
  {
    name: 'seal',
    summary:
      "SealedSecret manifests for an environment, encrypted for the controller's certificate as kubeseal does.",
    usage:
      'locksmith seal --env ENV --cert CERT [--from store|aws|vault|dotenv [FILE]] [--out DIR] [--catalog FILE]',
    options: [
      catalog,
      env,
      {
        name: 'cert',
        type: 'string',
        valueName: 'CERT',
        description: "The sealed-secrets controller's PEM certificate (kubeseal --fetch-cert).",
      },
      {
        name: 'from',
        type: 'string',
        valueName: 'SOURCE',
        description:
          "Where values come from: store (each secret's own), aws, vault, or dotenv (a file follows).",
        default: 'store',
      },
      {
        name: 'out',
        type: 'string',
        valueName: 'DIR',
        description: 'Directory the manifests go to.',
        default: './sealed',
      },
      awsEndpoint,
      vaultAddr,
      help,
    ],
  },
  {
    name: 'copy',
    summary: "Copy an environment's values from one store to the other, idempotently, oldest version first.",
    usage: 'locksmith copy --from aws|vault --to aws|vault --env ENV [--dry-run] [--catalog FILE] [--json]',
    options: [
      catalog,
      { name: 'from', type: 'string', valueName: 'STORE', description: 'Source store: aws or vault.' },
      { name: 'to', type: 'string', valueName: 'STORE', description: 'Target store: aws or vault.' },
      env,
      {
        name: 'dry-run',
        type: 'boolean',
        description: 'Print what would be copied; write nothing.',
        default: false,
      },
      awsEndpoint,
      vaultAddr,
      json,
      help,
    ],
  },
  {
    name: 'graph',
    summary: 'Services, secrets and stores as a Mermaid, Graphviz or SVG graph, highlighting unread secrets.',
    usage: 'locksmith graph [--format mermaid|dot|svg] [--usage FILE] [--catalog FILE]',
    options: [
      catalog,
      {
        name: 'format',
        type: 'string',
        valueName: 'FORMAT',
        description: 'mermaid, dot or svg.',
        default: 'mermaid',
      },
      {
        name: 'usage',
        type: 'string',
        valueName: 'FILE',
        description:
          'JSON {service: [secret, ...]} of secrets each service actually uses; unused reads are highlighted.',
      },
      help,
    ],
  },
];
