import assert from "node:assert/strict";
import { test } from "node:test";
import { type OfficialHolidays, officialHolidaysByYear } from "./official-holidays.ts";

const sample: OfficialHolidays = {
  "england-and-wales": {
    division: "england-and-wales",
    events: [
      { title: "Boxing Day", date: "2020-12-28", notes: "Substitute day", bunting: true },
      { title: "Christmas Day", date: "2020-12-25", notes: "", bunting: true },
      { title: "New Year’s Day", date: "2021-01-01", notes: "", bunting: true },
    ],
  },
};

test("groups a nation's official days by year, sorted, naming substitute days as such", () => {
  const byYear = officialHolidaysByYear(sample, "england-and-wales");
  assert.deepEqual(
    [...byYear.entries()],
    [
      [
        2020,
        [
          { date: "2020-12-25", title: "Christmas Day" },
          { date: "2020-12-28", title: "Boxing Day (substitute day)" },
        ],
      ],
      [2021, [{ date: "2021-01-01", title: "New Year’s Day" }]],
    ],
  );
});

test("a nation missing from the data covers no year", () => {
  assert.equal(officialHolidaysByYear(sample, "scotland").size, 0);
});

test("an invalid official date is refused rather than ignored", () => {
  const broken: OfficialHolidays = {
    scotland: { division: "scotland", events: [{ title: "St Andrew’s Day", date: "2025-11-31" }] },
  };
  assert.throws(() => officialHolidaysByYear(broken, "scotland"), /scotland.*2025-11-31/);
});
