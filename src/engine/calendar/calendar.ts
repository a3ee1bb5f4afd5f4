import { DateTime } from "luxon";
import { holidaysByRule } from "./holidays-by-rule.ts";
import { LONDON, londonDate, toIsoInstant } from "./instant.ts";
import { addDays, assertIsoDate, type IsoDate, isWeekend, yearOf } from "./iso-date.ts";
import { isNation, type Nation } from "./nation.ts";
import { type OfficialHolidays, officialHolidaysByYear } from "./official-holidays.ts";

export interface BankHoliday {
  date: IsoDate;
  title: string;
  /** official: from the GOV.UK data; rule: computed for a year it does not cover; added: by an administrator. */
  source: "official" | "rule" | "added";
}

export interface CalendarOptions {
  nation: Nation;
  /** GOV.UK-shaped data; for each year it lists for the nation, it is the whole truth. */
  official: OfficialHolidays;
  /** One-off non-working days an administrator adds, e.g. a newly announced bank holiday. */
  addedDays?: readonly { date: IsoDate; title: string }[];
  /** "HH:MM" local time at which deadlines fall due; null or absent means the end of the day. */
  closeOfBusiness?: string | null;
}

export interface Calendar {
  readonly nation: Nation;
  readonly closeOfBusiness: string | null;
  holiday(date: IsoDate): BankHoliday | undefined;
  /** Monday to Friday and not a holiday of the nation (nor an added day). */
  isWorkingDay(date: IsoDate): boolean;
  /** The Europe/London date of an ISO 8601 instant carrying an offset or Z. */
  localDate(instant: string): IsoDate;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate;
  workingDayOnOrAfter(date: IsoDate): IsoDate;
  /** When a deadline on `date` falls due: close of business, else 23:59:59.999 local. */
  dueInstant(date: IsoDate): string;
  /** When `date` begins: 00:00 local, for what falls due on a day rather than by its end. */
  dayStart(date: IsoDate): string;
  /** The year's holidays, sorted by date. */
  bankHolidays(year: number): BankHoliday[];
}

const HOURS_MINUTES = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function createCalendar(options: CalendarOptions): Calendar {
  const { nation, official } = options;
  if (!isNation(nation)) {
    throw new RangeError(
      `nation must be england-and-wales, scotland or northern-ireland, got "${String(nation)}"`,
    );
  }
  const closeOfBusiness = options.closeOfBusiness ?? null;
  const closing = closeOfBusiness === null ? null : parseHoursMinutes(closeOfBusiness);
  const officialByYear = officialHolidaysByYear(official, nation);
  const addedByYear = groupAddedDays(options.addedDays ?? []);
  const yearCache = new Map<number, Map<IsoDate, BankHoliday>>();

  function holidaysOfYear(year: number): Map<IsoDate, BankHoliday> {
    const cached = yearCache.get(year);
    if (cached) return cached;
    const officialDays = officialByYear.get(year);
    const nationDays: BankHoliday[] = officialDays
      ? officialDays.map((day) => ({ ...day, source: "official" }))
      : holidaysByRule(nation, year).map((day) => ({ ...day, source: "rule" }));
    const byDate = new Map<IsoDate, BankHoliday>();
    for (const day of nationDays) byDate.set(day.date, day);
    // An added day that is already a holiday changes nothing; the nation's title is kept.
    for (const day of addedByYear.get(year) ?? []) {
      if (!byDate.has(day.date)) byDate.set(day.date, day);
    }
    const sorted = new Map([...byDate].sort(([a], [b]) => (a < b ? -1 : 1)));
    yearCache.set(year, sorted);
    return sorted;
  }

  function holiday(date: IsoDate): BankHoliday | undefined {
    const found = holidaysOfYear(yearOf(date)).get(date);
    return found && { ...found };
  }

  function isWorkingDay(date: IsoDate): boolean {
    return !isWeekend(date) && !holidaysOfYear(yearOf(date)).has(date);
  }

  function nextWorkingDay(date: IsoDate): IsoDate {
    let day = addDays(date, 1);
    while (!isWorkingDay(day)) day = addDays(day, 1);
    return day;
  }

  return {
    nation,
    closeOfBusiness,
    holiday,
    isWorkingDay,
    localDate: londonDate,
    nextWorkingDay,
    workingDayOnOrAfter: (date) => (isWorkingDay(date) ? date : nextWorkingDay(date)),
    dueInstant(date) {
      const start = DateTime.fromISO(assertIsoDate(date), { zone: LONDON });
      const due = closing ? start.set(closing) : start.endOf("day");
      return toIsoInstant(due);
    },
    dayStart: (date) =>
      toIsoInstant(DateTime.fromISO(assertIsoDate(date), { zone: LONDON }).startOf("day")),
    bankHolidays: (year) => [...holidaysOfYear(year).values()].map((day) => ({ ...day })),
  };
}

function parseHoursMinutes(value: string): { hour: number; minute: number } {
  const match = typeof value === "string" ? HOURS_MINUTES.exec(value) : null;
  if (!match) {
    throw new RangeError(
      `closeOfBusiness must be a time "HH:MM" from 00:00 to 23:59, got "${value}"`,
    );
  }
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function groupAddedDays(
  days: readonly { date: IsoDate; title: string }[],
): Map<number, BankHoliday[]> {
  const byYear = new Map<number, BankHoliday[]>();
  for (const day of days) {
    const title = typeof day.title === "string" ? day.title.trim() : "";
    if (title === "") throw new RangeError(`the added day ${day.date} needs a title`);
    const date = assertIsoDate(day.date);
    const list = byYear.get(yearOf(date)) ?? [];
    list.push({ date, title, source: "added" });
    byYear.set(yearOf(date), list);
  }
  return byYear;
}
