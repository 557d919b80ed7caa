import type { Catalog } from '@locksmith/schema';

/** Environment variables as the operations read them (the process's, or a test's). */
export type EnvVars = Readonly<Record<string, string | undefined>>;

/** Where an operation runs and writes: the CLI's io, structurally. */
export interface OperationIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** One file the generator produces: a posix path relative to the output directory and its bytes. */
export interface GeneratedFileLike {
  readonly path: string;
  readonly contents: string;
}

/**
 * What the operations need from the generator, handed in by the CLI (dependency injection) so that
 * this package never imports @locksmith/codegen: doctor compares live and on-disk policies with
 * what `locksmith gen` would write now, and seal names its Secrets like the ExternalSecrets do.
 */
export interface GeneratorHooks {
  /** The IAM policy files `gen` writes (`iam/<env>/<reader>.json`). */
  iamPolicies(catalog: Catalog): readonly GeneratedFileLike[] | Promise<readonly GeneratedFileLike[]>;
  /** The Vault files `gen` writes (`vault/<env>/<reader>.hcl` policies and roles). */
  vaultPolicies(catalog: Catalog): readonly GeneratedFileLike[] | Promise<readonly GeneratedFileLike[]>;
  /** Name of the Kubernetes Secret the ExternalSecret of (service, secret) creates. */
  kubernetesSecretName(service: string, secret: string): string;
}

/** Everything an operation runs with besides its parsed options. */
export interface OperationContext {
  readonly io: OperationIo;
  readonly env: EnvVars;
  /** stderr is an interactive terminal: long runs may draw a progress line. */
  readonly interactive: boolean;
  readonly generator: GeneratorHooks;
}
