import { type AddedHoliday, saveAddedHolidays } from "../../db/calendar.ts";
import { findPartnership } from "../../db/directory.ts";
import { formatDate, isIsoDate } from "../../engine/calendar/index.ts";
import { reprojectForCalendar } from "../calendar-changes.ts";
import { calendarOf } from "../procedures.ts";
import { type Actor, type AdminDeps, changing, type Outcome, refuse } from "./changes.ts";

// Bank holidays a partnership adds to its nation's: a one-off closure announced after Resolve's
// bank-holiday data was shipped (a national event, say). Adding or removing one moves the
// deadlines still running and their reminders: the escalations' read model is worked out again on
// the new calendar in the same transaction, and the change goes in the administration history.

export const HOLIDAY_TITLE_MAX = 100;
/** How far ahead a day may be added: bank holidays are announced a year or two ahead at most. */
export const HOLIDAY_YEARS_AHEAD = 5;

/** Adds a non-working day: a real weekday, today or later, not already a holiday. */
export function addHoliday(deps: AdminDeps, actor: Actor, day: AddedHoliday): Promise<Outcome> {
  return changing(deps, actor, async (tx) => {
    const partnership = await findPartnership(tx, actor.partnershipId);
    if (partnership === undefined)
      return { outcome: refuse("date-day", "There is no such partnership") };
    const title = day.title.trim();
    if (title === "") return { outcome: refuse("title", "Enter the name of the bank holiday") };
    if (title.length > HOLIDAY_TITLE_MAX) {
      return {
        outcome: refuse("title", `The name must be ${HOLIDAY_TITLE_MAX} characters or fewer`),
      };
    }
    if (!isIsoDate(day.date))
      return { outcome: refuse("date-day", "The date must be a real date") };
    const calendar = calendarOf(partnership);
    const today = calendar.localDate(deps.now());
    const when = formatDate(day.date);
    if (day.date < today) {
      return { outcome: refuse("date-day", "The date must be today or in the future") };
    }
    if (Number(day.date.slice(0, 4)) > Number(today.slice(0, 4)) + HOLIDAY_YEARS_AHEAD) {
      return {
        outcome: refuse(
          "date-day",
          `The date must be within the next ${HOLIDAY_YEARS_AHEAD} years`,
        ),
      };
    }
    const holiday = calendar.holiday(day.date);
    if (holiday !== undefined) {
      return {
        outcome: refuse(
          "date-day",
          holiday.source === "added"
            ? `${when} has already been added, as ${holiday.title}`
            : `${when} is already a bank holiday (${holiday.title})`,
        ),
      };
    }
    if (!calendar.isWorkingDay(day.date)) {
      return {
        outcome: refuse("date-day", `${when} is a weekend day, so it is not a working day already`),
      };
    }
    const after = {
      ...partnership,
      addedHolidays: [...partnership.addedHolidays, { date: day.date, title }],
    };
    await saveAddedHolidays(tx, partnership.id, after.addedHolidays);
    await reprojectForCalendar(tx, after);
    return {
      outcome: { ok: true, id: partnership.id },
      change: {
        kind: "holiday-added",
        recordType: "partnership",
        recordId: partnership.id,
        before: null,
        after: { name: title, date: day.date },
      },
    };
  });
}

/** Takes off a day the partnership added, while it is still to come: a day passed stays. */
export function removeHoliday(deps: AdminDeps, actor: Actor, date: string): Promise<Outcome> {
  return changing(deps, actor, async (tx) => {
    const partnership = await findPartnership(tx, actor.partnershipId);
    const day =
      partnership === undefined
        ? undefined
        : partnership.addedHolidays.find((each) => each.date === date);
    if (partnership === undefined || day === undefined) {
      return { outcome: refuse("date", "That day is not one the partnership added") };
    }
    if (date < calendarOf(partnership).localDate(deps.now())) {
      return {
        outcome: refuse(
          "date",
          `${formatDate(date)} has passed: the deadlines counted over it stay as they were`,
        ),
      };
    }
    const after = {
      ...partnership,
      addedHolidays: partnership.addedHolidays.filter((each) => each.date !== date),
    };
    await saveAddedHolidays(tx, partnership.id, after.addedHolidays);
    await reprojectForCalendar(tx, after);
    return {
      outcome: { ok: true, id: partnership.id },
      change: {
        kind: "holiday-removed",
        recordType: "partnership",
        recordId: partnership.id,
        before: { name: day.title, date: day.date },
        after: null,
      },
    };
  });
}
