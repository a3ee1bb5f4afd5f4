import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import {
  computeDeadline,
  createCalendar,
  holidaysByRule,
  NATIONS,
  type OfficialHolidays,
} from "./index.ts";

const official = JSON.parse(
  readFileSync(new URL("../../../data/bank-holidays.json", import.meta.url), "utf8"),
) as OfficialHolidays;

const englandAndWales = createCalendar({ nation: "england-and-wales", official });

describe("which holidays a calendar uses", () => {
  test("official dates for the years the data covers, including one-off days", () => {
    assert.deepEqual(englandAndWales.holiday("2022-09-19"), {
      date: "2022-09-19",
      title: "Bank Holiday for the State Funeral of Queen Elizabeth II",
      source: "official",
    });
    // The rule's Spring bank holiday (Mon 30 May 2022) gave way to the jubilee dates.
    assert.equal(englandAndWales.isWorkingDay("2022-05-30"), true);
    assert.equal(englandAndWales.isWorkingDay("2022-06-02"), false);
    for (const nation of NATIONS) {
      const calendar = createCalendar({ nation, official });
      const listed = official[nation]?.events.filter((event) => event.date.startsWith("2024-"));
      assert.deepEqual(
        calendar.bankHolidays(2024).map((day) => [day.date, day.source]),
        listed?.map((event) => [event.date, "official"]),
        nation,
      );
    }
  });

  test("rules for 2017 and 2028–2030, outside the official data", () => {
    for (const nation of NATIONS) {
      const calendar = createCalendar({ nation, official });
      for (const year of [2017, 2028, 2029, 2030]) {
        assert.deepEqual(
          calendar.bankHolidays(year),
          holidaysByRule(nation, year).map((day) => ({ ...day, source: "rule" })),
          `${nation} ${year}`,
        );
      }
    }
    assert.deepEqual(
      englandAndWales.bankHolidays(2030).map((day) => day.date),
      [
        "2030-01-01",
        "2030-04-19",
        "2030-04-22",
        "2030-05-06",
        "2030-05-27",
        "2030-08-26",
        "2030-12-25",
        "2030-12-26",
      ],
    );
    assert.equal(englandAndWales.isWorkingDay("2017-01-02"), false);
    assert.equal(englandAndWales.holiday("2029-03-30")?.title, "Good Friday");
  });

  test("a covered year's official list is the whole truth: the rules are not mixed in", () => {
    const withoutEarlyMay: OfficialHolidays = {
      "england-and-wales": {
        division: "england-and-wales",
        events: [{ title: "Christmas Day", date: "2025-12-25" }],
      },
    };
    const calendar = createCalendar({ nation: "england-and-wales", official: withoutEarlyMay });
    assert.equal(calendar.isWorkingDay("2025-05-05"), true);
    assert.deepEqual(calendar.bankHolidays(2025), [
      { date: "2025-12-25", title: "Christmas Day", source: "official" },
    ]);
    // Another year, not in that data, falls back to the rules.
    assert.equal(calendar.holiday("2026-05-04")?.source, "rule");
  });

  test("each nation reads only its own division", () => {
    const scotland = createCalendar({ nation: "scotland", official });
    assert.equal(scotland.isWorkingDay("2025-01-02"), false);
    assert.equal(englandAndWales.isWorkingDay("2025-01-02"), true);
    assert.equal(scotland.isWorkingDay("2025-04-21"), true);
    assert.equal(englandAndWales.isWorkingDay("2025-04-21"), false);
    const noData = createCalendar({ nation: "northern-ireland", official: {} });
    assert.equal(noData.holiday("2025-03-17")?.source, "rule");
  });

  test("bankHolidays returns copies the caller may change freely", () => {
    const list = englandAndWales.bankHolidays(2025);
    list.pop();
    const first = list[0];
    if (first) first.title = "changed";
    assert.equal(englandAndWales.bankHolidays(2025).length, 8);
    assert.equal(englandAndWales.bankHolidays(2025)[0]?.title, "New Year’s Day");
  });
});

describe("added days", () => {
  const calendar = createCalendar({
    nation: "england-and-wales",
    official,
    addedDays: [
      { date: "2026-06-15", title: "Partnership closure day" },
      { date: "2029-09-10", title: "A newly announced bank holiday" },
      { date: "2025-12-25", title: "Duplicate of Christmas" },
      { date: "2026-06-13", title: "Saturday event" },
    ],
  });

  test("an added day is not a working day, in official and in rule years", () => {
    assert.equal(calendar.isWorkingDay("2026-06-15"), false);
    assert.deepEqual(calendar.holiday("2029-09-10"), {
      date: "2029-09-10",
      title: "A newly announced bank holiday",
      source: "added",
    });
    assert.equal(englandAndWales.isWorkingDay("2026-06-15"), true);
  });

  test("added days are listed in date order with the nation's holidays", () => {
    const dates = calendar.bankHolidays(2026).map((day) => `${day.date} ${day.source}`);
    assert.deepEqual(dates.slice(4, 7), [
      "2026-05-25 official",
      "2026-06-13 added",
      "2026-06-15 added",
    ]);
  });

  test("an added day that is already a holiday keeps the official title", () => {
    assert.equal(calendar.holiday("2025-12-25")?.title, "Christmas Day");
    assert.equal(calendar.bankHolidays(2025).length, 8);
  });

  test("an added day moves a deadline and is named in its explanation; a weekend one is not", () => {
    const deadline = computeDeadline(
      calendar,
      { kind: "working-days-after", days: 1 },
      "2026-06-12T10:00:00+01:00",
    );
    assert.equal(deadline.dueDate, "2026-06-16");
    assert.deepEqual(deadline.excluded, [{ date: "2026-06-15", title: "Partnership closure day" }]);
    assert.equal(
      deadline.explanation,
      "due Tue 16 Jun 2026: 1 working day after Fri 12 Jun 2026 (day one Tue 16 Jun 2026); Mon 15 Jun 2026 added non-working day (Partnership closure day) excluded",
    );
  });

  test("an added day needs a real date and a title", () => {
    assert.throws(
      () =>
        createCalendar({
          nation: "scotland",
          official,
          addedDays: [{ date: "2026-02-30", title: "x" }],
        }),
      RangeError,
    );
    assert.throws(
      () =>
        createCalendar({
          nation: "scotland",
          official,
          addedDays: [{ date: "2026-02-03", title: " " }],
        }),
      /needs a title/,
    );
  });
});

describe("working days", () => {
  test("weekends and holidays are not working days", () => {
    assert.equal(englandAndWales.isWorkingDay("2025-05-23"), true);
    assert.equal(englandAndWales.isWorkingDay("2025-05-24"), false);
    assert.equal(englandAndWales.isWorkingDay("2025-05-25"), false);
    assert.equal(englandAndWales.isWorkingDay("2025-05-26"), false);
  });

  test("nextWorkingDay is strictly after; workingDayOnOrAfter may be the same day", () => {
    assert.equal(englandAndWales.nextWorkingDay("2025-05-22"), "2025-05-23");
    assert.equal(englandAndWales.nextWorkingDay("2025-05-23"), "2025-05-27");
    assert.equal(englandAndWales.nextWorkingDay("2024-12-24"), "2024-12-27");
    assert.equal(englandAndWales.nextWorkingDay("2027-12-24"), "2027-12-29");
    assert.equal(englandAndWales.workingDayOnOrAfter("2025-05-23"), "2025-05-23");
    assert.equal(englandAndWales.workingDayOnOrAfter("2025-05-24"), "2025-05-27");
  });

  test("dates must be real YYYY-MM-DD dates", () => {
    assert.throws(() => englandAndWales.isWorkingDay("2025-13-01"), RangeError);
    assert.throws(() => englandAndWales.holiday("25/12/2025"), RangeError);
    assert.throws(() => englandAndWales.dueInstant("2025-02-29"), RangeError);
  });
});

describe("time and zone", () => {
  test("localDate is the date in London, whatever the offset written", () => {
    assert.equal(englandAndWales.localDate("2025-06-05T23:30:00Z"), "2025-06-06");
    assert.equal(englandAndWales.localDate("2025-01-05T23:30:00Z"), "2025-01-05");
    assert.equal(englandAndWales.localDate("2025-06-06T04:00:00+05:30"), "2025-06-05");
    assert.equal(englandAndWales.localDate("2025-06-05T19:00:00-05:00"), "2025-06-06");
  });

  test("localDate refuses an instant without an offset, or one that cannot be read", () => {
    for (const bad of [
      "2025-06-05T23:30:00",
      "2025-06-05",
      "yesterday",
      "2025-06-31T10:00:00Z",
      "",
    ]) {
      assert.throws(() => englandAndWales.localDate(bad), RangeError, bad);
    }
  });

  test("dueInstant is the end of the local day, with the offset in force that day", () => {
    assert.equal(englandAndWales.closeOfBusiness, null);
    assert.equal(englandAndWales.dueInstant("2024-12-24"), "2024-12-24T23:59:59.999+00:00");
    assert.equal(englandAndWales.dueInstant("2025-06-03"), "2025-06-03T23:59:59.999+01:00");
    // The clock-change days themselves.
    assert.equal(englandAndWales.dueInstant("2025-03-30"), "2025-03-30T23:59:59.999+01:00");
    assert.equal(englandAndWales.dueInstant("2025-10-26"), "2025-10-26T23:59:59.999+00:00");
  });

  test("dayStart is midnight at the start of the local day, with that day's offset", () => {
    assert.equal(englandAndWales.dayStart("2024-12-24"), "2024-12-24T00:00:00.000+00:00");
    assert.equal(englandAndWales.dayStart("2025-06-03"), "2025-06-03T00:00:00.000+01:00");
    // The clocks change at 01:00 on these days, after midnight.
    assert.equal(englandAndWales.dayStart("2025-03-30"), "2025-03-30T00:00:00.000+00:00");
    assert.equal(englandAndWales.dayStart("2025-10-26"), "2025-10-26T00:00:00.000+01:00");
    assert.throws(() => englandAndWales.dayStart("2025-02-29"), RangeError);
  });

  test("with a close of business, dueInstant is that local time", () => {
    const calendar = createCalendar({ nation: "scotland", official, closeOfBusiness: "17:00" });
    assert.equal(calendar.closeOfBusiness, "17:00");
    assert.equal(calendar.dueInstant("2025-06-03"), "2025-06-03T17:00:00.000+01:00");
    assert.equal(calendar.dueInstant("2025-12-03"), "2025-12-03T17:00:00.000+00:00");
    const explicitNull = createCalendar({ nation: "scotland", official, closeOfBusiness: null });
    assert.equal(explicitNull.dueInstant("2025-12-03"), "2025-12-03T23:59:59.999+00:00");
  });

  test("a malformed close of business or nation is refused", () => {
    for (const bad of ["5pm", "17:0", "24:00", "17:60", "1700", " 17:00"]) {
      assert.throws(
        () => createCalendar({ nation: "england-and-wales", official, closeOfBusiness: bad }),
        /closeOfBusiness must be a time "HH:MM"/,
        bad,
      );
    }
    assert.throws(
      () => createCalendar({ nation: "wales" as "england-and-wales", official }),
      RangeError,
    );
  });
});
