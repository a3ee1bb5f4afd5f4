import { formatDate } from "../../../../engine/calendar/index.ts";
import type { ActionForm } from "./types.ts";

/** Extending the stage's deadline, with a reason: the original and the new dates both stay visible. */
export const extendDeadline: ActionForm = {
  type: "extend-deadline",
  slug: "extend-deadline",
  template: "escalation/handlers/extend-deadline.njk",
  dates: ["dueAt"],
  button: "Extend the deadline",
  link: () => "Extend the deadline",
  title: () => "Extend the deadline",
  read(reader, { view }, { now }) {
    const date = reader.date("dueAt", "the new due date");
    const today = view.calendar.localDate(now);
    if (date !== null && date <= today) {
      reader.add("dueAt-day", `The new due date must be after today, ${formatDate(today)}`);
    }
    const reason = reader.text("reason", "the reason for extending", {
      named: "The reason for extending",
    });
    if (date === null || reader.errors.length > 0) return null;
    return { type: "extend-deadline", dueAt: view.calendar.dueInstant(date), reason };
  },
  fieldFor: (code) => (code === "missing" ? "reason" : "dueAt-day"),
};
