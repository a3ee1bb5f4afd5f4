// A time of day in two boxes (`<prefix>-hour`, `-minute`) on the 24-hour clock, shown with the
// date input's markup (GOV.UK has no time component), and a London date and time as an instant.
import { DateTime } from "luxon";
import { LONDON } from "../../engine/calendar/instant.ts";
import type { FieldError } from "../views/form-errors.ts";
import { type Fields, sentenceCase, single } from "./fields.ts";

export const TIME_PARTS = ["hour", "minute"] as const;
export type TimePart = (typeof TIME_PARTS)[number];

export interface TimeError extends FieldError {
  parts: TimePart[];
}

export interface TimeRule {
  /** Names the time in messages, starting lower case: "the time the discussion started". */
  what: string;
  named?: string;
  /** false: both boxes empty reads as no time (null). Default true. */
  required?: boolean;
}

export type TimeResult = { ok: true; time: string | null } | { ok: false; error: TimeError };

/** Reads the two boxes into "HH:MM", e.g. 9 and 5 → "09:05". */
export function readTime(fields: Fields, prefix: string, rule: TimeRule): TimeResult {
  const named = rule.named ?? sentenceCase(rule.what);
  const fail = (parts: TimePart[], message: string): TimeResult => ({
    ok: false,
    error: { field: `${prefix}-${parts[0] ?? "hour"}`, message, parts },
  });
  const [hour, minute] = TIME_PARTS.map((part) => {
    const value = single(fields, `${prefix}-${part}`);
    return value === null ? "?" : (value ?? "").replace(/\s+/g, "");
  }) as [string, string];
  if (hour === "" && minute === "") {
    return rule.required === false
      ? { ok: true, time: null }
      : fail(["hour", "minute"], `Enter ${rule.what}`);
  }
  if (hour === "") return fail(["hour"], `${named} must include an hour`);
  if (minute === "") return fail(["minute"], `${named} must include a minute`);
  const wrong: TimePart[] = [];
  if (!/^\d{1,2}$/.test(hour) || Number(hour) > 23) wrong.push("hour");
  if (!/^\d{1,2}$/.test(minute) || Number(minute) > 59) wrong.push("minute");
  if (wrong.length > 0) {
    return fail(wrong, `${named} must be a real time on the 24-hour clock, like 14:30`);
  }
  return { ok: true, time: `${hour.padStart(2, "0")}:${minute.padStart(2, "0")}` };
}

/**
 * The two boxes' parameters for govukDateInput, like `dateInputView`. Each box carries its own id
 * (`<prefix>-hour`), so the time can sit beside a date input of the same prefix: give the time's
 * govukDateInput another `id` (for its hint and error) and `namePrefix: prefix`.
 */
export function timeInputView(
  prefix: string,
  values: Fields,
  errors: readonly FieldError[] = [],
): {
  errorMessage: { text: string } | false;
  items: { id: string; name: TimePart; label: string; classes: string; value: string }[];
} {
  const error = errors.find((candidate) =>
    TIME_PARTS.some((part) => candidate.field === `${prefix}-${part}`),
  );
  const highlighted: readonly TimePart[] =
    error === undefined ? [] : "parts" in error ? (error as TimeError).parts : TIME_PARTS;
  return {
    errorMessage: error === undefined ? false : { text: error.message },
    items: TIME_PARTS.map((part) => {
      const value = single(values, `${prefix}-${part}`);
      return {
        id: `${prefix}-${part}`,
        name: part,
        label: part === "hour" ? "Hour" : "Minute",
        classes: highlighted.includes(part)
          ? "govuk-input--width-2 govuk-input--error"
          : "govuk-input--width-2",
        value: typeof value === "string" ? value : "",
      };
    }),
  };
}

/**
 * The instant of a date and time on London's clocks, ISO 8601 with its offset. A time that the
 * clocks skip in spring (01:30 on the last Sunday in March) becomes the same moment an hour on.
 */
export function londonInstant(date: string, time: string): string {
  const instant = DateTime.fromISO(`${date}T${time}`, { zone: LONDON }).toISO();
  if (instant === null) throw new RangeError(`Not a date and time: ${date} ${time}`);
  return instant;
}
