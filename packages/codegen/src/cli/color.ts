/** Environment variables as the colour decision reads them. */
export type ColorEnv = Readonly<Record<string, string | undefined>>;

/**
 * Whether the CLI colours its output, by the conventions terminals and CI systems share:
 * `FORCE_COLOR` turns colour on even without a terminal (CI logs render it) unless it is `0` or
 * `false`, and wins over the rest, as in Node itself; otherwise `NO_COLOR` (any non-empty value,
 * no-color.org), `NODE_DISABLE_COLORS` or `TERM=dumb` turn it off; otherwise colour follows
 * whether stderr is a terminal.
 */
export function colorEnabled(env: ColorEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.NODE_DISABLE_COLORS !== undefined || env.TERM === 'dumb') return false;
  return isTTY;
}
