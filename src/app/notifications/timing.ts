import { DateTime } from "luxon";
import type { Calendar, IsoDate } from "../../engine/calendar/index.ts";
import { LONDON, toIsoInstant } from "../../engine/calendar/instant.ts";
import { addDays } from "../../engine/calendar/iso-date.ts";

// When the deadline scanner speaks, on the partnership's working-day calendar. Reminders and
// prompts go at the start of a working day; an alert as soon as a deadline has passed; held
// emails go out from the start of the next working day (see digest.ts).

/** When a working day starts, local time: reminders, prompts and digests go from then. */
export const WORKING_DAY_STARTS_AT = { hour: 8, minute: 0 } as const;

/** The default for a partnership's reminders: one working day before the deadline. */
export const DEFAULT_REMINDER_WORKING_DAYS = 1;
export const MAX_REMINDER_WORKING_DAYS = 10;

// A scanner pass asks about the same few dates again and again, and each answer costs a time
// zone conversion: they are remembered, as londonDate remembers dates (a pure cache).
const starts = new Map<IsoDate, string>();
const ends = new Map<IsoDate, number>();

function remembered<T>(cache: Map<IsoDate, T>, date: IsoDate, work: () => T): T {
  let value = cache.get(date);
  if (value === undefined) {
    value = work();
    if (cache.size >= 50_000) cache.clear();
    cache.set(date, value);
  }
  return value;
}

/** 08:00 local time on `date`, as an instant. */
export function startOfWorkingDay(date: IsoDate): string {
  return remembered(starts, date, () =>
    toIsoInstant(
      DateTime.fromISO(date, { zone: LONDON }).set({ ...WORKING_DAY_STARTS_AT, second: 0 }),
    ),
  );
}

/** The last millisecond of `date`, local time, in milliseconds since the epoch. */
export function endOfDayMs(date: IsoDate): number {
  return remembered(ends, date, () =>
    DateTime.fromISO(date, { zone: LONDON }).endOf("day").toMillis(),
  );
}

function workingDayBefore(calendar: Calendar, date: IsoDate): IsoDate {
  let day = addDays(date, -1);
  while (!calendar.isWorkingDay(day)) day = addDays(day, -1);
  return day;
}

/**
 * When to remind people of a deadline: the start of the working day `workingDays` working days
 * before the day it falls due (0: the morning of that day, or of the last working day before it
 * when it falls on a day off). Null when that would not be before the deadline itself.
 */
export function reminderAt(dueAt: string, calendar: Calendar, workingDays: number): string | null {
  let day = calendar.localDate(dueAt);
  for (let step = 0; step < workingDays; step += 1) day = workingDayBefore(calendar, day);
  if (!calendar.isWorkingDay(day)) day = workingDayBefore(calendar, day);
  const at = startOfWorkingDay(day);
  return Date.parse(at) < Date.parse(dueAt) ? at : null;
}

/** When to prompt people to escalate a stage left past its deadline: the next working morning. */
export function promptAt(dueAt: string, calendar: Calendar): string {
  return startOfWorkingDay(calendar.nextWorkingDay(calendar.localDate(dueAt)));
}

/** The latest instant whose reminder may be due by `now`: the end of the working day after the reminder's reach. */
export function reminderHorizon(now: string, calendar: Calendar, workingDays: number): string {
  let day = calendar.localDate(now);
  for (let step = 0; step <= workingDays; step += 1) day = calendar.nextWorkingDay(day);
  return toIsoInstant(DateTime.fromISO(day, { zone: LONDON }).endOf("day"));
}

/** Whether held emails may go now: on a working day, from its start. */
export function workingDayStarted(now: string, calendar: Calendar): boolean {
  const today = calendar.localDate(now);
  return calendar.isWorkingDay(today) && Date.parse(now) >= Date.parse(startOfWorkingDay(today));
}

/** A partnership's reminder setting in words, as its settings page and history show it. */
export function reminderText(workingDays: number): string {
  if (workingDays === 0) return "At 8am on the day a deadline falls";
  return `${workingDays} working ${workingDays === 1 ? "day" : "days"} before a deadline, at 8am`;
}
