import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import {
  computeDeadline,
  createCalendar,
  type DeadlineRule,
  type OfficialHolidays,
} from "./index.ts";

const official = JSON.parse(
  readFileSync(new URL("../../../data/bank-holidays.json", import.meta.url), "utf8"),
) as OfficialHolidays;

const calendar = createCalendar({ nation: "england-and-wales", official });
const dayOne = (days: number): DeadlineRule => ({ kind: "working-days-day-one", days });
const after = (days: number): DeadlineRule => ({ kind: "working-days-after", days });

describe("the worked example: raised Fri 20 Dec 2024 at 09:30, Day One rule", () => {
  const raised = "2024-12-20T09:30:00+00:00";

  test("3 days: due at the end of Christmas Eve", () => {
    assert.deepEqual(computeDeadline(calendar, dayOne(3), raised), {
      dueAt: "2024-12-24T23:59:59.999+00:00",
      dueDate: "2024-12-24",
      dayOne: "2024-12-20",
      excluded: [],
      explanation: "due Tue 24 Dec 2024: day one Fri 20 Dec 2024",
    });
  });

  test("6 days: Christmas and Boxing Day skipped, due New Year's Eve", () => {
    const deadline = computeDeadline(calendar, dayOne(6), raised);
    assert.equal(deadline.dueAt, "2024-12-31T23:59:59.999+00:00");
    assert.equal(deadline.dueDate, "2024-12-31");
    assert.equal(
      deadline.explanation,
      "due Tue 31 Dec 2024: day one Fri 20 Dec 2024; Wed 25 Dec 2024 bank holiday (Christmas Day) and Thu 26 Dec 2024 bank holiday (Boxing Day) excluded",
    );
  });

  test("9 days: due Mon 6 Jan 2025, with the three holidays named", () => {
    const deadline = computeDeadline(calendar, dayOne(9), raised);
    assert.equal(deadline.dueAt, "2025-01-06T23:59:59.999+00:00");
    assert.equal(deadline.dueDate, "2025-01-06");
    assert.deepEqual(deadline.excluded, [
      { date: "2024-12-25", title: "Christmas Day" },
      { date: "2024-12-26", title: "Boxing Day" },
      { date: "2025-01-01", title: "New Year’s Day" },
    ]);
    assert.match(deadline.explanation, /Wed 25 Dec 2024 bank holiday \(Christmas Day\)/);
    assert.match(deadline.explanation, /Thu 26 Dec 2024 bank holiday \(Boxing Day\)/);
  });

  test("12 days: due Thu 9 Jan 2025", () => {
    const deadline = computeDeadline(calendar, dayOne(12), raised);
    assert.equal(deadline.dueAt, "2025-01-09T23:59:59.999+00:00");
    assert.equal(deadline.dueDate, "2025-01-09");
  });
});

describe("explanations", () => {
  test("Day One over the Spring bank holiday", () => {
    const deadline = computeDeadline(calendar, dayOne(3), "2025-05-22T10:00:00+01:00");
    assert.equal(
      deadline.explanation,
      "due Tue 27 May 2025: day one Thu 22 May 2025; Mon 26 May 2025 bank holiday (Spring bank holiday) excluded",
    );
    assert.deepEqual(deadline.excluded, [{ date: "2025-05-26", title: "Spring bank holiday" }]);
  });

  test("working days after, naming day one", () => {
    const deadline = computeDeadline(calendar, after(5), "2025-01-27T11:00:00Z");
    assert.equal(deadline.dueDate, "2025-02-03");
    assert.equal(deadline.dayOne, "2025-01-28");
    assert.equal(
      deadline.explanation,
      "due Mon 3 Feb 2025: 5 working days after Mon 27 Jan 2025 (day one Tue 28 Jan 2025)",
    );
    assert.equal(
      computeDeadline(calendar, after(1), "2025-01-27T11:00:00Z").explanation,
      "due Tue 28 Jan 2025: 1 working day after Mon 27 Jan 2025 (day one Tue 28 Jan 2025)",
    );
  });

  test("raised on a non-working day, Day One is the next working day and the reader is told", () => {
    const deadline = computeDeadline(calendar, dayOne(3), "2025-05-24T10:00:00+01:00");
    assert.equal(deadline.dayOne, "2025-05-27");
    assert.equal(deadline.dueDate, "2025-05-29");
    assert.equal(
      deadline.explanation,
      "due Thu 29 May 2025: raised on Sat 24 May 2025, not a working day, so day one is Tue 27 May 2025; Mon 26 May 2025 bank holiday (Spring bank holiday) excluded",
    );
  });

  test("0 working days: the same working day, or the next one", () => {
    const same = computeDeadline(calendar, after(0), "2025-05-23T10:00:00+01:00");
    assert.deepEqual(same, {
      dueAt: "2025-05-23T23:59:59.999+01:00",
      dueDate: "2025-05-23",
      dayOne: null,
      excluded: [],
      explanation: "due end of Fri 23 May 2025, the same working day",
    });
    const weekend = computeDeadline(calendar, after(0), "2025-05-24T10:00:00+01:00");
    assert.equal(weekend.dueDate, "2025-05-27");
    assert.deepEqual(weekend.excluded, [{ date: "2025-05-26", title: "Spring bank holiday" }]);
    assert.equal(
      weekend.explanation,
      "due end of Tue 27 May 2025, the next working day: raised on Sat 24 May 2025, not a working day; Mon 26 May 2025 bank holiday (Spring bank holiday) excluded",
    );
  });

  test("hours after: the exact instant", () => {
    const deadline = computeDeadline(
      calendar,
      { kind: "hours-after", hours: 48 },
      "2024-10-22T14:30:00+01:00",
    );
    assert.deepEqual(deadline, {
      dueAt: "2024-10-24T14:30:00.000+01:00",
      dueDate: "2024-10-24",
      dayOne: null,
      excluded: [],
      explanation: "due 14:30 Thu 24 Oct 2024: 48 hours after 14:30 Tue 22 Oct 2024",
    });
    assert.match(
      computeDeadline(calendar, { kind: "hours-after", hours: 1 }, "2024-10-22T14:30:00+01:00")
        .explanation,
      /: 1 hour after/,
    );
  });

  test("calendar days after: the end of that date, weekends and holidays included", () => {
    const deadline = computeDeadline(
      calendar,
      { kind: "calendar-days-after", days: 7 },
      "2024-10-22T14:30:00+01:00",
    );
    assert.equal(deadline.dueAt, "2024-10-29T23:59:59.999+00:00");
    assert.equal(
      deadline.explanation,
      "due Tue 29 Oct 2024: 7 calendar days after Tue 22 Oct 2024",
    );
    const christmas = computeDeadline(
      calendar,
      { kind: "calendar-days-after", days: 1 },
      "2024-12-24T12:00:00Z",
    );
    assert.equal(christmas.dueDate, "2024-12-25");
    assert.equal(
      christmas.explanation,
      "due Wed 25 Dec 2024: 1 calendar day after Tue 24 Dec 2024",
    );
    assert.equal(
      computeDeadline(calendar, { kind: "calendar-days-after", days: 0 }, "2024-12-24T12:00:00Z")
        .explanation,
      "due end of Tue 24 Dec 2024, the same day",
    );
  });

  test("with a close of business the time is given", () => {
    const closing = createCalendar({
      nation: "england-and-wales",
      official,
      closeOfBusiness: "17:00",
    });
    const deadline = computeDeadline(closing, dayOne(3), "2025-05-22T10:00:00+01:00");
    assert.equal(deadline.dueAt, "2025-05-27T17:00:00.000+01:00");
    assert.equal(
      deadline.explanation,
      "due 17:00 Tue 27 May 2025: day one Thu 22 May 2025; Mon 26 May 2025 bank holiday (Spring bank holiday) excluded",
    );
    assert.equal(
      computeDeadline(closing, after(0), "2025-05-23T10:00:00+01:00").explanation,
      "due 17:00 Fri 23 May 2025, the same working day",
    );
    // Hours after is an exact instant, untouched by close of business.
    assert.equal(
      computeDeadline(closing, { kind: "hours-after", hours: 2 }, "2025-05-23T10:00:00+01:00")
        .dueAt,
      "2025-05-23T12:00:00.000+01:00",
    );
  });
});

describe("invalid input", () => {
  const raised = "2025-05-22T10:00:00+01:00";

  test("days must be whole numbers of 0 or more", () => {
    for (const days of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(
        () => computeDeadline(calendar, after(days), raised),
        /working-days-after needs days as a whole number of 0 or more/,
      );
      assert.throws(
        () => computeDeadline(calendar, { kind: "calendar-days-after", days }, raised),
        RangeError,
      );
      assert.throws(
        () => computeDeadline(calendar, { kind: "hours-after", hours: days }, raised),
        RangeError,
      );
    }
  });

  test("Day One needs at least one day", () => {
    assert.throws(
      () => computeDeadline(calendar, dayOne(0), raised),
      /working-days-day-one needs days as a whole number of 1 or more \(day one itself is day 1\), got 0/,
    );
  });

  test("an unknown rule is refused", () => {
    const unknown = { kind: "fortnights-after", days: 1 } as unknown as DeadlineRule;
    assert.throws(() => computeDeadline(calendar, unknown, raised), /unknown deadline rule/);
  });

  test("an unreadable instant is refused", () => {
    for (const bad of ["2025-05-22 10:00", "2025-05-22T10:00:00", "not a time"]) {
      assert.throws(() => computeDeadline(calendar, dayOne(1), bad), RangeError, bad);
    }
  });
});
