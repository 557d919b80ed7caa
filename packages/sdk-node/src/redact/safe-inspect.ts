import { inspect } from 'node:util';

/**
 * Gives a runtime object (client, handle) a `util.inspect` and `toJSON` that show only the
 * summary — names and states — so logging the object itself can never print a value.
 */
export function makeSafeToPrint(target: object, label: string, summary: () => Record<string, unknown>): void {
  Object.defineProperties(target, {
    [inspect.custom]: {
      value: (_depth: number, options: { stylize?: unknown }) =>
        `${label} ${inspect(summary(), { ...(options as object), depth: 2, customInspect: false })}`,
    },
    toJSON: { value: () => summary() },
  });
}
