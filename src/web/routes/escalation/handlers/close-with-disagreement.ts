import { currentVisit, stageOf } from "../../../../engine/escalation/index.ts";
import type { OpenEscalation } from "../open.ts";
import type { ActionForm } from "./types.ts";

/** What this stage calls closing with the disagreement noted ("Disagreement with the plan noted"). */
function outcomeLabel({ view }: OpenEscalation): string {
  const stage = stageOf(view.procedure, view.state.track, currentVisit(view.state).stage);
  const outcome = stage.outcomes.find((o) => o.outcome === "close-with-disagreement");
  return outcome?.label ?? "Close with the disagreement noted";
}

/** Closing without agreement: each side's position, and how the plan continues. */
export const closeWithDisagreement: ActionForm = {
  type: "close-with-disagreement",
  slug: "close-with-disagreement",
  template: "escalation/handlers/close-with-disagreement.njk",
  button: "Close with the disagreement noted",
  link: outcomeLabel,
  title: () => "Close with the disagreement noted",
  context: (open) => ({
    raisingAgency: open.names.agency(open.view.state.raisingAgency),
    receivingAgencies: open.view.state.receivingAgencies
      .map((id) => open.names.agency(id))
      .join(" and "),
  }),
  read(reader, open) {
    const raising = open.names.agency(open.view.state.raisingAgency);
    const receiving = open.view.state.receivingAgencies
      .map((id) => open.names.agency(id))
      .join(" and ");
    const raisingPosition = reader.text("raisingPosition", `${raising}’s position`);
    const receivingPosition = reader.text("receivingPosition", `${receiving}’s position`);
    const planContinues = reader.text("planContinues", "how the plan continues");
    return reader.errors.length > 0
      ? null
      : { type: "close-with-disagreement", raisingPosition, receivingPosition, planContinues };
  },
  fieldFor: () => "raisingPosition",
};
