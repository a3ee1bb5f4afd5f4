import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { holidaysByRule } from "./holidays-by-rule.ts";
import { isWeekend } from "./iso-date.ts";
import { NATIONS, type Nation } from "./nation.ts";
import { type OfficialHolidays, officialHolidaysByYear } from "./official-holidays.ts";

const official = JSON.parse(
  readFileSync(new URL("../../../data/bank-holidays.json", import.meta.url), "utf8"),
) as OfficialHolidays;

const OFFICIAL_YEARS = [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027];

/**
 * Every place where the official data departs from our rules, 2018–2027. All are one-off
 * decisions made for a single year and apply across the UK. Nothing else may differ: no
 * Scottish or Northern Irish quirk was found that the rules do not already follow.
 */
const ONE_OFF_DIFFERENCES: {
  year: number;
  reason: string;
  officialOnly: string[];
  ruleOnly: string[];
}[] = [
  {
    year: 2020,
    reason:
      "Early May bank holiday moved from Monday 4 to Friday 8 May for VE Day's 75th anniversary",
    officialOnly: ["2020-05-08 Early May bank holiday (VE day)"],
    ruleOnly: ["2020-05-04 Early May bank holiday"],
  },
  {
    year: 2022,
    reason:
      "Spring bank holiday moved to Thursday 2 June and Friday 3 June added for the Platinum Jubilee",
    officialOnly: ["2022-06-02 Spring bank holiday", "2022-06-03 Platinum Jubilee bank holiday"],
    ruleOnly: ["2022-05-30 Spring bank holiday"],
  },
  {
    year: 2022,
    reason: "state funeral of Queen Elizabeth II",
    officialOnly: ["2022-09-19 Bank Holiday for the State Funeral of Queen Elizabeth II"],
    ruleOnly: [],
  },
  {
    year: 2023,
    reason: "coronation of King Charles III",
    officialOnly: ["2023-05-08 Bank holiday for the coronation of King Charles III"],
    ruleOnly: [],
  },
];

function describeDays(days: readonly { date: string; title: string }[]): string[] {
  return days.map(({ date, title }) => `${date} ${title}`);
}

describe("holidaysByRule against the official GOV.UK data", () => {
  for (const nation of NATIONS) {
    const officialByYear = officialHolidaysByYear(official, nation);

    test(`${nation}: the official data covers every year 2018–2027`, () => {
      assert.deepEqual(
        [...officialByYear.keys()].sort((a, b) => a - b),
        OFFICIAL_YEARS,
      );
    });

    for (const year of OFFICIAL_YEARS) {
      test(`${nation} ${year}: dates and titles match, apart from the listed one-off days`, () => {
        const officialDays = describeDays(officialByYear.get(year) ?? []);
        const ruleDays = describeDays(holidaysByRule(nation, year));
        const known = ONE_OFF_DIFFERENCES.filter((difference) => difference.year === year);
        assert.deepEqual(
          {
            officialOnly: officialDays.filter((day) => !ruleDays.includes(day)),
            ruleOnly: ruleDays.filter((day) => !officialDays.includes(day)),
          },
          {
            officialOnly: known.flatMap((difference) => difference.officialOnly).sort(),
            ruleOnly: known.flatMap((difference) => difference.ruleOnly).sort(),
          },
        );
      });
    }
  }
});

describe("holidaysByRule beyond the official years", () => {
  test("England and Wales 2028: New Year's Day on a Saturday moves to Monday 3 January", () => {
    assert.deepEqual(holidaysByRule("england-and-wales", 2028), [
      { date: "2028-01-03", title: "New Year’s Day (substitute day)" },
      { date: "2028-04-14", title: "Good Friday" },
      { date: "2028-04-17", title: "Easter Monday" },
      { date: "2028-05-01", title: "Early May bank holiday" },
      { date: "2028-05-29", title: "Spring bank holiday" },
      { date: "2028-08-28", title: "Summer bank holiday" },
      { date: "2028-12-25", title: "Christmas Day" },
      { date: "2028-12-26", title: "Boxing Day" },
    ]);
  });

  test("Scotland 2028: 2nd January on a Sunday follows New Year's substitute, to Tuesday 4", () => {
    assert.deepEqual(holidaysByRule("scotland", 2028), [
      { date: "2028-01-03", title: "New Year’s Day (substitute day)" },
      { date: "2028-01-04", title: "2nd January (substitute day)" },
      { date: "2028-04-14", title: "Good Friday" },
      { date: "2028-05-01", title: "Early May bank holiday" },
      { date: "2028-05-29", title: "Spring bank holiday" },
      { date: "2028-08-07", title: "Summer bank holiday" },
      { date: "2028-11-30", title: "St Andrew’s Day" },
      { date: "2028-12-25", title: "Christmas Day" },
      { date: "2028-12-26", title: "Boxing Day" },
    ]);
  });

  test("Scotland 2017: New Year's Day on a Sunday takes Monday 2, pushing 2nd January to Tuesday 3", () => {
    const january = holidaysByRule("scotland", 2017).filter((day) => day.date < "2017-02-01");
    assert.deepEqual(january, [
      { date: "2017-01-02", title: "New Year’s Day (substitute day)" },
      { date: "2017-01-03", title: "2nd January (substitute day)" },
    ]);
  });

  test("Northern Ireland 2029: St Patrick's Day on a Saturday moves to Monday 19 March", () => {
    const days = holidaysByRule("northern-ireland", 2029);
    assert.deepEqual(
      days.filter((day) => day.date.startsWith("2029-03") || day.date.startsWith("2029-07")),
      [
        { date: "2029-03-19", title: "St Patrick’s Day (substitute day)" },
        { date: "2029-03-30", title: "Good Friday" },
        { date: "2029-07-12", title: "Battle of the Boyne (Orangemen’s Day)" },
      ],
    );
  });

  test("Christmas on a Sunday: Boxing Day keeps Monday 26 and Christmas moves to Tuesday 27", () => {
    const december = holidaysByRule("england-and-wales", 2033).filter((day) =>
      day.date.startsWith("2033-12"),
    );
    assert.deepEqual(december, [
      { date: "2033-12-26", title: "Boxing Day" },
      { date: "2033-12-27", title: "Christmas Day (substitute day)" },
    ]);
  });

  test("Christmas on a Saturday: both days move, to Monday 27 and Tuesday 28", () => {
    const december = holidaysByRule("england-and-wales", 2032).filter((day) =>
      day.date.startsWith("2032-12"),
    );
    assert.deepEqual(december, [
      { date: "2032-12-27", title: "Christmas Day (substitute day)" },
      { date: "2032-12-28", title: "Boxing Day (substitute day)" },
    ]);
  });

  test("Scotland's St Andrew's Day on a Saturday moves to Monday 2 December", () => {
    const days = holidaysByRule("scotland", 2030).filter((day) =>
      day.title.startsWith("St Andrew"),
    );
    assert.deepEqual(days, [{ date: "2030-12-02", title: "St Andrew’s Day (substitute day)" }]);
  });

  test("every year 1900–2200 gives each nation its full set of distinct weekdays", () => {
    const expectedCount: Record<Nation, number> = {
      "england-and-wales": 8,
      scotland: 9,
      "northern-ireland": 10,
    };
    for (const nation of NATIONS) {
      for (let year = 1900; year <= 2200; year++) {
        const days = holidaysByRule(nation, year);
        const dates = days.map((day) => day.date);
        assert.equal(days.length, expectedCount[nation], `${nation} ${year}`);
        assert.equal(new Set(dates).size, days.length, `${nation} ${year} has a clash`);
        assert.deepEqual(dates, [...dates].sort(), `${nation} ${year} is not sorted`);
        for (const date of dates) {
          assert.equal(isWeekend(date), false, `${nation} ${date} is at a weekend`);
          assert.ok(date.startsWith(String(year)), `${nation} ${date} is outside ${year}`);
        }
      }
    }
  });

  test("rejects a year that is not a whole Gregorian year", () => {
    for (const year of [2025.5, 1500, 10000, Number.NaN]) {
      assert.throws(() => holidaysByRule("england-and-wales", year), RangeError, String(year));
    }
  });
});
