import { currentVisit, stageOf, trackOf } from "../../../../engine/escalation/index.ts";
import { londonInstant } from "../../../forms/index.ts";
import type { ActionForm } from "./types.ts";

/** Setting an earlier deadline that protects the child, where the procedure provides for one. */
export const setChildSafetyDeadline: ActionForm = {
  type: "set-child-safety-deadline",
  slug: "child-safety-deadline",
  template: "escalation/handlers/set-child-safety-deadline.njk",
  dates: ["dueAt"],
  times: ["dueAt"],
  button: "Set the deadline",
  link: () => "Set an earlier deadline to protect the child",
  title: () => "Set an earlier deadline to protect the child",
  context: ({ view }) => {
    const stage = stageOf(view.procedure, view.state.track, currentVisit(view.state).stage);
    const target = trackOf(view.procedure, view.state.track).target;
    return {
      appliesToStage: stage.childSafetyOverride === true,
      appliesToTarget: target?.childSafetyOverride === true,
      targetName: target?.name ?? null,
    };
  },
  read(reader, _open, { now }) {
    const date = reader.date("dueAt", "the date it is due");
    const time = reader.time("dueAt", "the time it is due");
    const dueAt = date === null || time === null ? null : londonInstant(date, time);
    if (dueAt !== null && Date.parse(dueAt) <= Date.parse(now)) {
      reader.add("dueAt-day", "The deadline must be in the future");
    }
    const reason = reader.text("reason", "why the child needs this deadline", {
      named: "Why the child needs this deadline",
    });
    if (dueAt === null || reader.errors.length > 0) return null;
    return { type: "set-child-safety-deadline", dueAt, reason };
  },
  fieldFor: (code) => (code === "missing" ? "reason" : "dueAt-day"),
};
