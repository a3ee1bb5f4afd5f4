// Reading a whole form: each field in the order the page shows it, collecting every error for the
// error summary, so a handler reads as a list of its questions.
import type { FieldError } from "../views/form-errors.ts";
import { readChoice, readChoices } from "./choice.ts";
import { type DateBound, readDate } from "./date.ts";
import { type Fields, fieldsOf, single } from "./fields.ts";
import { readText } from "./text.ts";
import { readTime } from "./time.ts";

/**
 * Reads a posted form field by field, keeping the errors in order:
 *
 *   const form = new FormReader(request.body, { today });
 *   const summary = form.text("summary", "a summary of the discussion");
 *   const method = form.choice("method", DISCUSSION_METHODS, "Select how the discussion was held");
 *   const heldOn = form.date("held", "the date of the discussion", { bound: "today-or-past" });
 *   if (!form.ok) return reply.code(400).render(…, { errors: form.errors, values: form.values });
 *
 * A value read with an error comes back empty (`""`, `null` or `[]`), never as what was sent.
 */
export class FormReader {
  readonly fields: Fields;
  readonly errors: FieldError[] = [];
  private readonly today: string | undefined;

  /** `body` as the request gives it; `today` (YYYY-MM-DD, local) for dates that must be past or future. */
  constructor(body: unknown, options: { today?: string } = {}) {
    this.fields = fieldsOf(body);
    this.today = options.today;
  }

  /** True while no field has an error. */
  get ok(): boolean {
    return this.errors.length === 0;
  }

  /** The string sent for a field, as sent: "" when absent or not a single string. */
  raw(name: string): string {
    return single(this.fields, name) ?? "";
  }

  /**
   * Cleaned, trimmed text (see readText). `what` names the field in messages, starting lower
   * case ("what has been tried"); `named` is it at the start of a sentence if not simply capitalised.
   */
  text(
    name: string,
    what: string,
    options: { required?: boolean; max?: number; named?: string } = {},
  ): string {
    const result = readText(this.fields, name, { what, ...options });
    if (result.ok) return result.text;
    this.errors.push(result.error);
    return "";
  }

  /** One of `allowed` from radios, or null (nothing chosen and not required, or an error). */
  choice<T extends string>(
    name: string,
    allowed: readonly T[],
    message: string,
    options: { required?: boolean } = {},
  ): T | null {
    const result = readChoice(this.fields, name, allowed, { message, ...options });
    if (result.ok) return result.value;
    this.errors.push(result.error);
    return null;
  }

  /** Any of `allowed` from checkboxes, in the order offered. */
  choices<T extends string>(
    name: string,
    allowed: readonly T[],
    message: string,
    options: { required?: boolean } = {},
  ): T[] {
    const result = readChoices(this.fields, name, allowed, { message, ...options });
    if (result.ok) return result.values;
    this.errors.push(result.error);
    return [];
  }

  /** A GOV.UK date input (`<prefix>-day`, `-month`, `-year`) as YYYY-MM-DD, or null. */
  date(
    prefix: string,
    what: string,
    options: { required?: boolean; bound?: DateBound; named?: string } = {},
  ): string | null {
    const result = readDate(this.fields, prefix, {
      what,
      ...options,
      ...(this.today === undefined ? {} : { today: this.today }),
    });
    if (result.ok) return result.date;
    this.errors.push(result.error);
    return null;
  }

  /** A time in two boxes (`<prefix>-hour`, `-minute`) as HH:MM, or null. */
  time(
    prefix: string,
    what: string,
    options: { required?: boolean; named?: string } = {},
  ): string | null {
    const result = readTime(this.fields, prefix, { what, ...options });
    if (result.ok) return result.time;
    this.errors.push(result.error);
    return null;
  }

  /** Adds an error found by a check across fields, or by the engine. */
  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  /** True when a field (or a date's box, `prefix-day`) already has an error. */
  has(field: string): boolean {
    return this.errors.some((error) => error.field === field);
  }

  /** True when any box of a date or time input (`prefix-…`) has an error. */
  hasAny(prefix: string): boolean {
    return this.errors.some((error) => error.field.startsWith(`${prefix}-`));
  }
}
