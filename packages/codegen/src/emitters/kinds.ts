/** The kinds of artifact `locksmith gen --only` can select, in the order gen runs them. */
export const EMITTER_KINDS = [
  'ts',
  'go',
  'python',
  'rust',
  'kubernetes',
  'iam',
  'vault',
  'dotenv',
  'terraform',
  'inventory',
] as const;

/** One of {@link EMITTER_KINDS}. */
export type EmitterKind = (typeof EMITTER_KINDS)[number];

/** Type guard for user input such as `--only ts,iam`. */
export function isEmitterKind(value: string): value is EmitterKind {
  return (EMITTER_KINDS as readonly string[]).includes(value);
}
