import { easterSunday } from "./easter.ts";
import { addDays, type IsoDate, isoDate, isWeekend, weekday } from "./iso-date.ts";
import type { Nation } from "./nation.ts";
import { substituteDayTitle } from "./substitute-day.ts";

// Today's pattern of UK bank holidays, for years the official data does not cover. These are
// rules of our own, checked against every official year by holidays-by-rule.test.ts; one-off
// days (jubilees, funerals, moved holidays) cannot be foreseen and come from the official data
// or from days an administrator adds.

export interface RuleHoliday {
  date: IsoDate;
  title: string;
}

const TITLES = {
  newYear: "New Year’s Day",
  secondJanuary: "2nd January",
  stPatrick: "St Patrick’s Day",
  goodFriday: "Good Friday",
  easterMonday: "Easter Monday",
  earlyMay: "Early May bank holiday",
  spring: "Spring bank holiday",
  boyne: "Battle of the Boyne (Orangemen’s Day)",
  summer: "Summer bank holiday",
  stAndrew: "St Andrew’s Day",
  christmas: "Christmas Day",
  boxing: "Boxing Day",
} as const;

const FIRST_GREGORIAN_YEAR = 1583;
const LAST_FOUR_DIGIT_YEAR = 9999;

export function holidaysByRule(nation: Nation, year: number): RuleHoliday[] {
  if (!Number.isInteger(year) || year < FIRST_GREGORIAN_YEAR || year > LAST_FOUR_DIGIT_YEAR) {
    throw new RangeError(
      `year must be a whole number from ${FIRST_GREGORIAN_YEAR} to ${LAST_FOUR_DIGIT_YEAR}, got ${year}`,
    );
  }
  const easter = easterSunday(year);
  const holidays: RuleHoliday[] = [];

  if (nation === "scotland") {
    holidays.push(...scottishNewYear(year));
  } else {
    holidays.push(mondayIfWeekend(isoDate(year, 1, 1), TITLES.newYear));
  }
  if (nation === "northern-ireland") {
    holidays.push(mondayIfWeekend(isoDate(year, 3, 17), TITLES.stPatrick));
  }
  holidays.push({ date: addDays(easter, -2), title: TITLES.goodFriday });
  if (nation !== "scotland") {
    holidays.push({ date: addDays(easter, 1), title: TITLES.easterMonday });
  }
  holidays.push({ date: firstMonday(year, 5), title: TITLES.earlyMay });
  holidays.push({ date: lastMonday(year, 5), title: TITLES.spring });
  if (nation === "northern-ireland") {
    holidays.push(mondayIfWeekend(isoDate(year, 7, 12), TITLES.boyne));
  }
  holidays.push({
    date: nation === "scotland" ? firstMonday(year, 8) : lastMonday(year, 8),
    title: TITLES.summer,
  });
  if (nation === "scotland") {
    holidays.push(mondayIfWeekend(isoDate(year, 11, 30), TITLES.stAndrew));
  }
  holidays.push(...christmasAndBoxingDay(year));

  return holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function mondayIfWeekend(date: IsoDate, title: string): RuleHoliday {
  const day = weekday(date);
  if (day < 6) return { date, title };
  return { date: addDays(date, 8 - day), title: substituteDayTitle(title) };
}

function firstWeekdayOnOrAfter(date: IsoDate): IsoDate {
  let day = date;
  while (isWeekend(day)) day = addDays(day, 1);
  return day;
}

function firstMonday(year: number, month: number): IsoDate {
  const first = isoDate(year, month, 1);
  return addDays(first, (8 - weekday(first)) % 7);
}

function lastMonday(year: number, month: number): IsoDate {
  const last = addDays(month === 12 ? isoDate(year + 1, 1, 1) : isoDate(year, month + 1, 1), -1);
  return addDays(last, -((weekday(last) + 6) % 7));
}

/**
 * Christmas and Boxing Day: a day falling on a weekday keeps its date; one falling at the
 * weekend takes the next weekday not already taken, Christmas first. So Christmas on a Sunday
 * gives Boxing Day on Mon 26 and Christmas on Tue 27 (as in 2022).
 */
function christmasAndBoxingDay(year: number): RuleHoliday[] {
  const days: RuleHoliday[] = [
    { date: isoDate(year, 12, 25), title: TITLES.christmas },
    { date: isoDate(year, 12, 26), title: TITLES.boxing },
  ];
  const result = days.filter((day) => !isWeekend(day.date));
  const taken = new Set(result.map((day) => day.date));
  for (const day of days.filter((candidate) => isWeekend(candidate.date))) {
    let date = firstWeekdayOnOrAfter(day.date);
    while (taken.has(date)) date = firstWeekdayOnOrAfter(addDays(date, 1));
    taken.add(date);
    result.push({ date, title: substituteDayTitle(day.title) });
  }
  return result;
}

/**
 * Scotland's New Year's Day and 2nd January: unlike Christmas, these are placed in order, so
 * New Year's Day on a Sunday takes Mon 2 January and 2nd January moves to Tue 3 (as in 2023).
 */
function scottishNewYear(year: number): RuleHoliday[] {
  const newYearNominal = isoDate(year, 1, 1);
  const newYear = firstWeekdayOnOrAfter(newYearNominal);
  const secondNominal = isoDate(year, 1, 2);
  const second = firstWeekdayOnOrAfter(
    newYear < secondNominal ? secondNominal : addDays(newYear, 1),
  );
  return [
    { date: newYear, title: titleFor(newYear, newYearNominal, TITLES.newYear) },
    { date: second, title: titleFor(second, secondNominal, TITLES.secondJanuary) },
  ];
}

function titleFor(date: IsoDate, nominal: IsoDate, title: string): string {
  return date === nominal ? title : substituteDayTitle(title);
}
