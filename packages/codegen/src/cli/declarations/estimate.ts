import type { CommandSpec } from '../spec.js';
import { CATALOG, ENV, HELP, JSON_OUTPUT } from './common.js';

/** AWS Secrets Manager list prices, the defaults of the price flags. */
const LIST_PRICE = {
  /** USD per secret per month. */
  secretMonth: '0.4',
  /** USD per 10,000 API calls. */
  per10kCalls: '0.05',
} as const;

export const ESTIMATE = {
  name: 'estimate',
  runs: 'operations',
  summary:
    'Store requests per second and per month and monthly cost per environment, against the store quotas.',
  usage: 'locksmith estimate --replicas N [--ttl 5m] [--env ENV] [--catalog FILE] [--json]',
  options: [
    CATALOG,
    {
      name: 'replicas',
      type: 'string',
      valueName: 'N',
      description: 'Replicas of every service.',
      required: true,
    },
    {
      name: 'ttl',
      type: 'string',
      valueName: 'DURATION',
      description: "Cache TTL of secrets without their own cacheTtl (the runtime's default).",
      default: '5m',
    },
    {
      name: ENV.name,
      type: ENV.type,
      valueName: ENV.valueName,
      description: 'Only this environment (default: all).',
    },
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
      default: LIST_PRICE.secretMonth,
    },
    {
      name: 'price-10k-calls',
      type: 'string',
      valueName: 'USD',
      description: 'AWS price per 10,000 API calls.',
      default: LIST_PRICE.per10kCalls,
    },
    JSON_OUTPUT,
    HELP,
  ],
} as const satisfies CommandSpec;
