import type { Calendar } from "./calendar.ts";
import { dueEndLabel, dueLabel, exclusionClause, plural } from "./explanation.ts";
import { formatDate, formatInstant } from "./format.ts";
import { parseInstant, toIsoInstant } from "./instant.ts";
import { addDays, type IsoDate, isWeekend } from "./iso-date.ts";

export type DeadlineRule =
  /** Day 1 is the first working day after E's local date; due at the end of day N. N = 0: E's own working day. */
  | { kind: "working-days-after"; days: number }
  /** E's local date is Day One if it is a working day, else the next working day is; due at the end of Day N. */
  | { kind: "working-days-day-one"; days: number }
  /** Exactly N hours after E. */
  | { kind: "hours-after"; hours: number }
  /** The end of E's local date plus N days. */
  | { kind: "calendar-days-after"; days: number };

export interface ComputedDeadline {
  /** ISO 8601 instant with its Europe/London offset. */
  dueAt: string;
  /** The Europe/London date of dueAt. */
  dueDate: IsoDate;
  /** Day one of the count, for working-day rules that count at least one day. */
  dayOne: IsoDate | null;
  /** Holidays and added days skipped while counting; weekends are not listed. */
  excluded: { date: IsoDate; title: string }[];
  explanation: string;
}

/** When a deadline falls due, by `rule`, for a clock started at the instant `from`. */
export function computeDeadline(
  calendar: Calendar,
  rule: DeadlineRule,
  from: string,
): ComputedDeadline {
  const start = parseInstant(from);
  const startDate = start.toISODate();
  switch (rule?.kind) {
    case "working-days-after": {
      const days = wholeNumber(rule.days, 0, rule.kind, "days");
      return days === 0
        ? sameWorkingDay(calendar, startDate)
        : countWorkingDays(calendar, startDate, calendar.nextWorkingDay(startDate), days, "after");
    }
    case "working-days-day-one": {
      const days = wholeNumber(rule.days, 1, rule.kind, "days");
      const dayOne = calendar.workingDayOnOrAfter(startDate);
      return countWorkingDays(calendar, startDate, dayOne, days, "day-one");
    }
    case "hours-after": {
      const hours = wholeNumber(rule.hours, 0, rule.kind, "hours");
      // Adding hours moves along the timeline, so a clock change makes no difference to them.
      const dueAt = toIsoInstant(start.plus({ hours }));
      return {
        dueAt,
        dueDate: calendar.localDate(dueAt),
        dayOne: null,
        excluded: [],
        explanation: `due ${formatInstant(dueAt)}: ${plural(hours, "hour")} after ${formatInstant(from)}`,
      };
    }
    case "calendar-days-after": {
      const days = wholeNumber(rule.days, 0, rule.kind, "days");
      const dueDate = addDays(startDate, days);
      const explanation =
        days === 0
          ? `due ${dueEndLabel(calendar, dueDate)}, the same day`
          : `due ${dueLabel(calendar, dueDate)}: ${plural(days, "calendar day")} after ${formatDate(startDate)}`;
      return {
        dueAt: calendar.dueInstant(dueDate),
        dueDate,
        dayOne: null,
        excluded: [],
        explanation,
      };
    }
    default:
      throw new RangeError(
        `unknown deadline rule ${JSON.stringify(rule)}: expected kind working-days-after, working-days-day-one, hours-after or calendar-days-after`,
      );
  }
}

/** N = 0 of "working days after": the end of E's own working day, or of the next one. */
function sameWorkingDay(calendar: Calendar, startDate: IsoDate): ComputedDeadline {
  const dueDate = calendar.workingDayOnOrAfter(startDate);
  const excluded = holidaysSkipped(calendar, startDate, dueDate);
  const explanation =
    dueDate === startDate
      ? `due ${dueEndLabel(calendar, dueDate)}, the same working day`
      : `due ${dueEndLabel(calendar, dueDate)}, the next working day: raised on ${formatDate(startDate)}, not a working day${exclusionClause(calendar, excluded)}`;
  return { dueAt: calendar.dueInstant(dueDate), dueDate, dayOne: null, excluded, explanation };
}

function countWorkingDays(
  calendar: Calendar,
  startDate: IsoDate,
  dayOne: IsoDate,
  days: number,
  style: "after" | "day-one",
): ComputedDeadline {
  let dueDate = dayOne;
  for (let day = 1; day < days; day++) dueDate = calendar.nextWorkingDay(dueDate);
  // Counting "after" starts the day after E, so a holiday on E itself was never skipped.
  const excluded = holidaysSkipped(
    calendar,
    style === "after" ? addDays(startDate, 1) : startDate,
    dueDate,
  );
  let reason: string;
  if (style === "after") {
    reason = `${plural(days, "working day")} after ${formatDate(startDate)} (day one ${formatDate(dayOne)})`;
  } else if (dayOne === startDate) {
    reason = `day one ${formatDate(dayOne)}`;
  } else {
    reason = `raised on ${formatDate(startDate)}, not a working day, so day one is ${formatDate(dayOne)}`;
  }
  return {
    dueAt: calendar.dueInstant(dueDate),
    dueDate,
    dayOne,
    excluded,
    explanation: `due ${dueLabel(calendar, dueDate)}: ${reason}${exclusionClause(calendar, excluded)}`,
  };
}

/** Holidays and added days on weekdays from `first` to `last` inclusive. */
function holidaysSkipped(
  calendar: Calendar,
  first: IsoDate,
  last: IsoDate,
): { date: IsoDate; title: string }[] {
  const skipped: { date: IsoDate; title: string }[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    const holiday = isWeekend(date) ? undefined : calendar.holiday(date);
    if (holiday) skipped.push({ date: holiday.date, title: holiday.title });
  }
  return skipped;
}

function wholeNumber(value: unknown, minimum: number, kind: string, unit: string): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= minimum) return value;
  const why = kind === "working-days-day-one" ? " (day one itself is day 1)" : "";
  throw new RangeError(
    `${kind} needs ${unit} as a whole number of ${minimum} or more${why}, got ${String(value)}`,
  );
}
