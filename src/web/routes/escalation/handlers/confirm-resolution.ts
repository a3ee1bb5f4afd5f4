import type { ActionForm } from "./types.ts";

/** The other side confirms the proposed resolution: an "are you sure" page. */
export const confirmResolution: ActionForm = {
  type: "confirm-resolution",
  slug: "confirm-resolution",
  template: "escalation/handlers/confirm-resolution.njk",
  button: "Yes, confirm the resolution",
  link: () => "Confirm the resolution",
  title: () => "Are you sure the resolution is agreed?",
  read: () => ({ type: "confirm-resolution" }),
  fieldFor: () => "confirm",
};
