import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import fc from "fast-check";
import { DateTime } from "luxon";
import {
  type Calendar,
  computeDeadline,
  createCalendar,
  type DeadlineRule,
  formatDate,
  NATIONS,
  type OfficialHolidays,
} from "./index.ts";
import { addDays, isWeekend } from "./iso-date.ts";

const official = JSON.parse(
  readFileSync(new URL("../../../data/bank-holidays.json", import.meta.url), "utf8"),
) as OfficialHolidays;

const calendars = NATIONS.map((nation) => createCalendar({ nation, official }));

// Instants from 2018 (official years) to the end of 2030 (rule years), written either in UTC
// or with the London offset of the moment, as callers may do both.
const instant = fc
  .tuple(
    fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2031, 0, 1) - 1 }),
    fc.boolean(),
    fc.constantFrom(...calendars),
  )
  .map(([ms, writeInUtc, calendar]) => {
    const from = writeInUtc
      ? new Date(ms).toISOString()
      : DateTime.fromMillis(ms, { zone: "Europe/London" }).toISO();
    return { calendar, from: from ?? "" };
  });
const days = fc.integer({ min: 0, max: 40 });
const after = (count: number) => ({ kind: "working-days-after", days: count }) as const;
const dayOne = (count: number) => ({ kind: "working-days-day-one", days: count }) as const;

function workingDaysFromTo(calendar: Calendar, first: string, last: string): number {
  let count = 0;
  for (let date = first; date <= last; date = addDays(date, 1)) {
    if (calendar.isWorkingDay(date)) count++;
  }
  return count;
}

describe("working-day deadlines, for any start and count", () => {
  test("the due date is a working day, for both rules and for N = 0", () => {
    fc.assert(
      fc.property(instant, days, ({ calendar, from }, count) => {
        assert.ok(calendar.isWorkingDay(computeDeadline(calendar, after(count), from).dueDate));
        if (count >= 1) {
          assert.ok(calendar.isWorkingDay(computeDeadline(calendar, dayOne(count), from).dueDate));
        }
      }),
    );
  });

  test("exactly N working days are counted, from day one to the due date", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 }), ({ calendar, from }, count) => {
        const start = calendar.localDate(from);
        for (const rule of [after(count), dayOne(count)]) {
          const deadline = computeDeadline(calendar, rule, from);
          assert.ok(deadline.dayOne !== null);
          // "After" never counts the start date itself; Day One may.
          assert.ok(
            rule.kind === "working-days-after" ? deadline.dayOne > start : deadline.dayOne >= start,
          );
          assert.equal(
            workingDaysFromTo(calendar, start, addDays(deadline.dayOne, -1)),
            rule.kind === "working-days-after" && calendar.isWorkingDay(start) ? 1 : 0,
          );
          assert.equal(workingDaysFromTo(calendar, deadline.dayOne, deadline.dueDate), count);
        }
      }),
    );
  });

  test("more days never give an earlier deadline", () => {
    fc.assert(
      fc.property(instant, days, days, ({ calendar, from }, a, b) => {
        const [fewer, more] = a <= b ? [a, b] : [b, a];
        const rules = [
          [after(fewer), after(more)],
          [
            { kind: "calendar-days-after", days: fewer },
            { kind: "calendar-days-after", days: more },
          ],
          [
            { kind: "hours-after", hours: fewer },
            { kind: "hours-after", hours: more },
          ],
        ] as const;
        for (const [short, long] of rules) {
          const early = computeDeadline(calendar, short, from);
          const late = computeDeadline(calendar, long, from);
          assert.ok(Date.parse(early.dueAt) <= Date.parse(late.dueAt));
          assert.ok(early.dueDate <= late.dueDate);
        }
        if (fewer >= 1) {
          const early = computeDeadline(calendar, dayOne(fewer), from).dueDate;
          assert.ok(early <= computeDeadline(calendar, dayOne(more), from).dueDate);
        }
      }),
    );
  });

  test("started on a working day: Day One with N + 1 days is N days after, one working day sooner", () => {
    fc.assert(
      fc.property(instant, days, ({ calendar, from }, count) => {
        fc.pre(calendar.isWorkingDay(calendar.localDate(from)));
        const afterN = computeDeadline(calendar, after(count), from).dueDate;
        assert.equal(computeDeadline(calendar, dayOne(count + 1), from).dueDate, afterN);
        if (count >= 1) {
          const dayOneN = computeDeadline(calendar, dayOne(count), from).dueDate;
          assert.equal(calendar.nextWorkingDay(dayOneN), afterN);
        }
      }),
    );
  });

  test("started on a non-working day: both rules count from the next working day alike", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 }), ({ calendar, from }, count) => {
        fc.pre(!calendar.isWorkingDay(calendar.localDate(from)));
        assert.equal(
          computeDeadline(calendar, dayOne(count), from).dueDate,
          computeDeadline(calendar, after(count), from).dueDate,
        );
      }),
    );
  });

  test("excluded days are weekday holidays of the calendar, in order, within the count", () => {
    fc.assert(
      fc.property(instant, days, ({ calendar, from }, count) => {
        const deadline = computeDeadline(calendar, after(count), from);
        const dates = deadline.excluded.map((day) => day.date);
        assert.deepEqual(dates, [...new Set(dates)].sort());
        for (const { date, title } of deadline.excluded) {
          assert.equal(isWeekend(date), false);
          assert.equal(calendar.holiday(date)?.title, title);
          assert.ok(date >= calendar.localDate(from) && date <= deadline.dueDate);
          assert.ok(deadline.explanation.includes(`${formatDate(date)} bank holiday (`));
        }
      }),
    );
  });
});

describe("the due instant, for any start and count", () => {
  test("ends at 23:59:59.999 London time on the due date", () => {
    fc.assert(
      fc.property(instant, days, ({ calendar, from }, count) => {
        const rules: DeadlineRule[] = [after(count), { kind: "calendar-days-after", days: count }];
        if (count >= 1) rules.push(dayOne(count));
        for (const rule of rules) {
          const deadline = computeDeadline(calendar, rule, from);
          assert.match(deadline.dueAt, /^\d{4}-\d{2}-\d{2}T23:59:59\.999\+0[01]:00$/);
          assert.equal(deadline.dueAt.slice(0, 10), deadline.dueDate);
          assert.equal(calendar.localDate(deadline.dueAt), deadline.dueDate);
          // One millisecond later is the start of the next London day.
          const next = new Date(Date.parse(deadline.dueAt) + 1).toISOString();
          assert.equal(calendar.localDate(next), addDays(deadline.dueDate, 1));
        }
      }),
    );
  });

  test("with a close of business, falls at that local time on the due date", () => {
    const closingTime = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(
        ([hour, minute]) => `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`,
      );
    fc.assert(
      fc.property(instant, days, closingTime, ({ calendar, from }, count, closeOfBusiness) => {
        const closing = createCalendar({ nation: calendar.nation, official, closeOfBusiness });
        const deadline = computeDeadline(closing, after(count), from);
        // Due dates are working days, never the Sunday of a clock change, so every time exists.
        assert.equal(deadline.dueAt.slice(0, 16), `${deadline.dueDate}T${closeOfBusiness}`);
        assert.equal(closing.localDate(deadline.dueAt), deadline.dueDate);
      }),
    );
  });

  test("hours after is exactly that many real hours later", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 24 * 40 }), ({ calendar, from }, hours) => {
        const deadline = computeDeadline(calendar, { kind: "hours-after", hours }, from);
        assert.equal(Date.parse(deadline.dueAt) - Date.parse(from), hours * 3_600_000);
        assert.equal(calendar.localDate(deadline.dueAt), deadline.dueDate);
      }),
    );
  });

  test("calendar days after ends on the start's London date plus N", () => {
    fc.assert(
      fc.property(instant, days, ({ calendar, from }, count) => {
        const deadline = computeDeadline(
          calendar,
          { kind: "calendar-days-after", days: count },
          from,
        );
        assert.equal(deadline.dueDate, addDays(calendar.localDate(from), count));
      }),
    );
  });
});
