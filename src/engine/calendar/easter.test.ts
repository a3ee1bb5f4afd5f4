import assert from "node:assert/strict";
import { test } from "node:test";
import { easterSunday } from "./easter.ts";

test("Easter Sunday matches published dates, including the earliest and latest possible", () => {
  const published: [number, string][] = [
    [1818, "1818-03-22"], // earliest possible date
    [1943, "1943-04-25"], // latest possible date
    [2000, "2000-04-23"],
    [2017, "2017-04-16"],
    [2019, "2019-04-21"],
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2028, "2028-04-16"],
    [2029, "2029-04-01"],
    [2030, "2030-04-21"],
    [2038, "2038-04-25"],
    [2285, "2285-03-22"],
  ];
  for (const [year, date] of published) assert.equal(easterSunday(year), date, String(year));
});
