import { type FigureCount, partnershipFigures } from "../db/figures.ts";
import { readAs } from "../db/visibility.ts";
import { maySeeFigures, subjectOf } from "../engine/policy/index.ts";
import type { Access } from "./access.ts";
import type { EscalationDeps } from "./escalations.ts";

// The partnership team's figures: counts over all the partnership's escalations, including
// those the procedure does not bring to the team, and nothing else.

/**
 * Whether the navigation offers the figures: by the person's own roles under their partnership's
 * procedure. Someone covering an absent team member may open the figures too, but is not offered
 * them in the navigation.
 */
export function offersFigures({ person, procedure }: Access): boolean {
  return maySeeFigures(subjectOf(person), procedure);
}

/** The figures for the person's partnership, or null when they may not see them. */
export async function figuresFor(
  deps: Pick<EscalationDeps, "db" | "now">,
  access: Access,
): Promise<FigureCount[] | null> {
  if (!maySeeFigures(access.subject, access.procedure)) return null;
  return readAs(deps.db, access.visibility, (tx) => partnershipFigures(tx, deps.now()));
}
