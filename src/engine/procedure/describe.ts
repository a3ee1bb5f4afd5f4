import type { ClockStart, Deadline, Procedure } from "./schema.ts";

const STARTS: Record<ClockStart, string> = {
  raised: "the escalation was first raised",
  "stage-entered": "the stage began",
  "partnership-notified": "the partnership was notified",
};

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;

/** A timescale in words, e.g. "3 working days, counting the day the escalation was first raised as day one". */
export function describeDeadline(deadline: Deadline, procedure: Procedure): string {
  if ("workingDays" in deadline) {
    if (deadline.workingDays === 0) return `by the end of the working day ${STARTS[deadline.from]}`;
    return deadline.counting === "day-one"
      ? `${plural(deadline.workingDays, "working day")}, counting the day ${STARTS[deadline.from]} as day one`
      : `${plural(deadline.workingDays, "working day")} after ${STARTS[deadline.from]}`;
  }
  if ("hours" in deadline)
    return `${plural(deadline.hours, "hour")} after ${STARTS[deadline.from]}`;
  if ("calendarDays" in deadline) {
    return `${plural(deadline.calendarDays, "calendar day")} after ${STARTS[deadline.from]}`;
  }
  const setting = procedure.settings?.find((candidate) => candidate.id === deadline.setting);
  const value = setting?.value ?? null;
  if (setting === undefined || value === null) {
    return `not set by the source (${deadline.note}); the partnership's setting "${setting?.name ?? deadline.setting}" is empty`;
  }
  const unit = setting.rule === "hours-after" ? "hour" : "working day";
  return `${plural(value, unit)} after ${STARTS[setting.from]}, as the partnership has set`;
}
