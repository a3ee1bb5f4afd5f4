// What the raise journey's pages share: the signed-in person's context (or the page saying only
// agencies raise escalations), the answers carried forward in hidden fields, and the question page.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Services } from "../../../app/services.ts";
import type { Fields } from "../../forms/index.ts";
import { signedIn } from "../../plugins/sessions.ts";
import type { FieldError } from "../../views/form-errors.ts";
import { type RaiseContext, raiseContext } from "./context.ts";
import { type Journey, journeyPairs } from "./journey.ts";

/** The caption above every heading in the journey. */
export const CAPTION = "Raise an escalation";

/**
 * The person's raise context; or, for someone in no agency (the partnership team), the page that
 * says only agencies raise escalations, and null.
 */
export async function contextOrRefusal(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<RaiseContext | null> {
  const context = await raiseContext(services, signedIn(request));
  if (context === null) reply.code(403).render("raise/no-agency.njk");
  return context;
}

export interface HiddenInput {
  name: string;
  value: string;
}

/**
 * Hidden inputs carrying the answers given so far to the next page: each of `names` that was sent
 * as text (a list becomes one input per item), but none of those in `except` (the page's own).
 */
export function hiddenInputs(
  fields: Fields,
  names: readonly string[],
  except: readonly string[] = [],
): HiddenInput[] {
  const inputs: HiddenInput[] = [];
  for (const name of names) {
    if (except.includes(name) || !Object.hasOwn(fields, name)) continue;
    const value = fields[name];
    const values = typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
    for (const item of values) {
      if (typeof item === "string" && item !== "") inputs.push({ name, value: item });
    }
  }
  return inputs;
}

/** The journey's answers as hidden inputs. */
export function journeyInputs(journey: Journey): HiddenInput[] {
  return journeyPairs(journey).map(([name, value]) => ({ name, value }));
}

/** A radio item for govukRadios. */
export interface RadioItem {
  value: string;
  text: string;
  hint?: { text: string };
}

/** A question page: one question, answered with radios, in the journey's question template. */
export interface Question {
  /** The question, shown as the page's heading and title. */
  question: string;
  name: string;
  items: RadioItem[];
  hint?: string;
  /** Yes and no sit side by side. */
  inline?: boolean;
  action: string;
  /** The back link; none when the page answers a POST from check your answers. */
  back: string | null;
  value: string | null;
  hidden: HiddenInput[];
  errors: FieldError[];
}

export function renderQuestion(reply: FastifyReply, question: Question, status = 200) {
  return reply.code(status).render("raise/question.njk", { caption: CAPTION, ...question });
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "2019-03-07" → "7 March 2019", as GOV.UK writes a date in a sentence. */
export function longDate(date: string): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return `${day} ${MONTHS[month - 1]} ${year}`;
}
