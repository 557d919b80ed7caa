import type { AccessChange, AttributeChange, GrantView, RiskFlagKind } from '../report.js';

/** Wording shared by the terminal and Markdown views, so both say the same thing. */

/** One grant as a reader finds it: the artifact by name, then the files that carry it. */
export function grantText(grant: GrantView): string {
  return `${grant.via} [${grant.files.join(', ')}]`;
}

/** The verb of an access change. */
export const CHANGE_VERB: Readonly<Record<AccessChange['change'], string>> = {
  gain: 'can now read',
  loss: 'can no longer read',
  switch: 'switches how it reads',
};

/**
 * Said when the base side had no catalog: every grant then reads as new. A catalog that moved or
 * was renamed since the base looks the same, so the note says how to compare with its old copy.
 */
export function missingBaseText(source: string, code: (text: string) => string = (text) => text): string {
  return (
    `The base has no catalog (${code(source)}): every grant below is new. If the catalog was moved ` +
    `or renamed since, compare with its old copy: ${code('--base <file>')}.`
  );
}

/** A risk flag's kind in words. */
export const FLAG_TITLE: Readonly<Record<RiskFlagKind, string>> = {
  'new-production-reader': 'new reader of a production secret',
  'cross-team': 'secret of another team',
  'broad-grant': 'wildcard grant',
  'readers-threshold': 'many readers',
  'production-placement': 'production placement changes',
};

/** `rotation.every of database: 30d → 60d`. */
export function attributeText(change: AttributeChange): string {
  return `${change.attribute} of ${change.secret}: ${change.before ?? '(none)'} → ${change.after ?? '(none)'}`;
}

/** `3 gained, 1 lost` — only the counts that are not zero; `no access change` otherwise. */
export function countsText(counts: { gained: number; lost: number; switched: number }): string {
  const parts = [
    counts.gained > 0 ? `${counts.gained} gained` : '',
    counts.lost > 0 ? `${counts.lost} lost` : '',
    counts.switched > 0 ? `${counts.switched} switched` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'no access change';
}

/** The counts of one list of access changes. */
export function countChanges(access: readonly AccessChange[]): {
  gained: number;
  lost: number;
  switched: number;
} {
  return {
    gained: access.filter((a) => a.change === 'gain').length,
    lost: access.filter((a) => a.change === 'loss').length,
    switched: access.filter((a) => a.change === 'switch').length,
  };
}

/** `1 thing` / `2 things`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
