import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { computeDeadline, createCalendar, type OfficialHolidays } from "./index.ts";

// The day a clock starts on is the day in London, not in UTC, and deadlines keep the offset in
// force on their own date.

const official = JSON.parse(
  readFileSync(new URL("../../../data/bank-holidays.json", import.meta.url), "utf8"),
) as OfficialHolidays;

const calendar = createCalendar({ nation: "england-and-wales", official });
const after = (days: number) => ({ kind: "working-days-after", days }) as const;
const dayOne = (days: number) => ({ kind: "working-days-day-one", days }) as const;

describe("which local day a raise falls on", () => {
  test("23:30 UTC on a summer Thursday is already Friday in London", () => {
    const raised = "2025-06-05T23:30:00Z";
    assert.equal(calendar.localDate(raised), "2025-06-06");
    const sameDay = computeDeadline(calendar, dayOne(1), raised);
    assert.equal(sameDay.dueDate, "2025-06-06");
    assert.equal(sameDay.explanation, "due Fri 6 Jun 2025: day one Fri 6 Jun 2025");
    assert.equal(computeDeadline(calendar, after(1), raised).dueDate, "2025-06-09");
  });

  test("23:30 UTC in winter is still the same day in London", () => {
    assert.equal(
      computeDeadline(calendar, dayOne(1), "2025-01-09T23:30:00Z").dueDate,
      "2025-01-09",
    );
  });

  test("00:30 on a Saturday, London time, counts from the next working day", () => {
    const raised = "2025-05-24T00:30:00+01:00"; // 23:30 UTC on the Friday
    assert.equal(calendar.localDate(raised), "2025-05-24");
    const deadline = computeDeadline(calendar, dayOne(1), raised);
    assert.equal(deadline.dayOne, "2025-05-27");
    assert.match(deadline.explanation, /raised on Sat 24 May 2025, not a working day/);
    assert.equal(
      computeDeadline(calendar, dayOne(1), "2025-05-23T22:30:00Z").dueDate,
      "2025-05-23",
    );
  });

  test("late at night on a bank holiday is still the bank holiday", () => {
    const raised = "2025-05-26T23:45:00+01:00";
    const deadline = computeDeadline(calendar, dayOne(1), raised);
    assert.equal(deadline.dueDate, "2025-05-27");
    assert.deepEqual(deadline.excluded, [{ date: "2025-05-26", title: "Spring bank holiday" }]);
    assert.equal(computeDeadline(calendar, after(1), raised).dueDate, "2025-05-27");
    assert.equal(computeDeadline(calendar, after(0), raised).dueDate, "2025-05-27");
    // A quarter of an hour later it is Tuesday, a working day.
    assert.equal(
      computeDeadline(calendar, after(1), "2025-05-27T00:00:00+01:00").dueDate,
      "2025-05-28",
    );
  });
});

describe("deadlines across the clock changes", () => {
  test("spring forward (Sun 30 Mar 2025): raised in GMT, due in BST", () => {
    const deadline = computeDeadline(calendar, after(3), "2025-03-27T10:00:00+00:00");
    assert.equal(deadline.dueAt, "2025-04-01T23:59:59.999+01:00");
    assert.equal(calendar.localDate(deadline.dueAt), "2025-04-01");
  });

  test("fall back (Sun 26 Oct 2025): raised in BST, due in GMT", () => {
    const deadline = computeDeadline(calendar, after(3), "2025-10-23T10:00:00+01:00");
    assert.equal(deadline.dueAt, "2025-10-28T23:59:59.999+00:00");
  });

  test("calendar days across the spring change end at local midnight", () => {
    const deadline = computeDeadline(
      calendar,
      { kind: "calendar-days-after", days: 7 },
      "2025-03-28T10:00:00Z",
    );
    assert.equal(deadline.dueAt, "2025-04-04T23:59:59.999+01:00");
  });

  test("48 hours are 48 real hours, so the wall clock moves by one", () => {
    const hours = (count: number) => ({ kind: "hours-after", hours: count }) as const;
    const spring = computeDeadline(calendar, hours(48), "2025-03-29T12:00:00+00:00");
    assert.equal(spring.dueAt, "2025-03-31T13:00:00.000+01:00");
    assert.equal(
      spring.explanation,
      "due 13:00 Mon 31 Mar 2025: 48 hours after 12:00 Sat 29 Mar 2025",
    );
    const autumn = computeDeadline(calendar, hours(48), "2025-10-25T12:00:00+01:00");
    assert.equal(autumn.dueAt, "2025-10-27T11:00:00.000+00:00");
    const hour = 3_600_000;
    assert.equal(Date.parse(spring.dueAt) - Date.parse("2025-03-29T12:00:00+00:00"), 48 * hour);
    assert.equal(Date.parse(autumn.dueAt) - Date.parse("2025-10-25T12:00:00+01:00"), 48 * hour);
  });

  test("close of business 17:00 is 17:00 local on either side of the change", () => {
    const closing = createCalendar({
      nation: "england-and-wales",
      official,
      closeOfBusiness: "17:00",
    });
    const spring = computeDeadline(closing, after(3), "2025-03-27T10:00:00+00:00");
    assert.equal(spring.dueAt, "2025-04-01T17:00:00.000+01:00");
    assert.equal(spring.dueDate, "2025-04-01");
    const autumn = computeDeadline(closing, after(3), "2025-10-23T10:00:00+01:00");
    assert.equal(autumn.dueAt, "2025-10-28T17:00:00.000+00:00");
    assert.match(autumn.explanation, /^due 17:00 Tue 28 Oct 2025: /);
  });
});
