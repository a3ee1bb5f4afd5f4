import type { Command } from "../../../../engine/escalation/index.ts";
import type { FormReader } from "../../../forms/index.ts";
import type { ActionType, OpenEscalation } from "../open.ts";

export type ActionCommand = Exclude<Command, { type: "raise" }>;

/** What a form needs from outside while reading what was posted. */
export interface ReadDeps {
  /** The current instant, ISO 8601. */
  now: string;
  newId: () => string;
}

/**
 * One action's form: its address under /escalations/:id/, its page, how to read what was posted
 * into a command for the engine, and where the engine's refusals point.
 */
export interface ActionForm {
  type: ActionType;
  /** The last part of the form's address: /escalations/:id/<slug>. */
  slug: string;
  /** The form's template, under src/web/routes/. */
  template: string;
  /** The link to the form on the escalation's page. */
  link(open: OpenEscalation): string;
  /** The form page's heading and title. */
  title(open: OpenEscalation): string;
  /** What else the template shows: the next stage, hints from the procedure. */
  context?(open: OpenEscalation): Record<string, unknown>;
  /** Values the form starts with. */
  initial?(open: OpenEscalation, now: string): Record<string, string>;
  /** The command for what was posted, or null when the reader has collected errors. */
  read(reader: FormReader, open: OpenEscalation, deps: ReadDeps): ActionCommand | null;
  /** The id of the field an engine refusal with this code is about. */
  fieldFor(code: string): string;
  /** A page asking "are you sure?", shown with what was entered before the action is taken. */
  confirmTemplate?: string;
  /** The prefixes of its GOV.UK date inputs (`dueDate` for `dueDate-day`…) and time inputs. */
  dates?: readonly string[];
  times?: readonly string[];
  /** The submit button's words. */
  button: string;
}
