import type { Procedure } from "../procedure/schema.ts";
import type { Subject } from "./subject.ts";
import { onPartnershipTeam } from "./visibility.ts";

// The partnership team's figures: who sees them, and how each count is shown so that none
// points at one escalation, and so at one child.

/**
 * The partnership team (a role the procedure places at partnership level, held or lent by an
 * absent team member who named them) sees figures about all the partnership's escalations,
 * including those the procedure does not bring to it. Agencies' people see the escalations
 * themselves; administrators manage people and see neither.
 */
export function maySeeFigures(subject: Subject, procedure: Procedure): boolean {
  return (
    subject.person.active &&
    subject.capacities.some((capacity) => onPartnershipTeam(capacity, procedure))
  );
}

/** Counts below this are not shown. */
export const SMALLEST_SHOWN = 5;

/**
 * A count as the figures show it: 0 as 0; 1 to 4 as null, for "fewer than 5"; anything larger
 * rounded to the nearest 5. Hiding small counts stops a count singling out one escalation;
 * rounding the rest stops a hidden count being worked out by subtracting the others from a total.
 */
export function shownCount(count: number): number | null {
  if (count <= 0) return 0;
  if (count < SMALLEST_SHOWN) return null;
  return Math.round(count / SMALLEST_SHOWN) * SMALLEST_SHOWN;
}
