import type { AccessChannel } from './access/grant.js';

/**
 * The result of `locksmith plan`, as `--format json` prints it. The shape is versioned: fields
 * may be added within a version, never removed or changed in meaning; `plan.schema.json` in this
 * package describes it (documented in docs/codegen.md).
 */
export interface AccessPlan {
  readonly format: 'locksmith-plan';
  readonly version: typeof PLAN_FORMAT_VERSION;
  readonly base: CatalogRef;
  readonly head: CatalogRef;
  /** True when any principal gains, loses or switches read access anywhere: the exit code is then 3. */
  readonly accessChanged: boolean;
  readonly summary: PlanSummary;
  /** Every environment of either catalog: the head's in catalog order, then those only the base has. */
  readonly environments: readonly EnvironmentPlan[];
  /** Changes that hold in every environment. */
  readonly catalog: CatalogChanges;
  /** What a reviewer should look at twice, in environment order, then by kind. */
  readonly flags: readonly RiskFlag[];
}

/** The version of the JSON shape; raised only for a change that breaks readers. */
export const PLAN_FORMAT_VERSION = 1;

/** Which catalog a side of the plan is. */
export interface CatalogRef {
  /** Where it was read: a file path, or `<git ref>:<path>`. */
  readonly source: string;
  /** sha256 of the normalised catalog, as in generated headers; null when there was no catalog. */
  readonly hash: string | null;
}

export interface PlanSummary {
  readonly gained: number;
  readonly lost: number;
  readonly switched: number;
  /** Secrets added, removed or moved, counted per environment. */
  readonly placementChanges: number;
  readonly flags: number;
}

export interface EnvironmentPlan {
  readonly name: string;
  readonly production: boolean;
  /** `env`: services read a local .env there, so no store access is generated. */
  readonly source: 'store' | 'env' | 'files';
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Sorted by principal, then secret. */
  readonly access: readonly AccessChange[];
  /** Sorted by secret. */
  readonly placements: readonly PlacementChange[];
}

/** One principal's read access to one secret in one environment, before and after. */
export interface AccessChange {
  /** gain: no access before; loss: none after; switch: access both times, through other grants. */
  readonly change: 'gain' | 'loss' | 'switch';
  readonly principal: string;
  readonly secret: string;
  /** The grants it had: all of them for a loss, those it no longer has for a switch, none for a gain. */
  readonly before: readonly GrantView[];
  /** The grants it gets: all of them for a gain, those it did not have for a switch, none for a loss. */
  readonly after: readonly GrantView[];
}

/** One read permission as the plan shows it. */
export interface GrantView {
  readonly channel: AccessChannel;
  /** IAM role ARN, Vault policy name, or `<namespace>/<ServiceAccount>`. */
  readonly holder: string;
  readonly resource: string;
  /** `<namespace>/<ServiceAccount>` that exercises it; null for a Vault policy got by AppRole or token. */
  readonly identity: string | null;
  readonly via: string;
  readonly files: readonly string[];
}

/** Where a secret's value lives in one environment. */
export interface Location {
  readonly provider: 'aws' | 'vault';
  /** AWS secret name, or the Vault path under `mount`. */
  readonly path: string;
  readonly mount: string | null;
}

/** A secret that appears in, disappears from, or moves within one environment. */
export interface PlacementChange {
  readonly change: 'added' | 'removed' | 'moved';
  readonly secret: string;
  readonly before: Location | null;
  readonly after: Location | null;
  readonly readers: { readonly before: readonly string[]; readonly after: readonly string[] };
  /** For a move: what has to happen besides merging (the value is not moved by `gen`). */
  readonly note: string | null;
}

export interface CatalogChanges {
  readonly services: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    /** A removed and an added service that read exactly the same secrets in the same environments. */
    readonly renamed: ReadonlyArray<{ readonly from: string; readonly to: string }>;
  };
  readonly secrets: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    /** Changed attributes of secrets both catalogs have, by secret then attribute. */
    readonly changed: readonly AttributeChange[];
  };
}

/** An attribute of a secret that holds in every environment. */
export interface AttributeChange {
  readonly secret: string;
  readonly attribute: 'provider' | 'rotation.strategy' | 'rotation.every' | 'rotation.overlap' | 'owner';
  readonly before: string | null;
  readonly after: string | null;
}

export type RiskFlagKind =
  /** A service gains read access to a secret in a production environment. */
  | 'new-production-reader'
  /** A secret's readers in an environment grow while above the threshold. */
  | 'readers-threshold'
  /** A new grant names more than one exact secret (a wildcard in an ARN or a Vault path). */
  | 'broad-grant'
  /** A service gains a secret whose owner is another team. */
  | 'cross-team'
  /** A secret is added to, removed from or moved within a production environment. */
  | 'production-placement';

export interface RiskFlag {
  readonly kind: RiskFlagKind;
  readonly environment: string;
  readonly principal: string | null;
  readonly secret: string;
  readonly message: string;
}
