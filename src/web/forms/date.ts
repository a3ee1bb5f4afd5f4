// GOV.UK's date input: three boxes (`<prefix>-day`, `-month`, `-year`) read into YYYY-MM-DD, with
// the Design System's error messages and the boxes to highlight, and the boxes' parameters for
// the govukDateInput macro when the page is shown again.
import type { FieldError } from "../views/form-errors.ts";
import { type Fields, sentenceCase, single } from "./fields.ts";

export const DATE_PARTS = ["day", "month", "year"] as const;
export type DatePart = (typeof DATE_PARTS)[number];

/** A date's error: `field` is the box to focus; `parts` are the boxes to highlight. */
export interface DateError extends FieldError {
  parts: DatePart[];
}

/** Where the date must fall, relative to `today` (the partnership's local date). */
export type DateBound = "past" | "today-or-past" | "today-or-future" | "future";

export interface DateRule {
  /** Names the date in messages, starting lower case: "the child's date of birth". */
  what: string;
  /** The same at the start of a sentence, when it is not simply `what` capitalised. */
  named?: string;
  /** false: all three boxes empty reads as no date (null). Default true. */
  required?: boolean;
  /** Where the date must fall relative to `today`; needs `today`. */
  bound?: DateBound;
  /** Today, YYYY-MM-DD, in the partnership's time zone. */
  today?: string;
}

export type DateResult = { ok: true; date: string | null } | { ok: false; error: DateError };

const MONTH_NAMES = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** A month as typed: 1–12 (with or without a leading zero), or its name or first three letters. */
function monthNumber(text: string): number | null {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const lower = text.toLowerCase().replace(/\.$/, "");
  if (lower.length < 3) return null;
  const index = MONTH_NAMES.findIndex((name) => name.startsWith(lower));
  return index === -1 ? null : index + 1;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/**
 * Reads a GOV.UK date input. Spaces are ignored, months may be written as words, and each message
 * is the Design System's: "Enter …", "… must include a month and year", "… must be a real date",
 * "Year must include 4 numbers", "… must be in the past", and so on.
 */
export function readDate(fields: Fields, prefix: string, rule: DateRule): DateResult {
  const named = rule.named ?? sentenceCase(rule.what);
  const fail = (parts: DatePart[], message: string): DateResult => ({
    ok: false,
    error: { field: `${prefix}-${parts[0] ?? "day"}`, message, parts },
  });
  const values = DATE_PARTS.map((part) => {
    const value = single(fields, `${prefix}-${part}`);
    // Sent twice or as something else: not a date anyone typed.
    return value === null ? "?" : (value ?? "").replace(/\s+/g, "");
  }) as [string, string, string];
  const missing = DATE_PARTS.filter((_part, index) => values[index] === "");
  if (missing.length === DATE_PARTS.length) {
    return rule.required === false
      ? { ok: true, date: null }
      : fail([...DATE_PARTS], `Enter ${rule.what}`);
  }
  if (missing.length > 0) {
    return fail(missing, `${named} must include a ${missing.join(" and ")}`);
  }
  const [dayText, monthText, yearText] = values;
  const day = /^\d{1,2}$/.test(dayText) ? Number(dayText) : null;
  const month = monthNumber(monthText);
  const wrong: DatePart[] = [];
  if (day === null || day < 1 || day > 31) wrong.push("day");
  if (month === null || month < 1 || month > 12) wrong.push("month");
  if (!/^\d+$/.test(yearText)) wrong.push("year");
  if (wrong.length > 0) return fail(wrong, `${named} must be a real date`);
  if (yearText.length !== 4) return fail(["year"], "Year must include 4 numbers");
  const year = Number(yearText);
  if (year < 1000 || day === null || month === null || day > daysIn(year, month)) {
    return fail([...DATE_PARTS], `${named} must be a real date`);
  }
  const date = `${year}-${pad(month)}-${pad(day)}`;
  const boundError = rule.bound === undefined ? null : outOfBound(date, rule.bound, rule.today);
  return boundError === null ? { ok: true, date } : fail([...DATE_PARTS], `${named} ${boundError}`);
}

function outOfBound(date: string, bound: DateBound, today: string | undefined): string | null {
  if (today === undefined) throw new Error(`A date bound (${bound}) needs today's date`);
  switch (bound) {
    case "past":
      return date < today ? null : "must be in the past";
    case "today-or-past":
      return date <= today ? null : "must be today or in the past";
    case "today-or-future":
      return date >= today ? null : "must be today or in the future";
    case "future":
      return date > today ? null : "must be in the future";
  }
}

/** The parts of govukDateInput's parameters that change with what was sent and what is wrong. */
export interface DateInputView {
  errorMessage: { text: string } | false;
  items: { name: DatePart; classes: string; value: string; label?: string }[];
}

/**
 * The boxes of a date input for the govukDateInput macro: their values as sent, the error message
 * and the highlighted boxes. In a template:
 * `govukDateInput({ id: "dob", namePrefix: "dob", fieldset: …, errorMessage: dob.errorMessage, items: dob.items })`.
 */
export function dateInputView(
  prefix: string,
  values: Fields,
  errors: readonly FieldError[] = [],
): DateInputView {
  const error = errors.find((candidate) =>
    DATE_PARTS.some((part) => candidate.field === `${prefix}-${part}`),
  );
  const highlighted: readonly DatePart[] =
    error === undefined ? [] : "parts" in error ? (error as DateError).parts : DATE_PARTS;
  return {
    errorMessage: error === undefined ? false : { text: error.message },
    items: DATE_PARTS.map((part) => {
      const value = single(values, `${prefix}-${part}`);
      const width = part === "year" ? "govuk-input--width-4" : "govuk-input--width-2";
      return {
        name: part,
        classes: highlighted.includes(part) ? `${width} govuk-input--error` : width,
        value: typeof value === "string" ? value : "",
      };
    }),
  };
}

/** The date input's values for a date, YYYY-MM-DD → `{ "<prefix>-day": "7", … }`. */
export function dateFields(prefix: string, date: string | null): Record<string, string> {
  if (date === null)
    return { [`${prefix}-day`]: "", [`${prefix}-month`]: "", [`${prefix}-year`]: "" };
  const [year, month, day] = date.split("-");
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year ?? "",
  };
}
