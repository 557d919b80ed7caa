/**
 * The parsed options each operation receives. The CLI (`locksmith`, in @locksmith/codegen) declares
 * the flags once, parses them, checks required flags and allowed values, applies defaults and
 * hands over these objects; an empty value of a flag without a default arrives as `undefined`.
 * A test in this package checks at compile time that the CLI's parsed types fit these.
 */

/** Flags that point the commands at the stores (credentials always come from the environment). */
interface StoreFlags {
  /** Secrets Manager endpoint override. */
  readonly awsEndpoint?: string | undefined;
  /** Vault address (else VAULT_ADDR). */
  readonly vaultAddr?: string | undefined;
}

/** `locksmith doctor`. */
export interface DoctorOptions extends StoreFlags {
  readonly catalog: string;
  readonly env: string;
  /** Directory holding the generated IAM policies (default: `generated/` next to the catalog). */
  readonly generated?: string | undefined;
  readonly json: boolean;
}

/** `locksmith audit`. */
export interface AuditOptions extends StoreFlags {
  readonly catalog: string;
  readonly env: string;
  /** ISO time to evaluate ages at (default: now). */
  readonly now?: string | undefined;
  readonly json: boolean;
}

/** Where `import` reads from. */
export type ImportSource = 'external-secrets' | 'dotenv' | 'aws' | 'vault';

/** `locksmith import`. */
export interface ImportOptions extends StoreFlags {
  readonly from: ImportSource;
  /** A new catalog file to write. */
  readonly out?: string | undefined;
  /** An existing catalog to extend. */
  readonly into?: string | undefined;
  readonly project?: string | undefined;
  readonly env?: string | undefined;
  readonly region: string;
  readonly mount: string;
  /** Input files (external-secrets, dotenv) or the KV path (vault). */
  readonly positionals: readonly string[];
  readonly json: boolean;
}

/** `locksmith estimate`. Numbers arrive as typed so their errors can say what is wrong with them. */
export interface EstimateOptions {
  readonly catalog: string;
  readonly replicas: string;
  readonly ttl: string;
  readonly env?: string | undefined;
  readonly readsPerSecond: string;
  readonly priceSecretMonth: string;
  readonly price10kCalls: string;
  readonly json: boolean;
}

/** `locksmith seal`. */
export interface SealOptions extends StoreFlags {
  readonly catalog: string;
  readonly env: string;
  readonly cert: string;
  readonly from: 'store' | 'aws' | 'vault' | 'dotenv';
  readonly out: string;
  /** The dotenv file for `--from dotenv`. */
  readonly positionals: readonly string[];
  readonly json: boolean;
}

/** `locksmith copy`. */
export interface CopyOptions extends StoreFlags {
  readonly catalog: string;
  readonly from: 'aws' | 'vault';
  readonly to: 'aws' | 'vault';
  readonly env: string;
  readonly dryRun: boolean;
  readonly json: boolean;
}

/** `locksmith graph`. */
export interface GraphOptions {
  readonly catalog: string;
  readonly format: 'mermaid' | 'dot' | 'svg';
  /** JSON file of the secrets each service really reads. */
  readonly usage?: string | undefined;
  readonly json: boolean;
}

/** Every operation by command name, with its options. */
export interface OperationOptions {
  readonly doctor: DoctorOptions;
  readonly audit: AuditOptions;
  readonly import: ImportOptions;
  readonly estimate: EstimateOptions;
  readonly seal: SealOptions;
  readonly copy: CopyOptions;
  readonly graph: GraphOptions;
}

/** The name of an operation. */
export type OperationName = keyof OperationOptions;
