import type { AccessPlan } from '../report.js';

/** `--format json`: the plan as documented in plan.schema.json, two-space indented. */
export function planJson(plan: AccessPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
