import { formatDate } from "../../../../engine/calendar/index.ts";
import type { ActionForm } from "./types.ts";

const ANSWERS = ["yes", "no"] as const;

/**
 * The follow-up check after a resolution: did the agreed actions happen? Yes keeps it resolved,
 * with an optional note; no says what is outstanding and reopens the escalation.
 */
export const answerFollowUp: ActionForm = {
  type: "answer-follow-up",
  slug: "follow-up",
  template: "escalation/handlers/answer-follow-up.njk",
  button: "Save answer",
  link: () => "Answer the follow-up check",
  title: () => "Follow-up check",
  context: ({ view }) => ({
    followUpDue:
      view.deadlines.followUp === null ? null : formatDate(view.deadlines.followUp.dueDate),
    agreedActions: view.state.actions.map((action) => ({
      description: action.description,
      owner: action.owner,
      due: formatDate(action.dueDate),
    })),
  }),
  read(reader) {
    const answer = reader.choice(
      "happened",
      ANSWERS,
      "Select yes if the agreed actions happened, or no if they did not",
    );
    if (answer === "no") {
      const outstanding = reader.text("outstanding", "what has not happened", {
        named: "What has not happened",
      });
      return reader.ok ? { type: "answer-follow-up", happened: false, note: outstanding } : null;
    }
    const note = reader.text("note", "your note", { required: false, named: "Your note" });
    return reader.ok && answer === "yes"
      ? { type: "answer-follow-up", happened: true, note }
      : null;
  },
  fieldFor: (code) => (code === "missing" ? "outstanding" : "happened"),
};
