import type { ActionForm } from "./types.ts";

/** Recording the agreed outcome; the other side then confirms it. */
export const resolve: ActionForm = {
  type: "resolve",
  slug: "resolve",
  template: "escalation/handlers/resolve.njk",
  button: "Send for confirmation",
  link: () => "Record that it is resolved",
  title: () => "Record that it is resolved",
  read(reader) {
    const outcome = reader.text("outcome", "the agreed outcome", { named: "The agreed outcome" });
    const outstandingIssues = reader.text(
      "outstandingIssues",
      "how any outstanding issues will be pursued",
      { named: "How outstanding issues will be pursued" },
    );
    return reader.errors.length > 0 ? null : { type: "resolve", outcome, outstandingIssues };
  },
  fieldFor: () => "outcome",
};
