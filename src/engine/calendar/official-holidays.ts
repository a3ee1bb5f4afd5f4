import { assertIsoDate, type IsoDate, yearOf } from "./iso-date.ts";
import type { Nation } from "./nation.ts";
import { isSubstituteDayNote, substituteDayTitle } from "./substitute-day.ts";

/** The shape of the GOV.UK bank holidays feed (https://www.gov.uk/bank-holidays.json). */
export interface OfficialHolidays {
  [division: string]: {
    division: string;
    events: { title: string; date: string; notes?: string; bunting?: boolean }[];
  };
}

export interface OfficialHoliday {
  date: IsoDate;
  title: string;
}

/**
 * A nation's official holidays grouped by year. A year present here is covered: its official
 * list is the whole truth for that year, and the rules are not consulted.
 */
export function officialHolidaysByYear(
  official: OfficialHolidays,
  nation: Nation,
): Map<number, OfficialHoliday[]> {
  const byYear = new Map<number, OfficialHoliday[]>();
  const division = Object.hasOwn(official, nation) ? official[nation] : undefined;
  for (const event of division?.events ?? []) {
    const date = assertOfficialDate(event.date, nation);
    const title = isSubstituteDayNote(event.notes)
      ? substituteDayTitle(event.title.trim())
      : event.title.trim();
    const year = yearOf(date);
    const list = byYear.get(year) ?? [];
    list.push({ date, title });
    byYear.set(year, list);
  }
  for (const list of byYear.values()) list.sort((a, b) => (a.date < b.date ? -1 : 1));
  return byYear;
}

function assertOfficialDate(date: string, nation: Nation): IsoDate {
  try {
    return assertIsoDate(date);
  } catch {
    throw new RangeError(`official bank holidays for ${nation} hold an invalid date: "${date}"`);
  }
}
