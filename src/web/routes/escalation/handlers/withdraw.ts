import type { ActionForm } from "./types.ts";

/** The raising agency withdraws the escalation, after saying why and confirming. */
export const withdraw: ActionForm = {
  type: "withdraw",
  slug: "withdraw",
  template: "escalation/handlers/withdraw.njk",
  confirmTemplate: "escalation/handlers/withdraw-confirm.njk",
  button: "Continue",
  link: () => "Withdraw the escalation",
  title: () => "Withdraw the escalation",
  read(reader) {
    const reason = reader.text("reason", "why it is withdrawn", { named: "Why it is withdrawn" });
    return reader.errors.length > 0 ? null : { type: "withdraw", reason };
  },
  fieldFor: () => "reason",
};
