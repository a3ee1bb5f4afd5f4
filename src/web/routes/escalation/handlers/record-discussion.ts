import { DISCUSSION_METHODS } from "../../../../engine/procedure/schema.ts";
import { londonInstant } from "../../../forms/index.ts";
import { METHOD_WORDS } from "../../../presenters/timeline.ts";
import type { ActionForm } from "./types.ts";

/** Recording a discussion: when, how, who took part, and what was said. */
export const recordDiscussion: ActionForm = {
  type: "record-discussion",
  slug: "record-discussion",
  template: "escalation/handlers/record-discussion.njk",
  dates: ["heldAt"],
  times: ["heldAt"],
  button: "Record the discussion",
  link: () => "Record a discussion",
  title: () => "Record a discussion",
  context: ({ view }) => ({
    methods: DISCUSSION_METHODS.map((method) => ({
      value: method,
      text: METHOD_WORDS[method],
      discouraged:
        view.procedure.guidance.discouragedMethods?.find((entry) => entry.method === method)
          ?.reason ?? null,
    })),
    avoidTerms: view.procedure.guidance.avoidTerms ?? [],
  }),
  read(reader, _open, { now }) {
    const date = reader.date("heldAt", "the date of the discussion");
    const time = reader.time("heldAt", "the time of the discussion");
    const heldAt = date === null || time === null ? null : londonInstant(date, time);
    if (heldAt !== null && Date.parse(heldAt) > Date.parse(now)) {
      reader.add("heldAt-day", "The discussion must have taken place: enter a time in the past");
    }
    const method = reader.choice(
      "method",
      DISCUSSION_METHODS,
      "Select how the discussion was held",
    );
    const participants = reader.text("participants", "who took part", { named: "Who took part" });
    const summary = reader.text("summary", "a summary of the discussion", {
      named: "The summary",
    });
    if (heldAt === null || method === null || reader.errors.length > 0) return null;
    return { type: "record-discussion", heldAt, method, participants, summary };
  },
  fieldFor: (code) =>
    code === "discussion-in-future" || code === "invalid-time"
      ? "heldAt-day"
      : code === "invalid-method"
        ? "method"
        : "participants",
};
