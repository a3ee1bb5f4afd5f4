import { currentVisit, stageOf } from "../../../../engine/escalation/index.ts";
import type { OpenEscalation } from "../open.ts";
import type { ActionForm } from "./types.ts";

const nextRound = (open: OpenEscalation) => currentVisit(open.view.state).round + 1;

/** Another round of a repeating stage: one management tier higher. */
export const startNextRound: ActionForm = {
  type: "next-round",
  slug: "next-round",
  template: "escalation/handlers/next-round.njk",
  button: "Start the next round",
  link: (open) => `Start round ${nextRound(open)} of this stage`,
  title: (open) => `Start round ${nextRound(open)} of this stage`,
  context: (open) => ({
    repeats:
      stageOf(open.view.procedure, open.view.state.track, currentVisit(open.view.state).stage)
        .repeats?.description ?? null,
  }),
  read(reader) {
    const reason = reader.text("reason", "why another round is needed", {
      named: "Why another round is needed",
    });
    return reader.errors.length > 0 ? null : { type: "next-round", reason };
  },
  fieldFor: () => "reason",
};
