import type { ActionForm } from "./types.ts";

/** Sending the matter somewhere else (the LADO, whistleblowing, an agency's own procedure). */
export const redirect: ActionForm = {
  type: "redirect",
  slug: "redirect",
  template: "escalation/handlers/redirect.njk",
  button: "Redirect the escalation",
  link: () => "Redirect it elsewhere",
  title: () => "Redirect the escalation elsewhere",
  context: ({ view }) => ({
    elsewhere: view.procedure.exclusions.filter((exclusion) => !exclusion.thenContinue),
  }),
  read(reader) {
    const to = reader.text("to", "where the matter is going instead", {
      max: 200,
      named: "Where the matter is going",
    });
    const reason = reader.text("reason", "why it is redirected", { named: "Why it is redirected" });
    return reader.errors.length > 0 ? null : { type: "redirect", to, reason };
  },
  fieldFor: () => "to",
};
