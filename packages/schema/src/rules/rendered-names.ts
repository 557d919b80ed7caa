import { fillTemplate } from '../descriptor.js';
import type { Catalog, ProviderName, Service } from '../model.js';
import { iamPolicyNameProblem, lambdaArnProblem, parseRoleArn } from '../names/aws.js';
import { dnsLabelProblem, dnsSubdomainProblem } from '../names/kubernetes.js';
import { vaultPolicyNameProblem, vaultRoleNameProblem } from '../names/vault.js';
import { templateValues } from '../queries.js';
import { pointerOf } from '../source/pointer.js';
import { hasOnlyKnownPlaceholders, type TemplateKind } from '../templates.js';
import type { Rule, RuleContext, RuleProblem } from './context.js';

/** Where one (service, environment) pair is checked, and the values its templates see. */
interface Pair {
  readonly service: Service;
  readonly env: string;
  readonly values: Readonly<Record<string, string>>;
}

/** One kind of name a template renders, the pairs it is rendered for and what makes it invalid. */
interface NameSpec {
  readonly what: string;
  readonly template: string;
  readonly kind: TemplateKind;
  /** Pointer of the template when the catalog wrote it; `undefined` for a default. */
  readonly written: string | undefined;
  readonly applies: (pair: Pair) => boolean;
  readonly problem: (name: string) => string | undefined;
  /** Names that must differ between pairs share a key space; `undefined` skips the check. */
  readonly uniqueKey?: (name: string, pair: Pair) => string;
  readonly hint: string;
}

/**
 * Templates are checked for what they produce, not only for their placeholders: every namespace,
 * store, IAM role, IAM policy, Vault role and Vault policy name is rendered for every service and
 * environment that gets one, must be valid where it is used, and must not be shared by two of
 * them (a shared role or policy would let one service read another's secrets).
 */
export const checkRenderedNames: Rule = (context) => {
  const { catalog } = context;
  const collector = new Collector(context);
  const pairs = allPairs(catalog);
  for (const spec of specs(context)) {
    if (!hasOnlyKnownPlaceholders(spec.template, spec.kind)) continue;
    const sharers = new Map<string, { name: string; pairs: Pair[] }>();
    for (const pair of pairs) {
      if (!spec.applies(pair)) continue;
      const name = fillTemplate(spec.template, pair.values);
      const problem = spec.problem(name);
      if (problem) {
        const at = spec.written ?? pointerOf('services', pair.service.name);
        collector.add(
          at,
          spec.written === undefined,
          'invalid-name',
          `${spec.what} "${name}" ${problem}`,
          pair,
          spec.hint,
        );
        continue;
      }
      const key = spec.uniqueKey?.(name, pair);
      if (key === undefined) continue;
      const entry = sharers.get(key) ?? { name, pairs: [] };
      entry.pairs.push(pair);
      sharers.set(key, entry);
    }
    for (const { name, pairs: sharing } of sharers.values()) {
      if (sharing.length < 2) continue;
      const at = spec.written ?? pointerOf('services', sharing[1]!.service.name);
      collector.add(
        at,
        spec.written === undefined,
        'duplicate-name',
        `${spec.what} "${name}" would be shared by ${sharing.length} services or environments, so each could use the others' access`,
        undefined,
        spec.written
          ? 'Each service and environment needs its own: include {service} and {env} in the template.'
          : spec.hint,
        sharing.map(label),
      );
    }
  }
  checkLambdas(context, collector);
  checkTargets(catalog, collector);
  collector.flush();
};

function specs({ raw, catalog }: RuleContext): NameSpec[] {
  const { aws, vault } = catalog.providers;
  const k8s = catalog.kubernetes;
  const written = (value: unknown, ...at: string[]) => (value === undefined ? undefined : pointerOf(...at));
  // Which providers each service reads in each environment, indexed once: catalogs hold
  // thousands of secrets and every spec asks this of every (service, environment) pair.
  const providersRead = new Map<string, Set<ProviderName>>();
  for (const secret of catalog.secrets) {
    for (const placement of secret.placements) {
      for (const reader of placement.readers) {
        const key = `${placement.environment}\0${reader}`;
        const set = providersRead.get(key) ?? new Set<ProviderName>();
        set.add(placement.provider);
        providersRead.set(key, set);
      }
    }
  }
  const reads = (pair: Pair, provider: ProviderName) =>
    providersRead.get(`${pair.env}\0${pair.service.name}`)?.has(provider) === true;
  const deployed = (pair: Pair) => catalog.environments.find((e) => e.name === pair.env)?.source !== 'env';
  const namespaceOf = (pair: Pair) => fillTemplate(k8s.namespaceTemplate, pair.values);
  const shorten = 'Shorten the project, environment or service name, or set the template explicitly.';
  const list: NameSpec[] = [
    {
      what: 'namespace',
      template: k8s.namespaceTemplate,
      kind: 'namespace',
      written: written(raw.kubernetes?.namespace, 'kubernetes', 'namespace'),
      applies: deployed,
      problem: dnsLabelProblem,
      hint: 'Namespaces are lower-case letters, digits and hyphens, at most 63 characters.',
    },
  ];
  for (const provider of ['aws', 'vault'] as const) {
    if (!catalog.providers[provider]) continue;
    const store = k8s.stores[provider];
    list.push({
      what: `${provider} store name`,
      template: store.nameTemplate,
      kind: 'store',
      written: written(raw.kubernetes?.stores?.[provider]?.name, 'kubernetes', 'stores', provider, 'name'),
      applies: (pair) => pair.service.externalSecrets && deployed(pair) && reads(pair, provider),
      problem: dnsSubdomainProblem,
      // Cluster-scoped stores must differ across environments too: nothing stops two
      // environments from sharing a cluster. Namespaced ones only within one environment.
      uniqueKey: (name, pair) =>
        store.kind === 'ClusterSecretStore' ? `cluster/${name}` : `${pair.env}/${namespaceOf(pair)}/${name}`,
      hint: shorten,
    });
  }
  if (aws) {
    list.push({
      what: 'IAM role ARN',
      template: k8s.iamRoleArnTemplate,
      kind: 'iamRoleArn',
      written: written(raw.kubernetes?.iamRoleArn, 'kubernetes', 'iamRoleArn'),
      applies: (pair) => deployed(pair) && reads(pair, 'aws'),
      problem: (arn) => {
        const parsed = parseRoleArn(arn);
        if (!parsed.ok) return parsed.problem;
        if (parsed.role.accountId !== aws.accountId || parsed.role.partition !== aws.partition) {
          return `is not in the secrets' account (arn:${aws.partition}:iam::${aws.accountId}:role/…)`;
        }
        return undefined;
      },
      uniqueKey: (arn) => (parseRoleArn(arn) as { role: { name: string } }).role.name.toLowerCase(),
      hint: `${shorten} IAM role names have at most 64 characters.`,
    });
    list.push({
      what: 'IAM policy name',
      template: '{project}-{env}-{service}-secrets',
      kind: 'iamRoleArn',
      written: undefined,
      applies: (pair) => deployed(pair) && reads(pair, 'aws'),
      problem: iamPolicyNameProblem,
      hint: 'Shorten the project, environment or service name: IAM policy names have at most 128 characters.',
    });
  }
  if (vault) {
    list.push(
      {
        what: 'Vault role',
        template: vault.auth.roleTemplate,
        kind: 'vaultRole',
        written: written(raw.providers.vault?.auth?.role, 'providers', 'vault', 'auth', 'role'),
        applies: (pair) => reads(pair, 'vault'),
        problem: vaultRoleNameProblem,
        uniqueKey: (name) => name,
        hint: shorten,
      },
      {
        what: 'Vault policy',
        template: vault.auth.policyTemplate,
        kind: 'vaultPolicy',
        written: written(raw.providers.vault?.auth?.policy, 'providers', 'vault', 'auth', 'policy'),
        applies: (pair) => reads(pair, 'vault'),
        problem: vaultPolicyNameProblem,
        uniqueKey: (name) => name.toLowerCase(),
        hint: shorten,
      },
    );
  }
  return list;
}

/** Every (service, environment) pair, with the values its templates see. */
function allPairs(catalog: Catalog): Pair[] {
  return catalog.services.flatMap((service) =>
    service.environments.map((env) => ({ service, env, values: templateValues(catalog, env, service.name) })),
  );
}

/** The rotation Lambda is rendered per secret and environment. */
function checkLambdas({ catalog }: RuleContext, collector: Collector): void {
  const template = catalog.providers.aws?.rotationLambdaArn;
  if (template === undefined || !hasOnlyKnownPlaceholders(template, 'rotationLambda')) return;
  const at = pointerOf('providers', 'aws', 'rotationLambdaArn');
  for (const secret of catalog.secrets) {
    if (secret.rotation.strategy !== 'managed') continue;
    for (const placement of secret.placements) {
      if (placement.provider !== 'aws') continue;
      const arn = fillTemplate(template, {
        project: catalog.project,
        env: placement.environment,
        secret: secret.name,
      });
      const problem = lambdaArnProblem(arn);
      if (problem) {
        collector.add(
          at,
          false,
          'invalid-name',
          `rotation Lambda ${problem}`,
          undefined,
          'Fix the ARN template.',
          [`"${arn}" for secret "${secret.name}" in ${placement.environment}`],
        );
      }
    }
  }
}

/**
 * Each ExternalSecret and the Kubernetes Secret it writes are named `<service>-<secret>`: service
 * `a-b` reading `c` and service `a` reading `b-c` would share one Secret in one namespace.
 */
function checkTargets(catalog: Catalog, collector: Collector): void {
  const deployed = new Set(catalog.environments.filter((e) => e.source !== 'env').map((e) => e.name));
  const services = new Map(catalog.services.map((s) => [s.name, s]));
  const owners = new Map<string, string>();
  // One namespace per environment and service, however many secrets the service reads there.
  const namespaces = new Map<string, string>();
  const namespaceOf = (env: string, service: string): string => {
    const key = `${env}\0${service}`;
    let namespace = namespaces.get(key);
    if (namespace === undefined) {
      namespace = fillTemplate(catalog.kubernetes.namespaceTemplate, {
        project: catalog.project,
        env,
        service,
      });
      namespaces.set(key, namespace);
    }
    return namespace;
  };
  for (const secret of catalog.secrets) {
    for (const placement of secret.placements) {
      if (!deployed.has(placement.environment)) continue;
      for (const reader of placement.readers) {
        const service = services.get(reader);
        if (!service?.externalSecrets) continue;
        const namespace = namespaceOf(placement.environment, service.name);
        const name = `${service.name}-${secret.name}`;
        const key = `${placement.environment}\0${namespace}/${name}`;
        const other = owners.get(key);
        const label = `service "${service.name}" reading "${secret.name}"`;
        // The same pair twice is an environment listed twice, reported where it is declared.
        if (other === undefined || other === label) {
          owners.set(key, label);
          continue;
        }
        collector.add(
          pointerOf('secrets', secret.name),
          true,
          'duplicate-name',
          `the Kubernetes Secret "${name}" in namespace "${namespace}" would be written for both ${other} and service "${service.name}" reading "${secret.name}"`,
          undefined,
          'Rename one of the services or secrets so <service>-<secret> differs.',
          [placement.environment],
        );
      }
    }
  }
}

function label(pair: Pair): string {
  return `service "${pair.service.name}" in ${pair.env}`;
}

/** Groups identical problems (one template, many services) into one issue naming where it occurs. */
class Collector {
  readonly #context: RuleContext;
  readonly #found = new Map<string, { problem: RuleProblem; where: string[] }>();

  constructor(context: RuleContext) {
    this.#context = context;
  }

  add(
    pointer: string,
    atKey: boolean,
    code: RuleProblem['code'],
    message: string,
    pair: Pair | undefined,
    hint: string,
    where: readonly string[] = [],
  ): void {
    const key = `${pointer}\0${message}`;
    const entry = this.#found.get(key) ?? { problem: { code, pointer, atKey, message, hint }, where: [] };
    if (pair) entry.where.push(label(pair));
    entry.where.push(...where);
    this.#found.set(key, entry);
  }

  flush(): void {
    for (const { problem, where } of this.#found.values()) {
      const shown = where.slice(0, 3).join(', ');
      const more = where.length > 3 ? ` and ${where.length - 3} more` : '';
      const suffix = where.length > 0 ? ` (${shown}${more})` : '';
      this.#context.report({ ...problem, message: `${problem.message}${suffix}` });
    }
  }
}
