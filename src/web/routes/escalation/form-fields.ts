// Reading the fields of the escalation forms, GOV.UK style: each reader returns the value or the
// message to show beside the field. Private to these forms until the shared src/web/forms/ lands.
import { DateTime } from "luxon";
import { LONDON } from "../../../engine/calendar/instant.ts";
import type { FieldError } from "../../views/form-errors.ts";

/** A posted form as the form-body parser gives it: a name sent twice is a list. */
export type Fields = Partial<Record<string, unknown>>;

/** The longest text any of these forms takes in one field. */
export const TEXT_LIMIT = 2000;

/** Collects the errors of one form, in the order its fields appear. */
export class FormReader {
  readonly errors: FieldError[] = [];
  readonly fields: Fields;

  constructor(fields: Fields) {
    this.fields = fields;
  }

  /** The raw string sent for a field: "" when absent or sent more than once. */
  raw(name: string): string {
    const value = this.fields[name];
    return typeof value === "string" ? value : "";
  }

  private fail(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  /**
   * Trimmed text. `what` names the field in messages, starting lower case: "who took part";
   * `Named` is the same at the start of a sentence.
   */
  text(
    name: string,
    what: string,
    options: { required?: boolean; max?: number; named?: string } = {},
  ): string {
    const max = options.max ?? TEXT_LIMIT;
    const value = this.fields[name];
    if (Array.isArray(value) || (value !== undefined && typeof value !== "string")) {
      this.fail(name, `Enter ${what} once`);
      return "";
    }
    const text = (value ?? "").replaceAll("\r\n", "\n").trim();
    if (text === "" && options.required !== false) this.fail(name, `Enter ${what}`);
    else if (text.length > max) {
      const named = options.named ?? what.charAt(0).toUpperCase() + what.slice(1);
      this.fail(name, `${named} must be ${max.toLocaleString("en-GB")} characters or fewer`);
    }
    return text;
  }

  /** One of the allowed values of a radio group, or null with an error. */
  choice<T extends string>(name: string, allowed: readonly T[], message: string): T | null {
    const value = this.fields[name];
    if (typeof value === "string" && (allowed as readonly string[]).includes(value))
      return value as T;
    this.fail(name, message);
    return null;
  }

  /**
   * A date from GOV.UK's date input (`<prefix>-day`, `-month`, `-year`) as YYYY-MM-DD, or null.
   * `what` is e.g. "the date of the discussion".
   */
  date(prefix: string, what: string, options: { required?: boolean } = {}): string | null {
    const parts = ["day", "month", "year"] as const;
    const values = parts.map((part) => {
      const value = this.fields[`${prefix}-${part}`];
      return typeof value === "string" ? value.trim() : Array.isArray(value) ? "?" : "";
    });
    const missing = parts.filter((_part, index) => values[index] === "");
    const named = what.charAt(0).toUpperCase() + what.slice(1);
    if (missing.length === parts.length) {
      if (options.required !== false) this.fail(`${prefix}-day`, `Enter ${what}`);
      return null;
    }
    if (missing.length > 0) {
      this.fail(`${prefix}-${missing[0]}`, `${named} must include a ${missing.join(" and ")}`);
      return null;
    }
    const [day, month, year] = values.map(Number) as [number, number, number];
    const real =
      values.every((value) => /^\d{1,4}$/.test(value)) &&
      year >= 1900 &&
      year <= 2999 &&
      DateTime.fromObject({ year, month, day }, { zone: "UTC" }).isValid;
    if (!real) {
      this.fail(`${prefix}-day`, `${named} must be a real date`);
      return null;
    }
    return `${year}-${pad(month)}-${pad(day)}`;
  }

  /** A time of day from two boxes (`<prefix>-hour`, `-minute`), 24-hour clock, as HH:MM. */
  time(prefix: string, what: string, options: { required?: boolean } = {}): string | null {
    const hour = this.raw(`${prefix}-hour`).trim();
    const minute = this.raw(`${prefix}-minute`).trim();
    const named = what.charAt(0).toUpperCase() + what.slice(1);
    if (hour === "" && minute === "") {
      if (options.required !== false) this.fail(`${prefix}-hour`, `Enter ${what}`);
      return null;
    }
    if (hour === "" || minute === "") {
      const field = hour === "" ? "hour" : "minute";
      this.fail(
        `${prefix}-${field}`,
        `${named} must include an ${field === "hour" ? "hour" : "minute"}`,
      );
      return null;
    }
    const valid =
      /^\d{1,2}$/.test(hour) &&
      /^\d{1,2}$/.test(minute) &&
      Number(hour) <= 23 &&
      Number(minute) <= 59;
    if (!valid) {
      this.fail(`${prefix}-hour`, `${named} must be a real time on the 24-hour clock, like 14:30`);
      return null;
    }
    return `${pad(Number(hour))}:${pad(Number(minute))}`;
  }

  /** Adds an error found by a check across fields. */
  add(field: string, message: string): void {
    this.fail(field, message);
  }

  /** True when the field already has an error (so later checks on it can be skipped). */
  has(field: string): boolean {
    return this.errors.some((error) => error.field === field);
  }
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** The instant of a local date and time in London, as ISO 8601 with its offset. */
export function londonInstant(date: string, time: string): string {
  const instant = DateTime.fromISO(`${date}T${time}`, { zone: LONDON }).toISO();
  if (instant === null) throw new RangeError(`Not a time: ${date} ${time}`);
  return instant;
}

/** The values to show back in a form's fields: strings only, anything else as empty. */
export function echo(fields: Fields): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string" && name !== "_csrf") values[name] = value;
  }
  return values;
}
