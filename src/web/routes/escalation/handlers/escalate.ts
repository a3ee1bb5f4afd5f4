import { currentVisit, stageOf, trackOf } from "../../../../engine/escalation/index.ts";
import type { Stage } from "../../../../engine/procedure/schema.ts";
import { type FormReader, londonInstant } from "../../../forms/index.ts";
import type { OpenEscalation } from "../open.ts";
import type { ActionForm } from "./types.ts";

/** The stage this one escalates to, if it escalates at all. */
export function nextStage({ view }: OpenEscalation): Stage | null {
  const stage = stageOf(view.procedure, view.state.track, currentVisit(view.state).stage);
  const to = stage.outcomes.find((outcome) => outcome.outcome === "escalate")?.to;
  return to === undefined ? null : stageOf(view.procedure, view.state.track, to);
}

function childSafetyAllowed(open: OpenEscalation): boolean {
  const next = nextStage(open);
  const target = trackOf(open.view.procedure, open.view.state.track).target;
  return next?.childSafetyOverride === true || target?.childSafetyOverride === true;
}

/** The optional earlier deadline for the next stage: both date and time, or neither. */
function earlierDeadline(reader: FormReader, now: string): string | null {
  const date = reader.date("childSafety", "the date of the earlier deadline", { required: false });
  const time = reader.time("childSafety", "the time of the earlier deadline", {
    required: date !== null,
  });
  if (date === null && time !== null && !reader.has("childSafety-month")) {
    reader.add("childSafety-day", "Enter the date of the earlier deadline");
  }
  if (date === null || time === null) return null;
  const dueAt = londonInstant(date, time);
  if (Date.parse(dueAt) <= Date.parse(now)) {
    reader.add("childSafety-day", "The earlier deadline must be in the future");
  }
  return dueAt;
}

/** Escalating to the next stage: why, the evidence the procedure asks for, and an earlier deadline. */
export const escalate: ActionForm = {
  type: "escalate",
  slug: "escalate",
  template: "escalation/handlers/escalate.njk",
  dates: ["childSafety"],
  times: ["childSafety"],
  button: "Escalate",
  link: (open) => `Escalate to ${nextStage(open)?.name ?? "the next stage"}`,
  title: (open) => `Escalate to ${nextStage(open)?.name ?? "the next stage"}`,
  context: (open) => {
    const stage = stageOf(
      open.view.procedure,
      open.view.state.track,
      currentVisit(open.view.state).stage,
    );
    return {
      next: nextStage(open),
      evidenceToEscalate: stage.evidenceToEscalate ?? null,
      childSafetyAllowed: childSafetyAllowed(open),
      avoidTerms: open.view.procedure.guidance.avoidTerms ?? [],
    };
  },
  read(reader, open, { now }) {
    const reason = reader.text("reason", "why it is being escalated", {
      named: "Why it is being escalated",
    });
    const evidence = reader.text("evidence", "the evidence", {
      required: false,
      named: "The evidence",
    });
    const childSafetyDueAt = childSafetyAllowed(open) ? earlierDeadline(reader, now) : null;
    if (reader.errors.length > 0) return null;
    return {
      type: "escalate",
      reason,
      evidence,
      ...(childSafetyDueAt === null ? {} : { childSafetyDueAt }),
    };
  },
  fieldFor: (code) =>
    code === "evidence-required"
      ? "evidence"
      : code.startsWith("child-safety") || code === "invalid-time"
        ? "childSafety-day"
        : "reason",
};
