import type { ActionForm } from "./types.ts";

/** Recording an action agreed at this stage, with its owner and the date it is due. */
export const agreeAction: ActionForm = {
  type: "agree-action",
  slug: "agree-action",
  template: "escalation/handlers/agree-action.njk",
  dates: ["dueDate"],
  button: "Record the action",
  link: () => "Record an agreed action",
  title: () => "Record an agreed action",
  read(reader, _open, { newId }) {
    const description = reader.text("description", "what was agreed", { named: "What was agreed" });
    const owner = reader.text("owner", "who will do it", { max: 200, named: "Who will do it" });
    const dueDate = reader.date("dueDate", "the date it is due");
    if (dueDate === null || reader.errors.length > 0) return null;
    return { type: "agree-action", actionId: newId(), description, owner, dueDate };
  },
  fieldFor: (code) => (code === "invalid-date" ? "dueDate-day" : "description"),
};
