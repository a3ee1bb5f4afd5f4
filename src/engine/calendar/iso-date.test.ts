import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { addDays, assertIsoDate, isoDate, isWeekend, weekday, yearOf } from "./iso-date.ts";

describe("plain dates", () => {
  test("adding days crosses months, leap days and years", () => {
    assert.equal(addDays("2024-02-28", 1), "2024-02-29");
    assert.equal(addDays("2025-02-28", 1), "2025-03-01");
    assert.equal(addDays("2024-12-31", 1), "2025-01-01");
    assert.equal(addDays("2025-01-01", -1), "2024-12-31");
    // The spring clock change must not lose or repeat a date.
    assert.equal(addDays("2025-03-29", 2), "2025-03-31");
    assert.equal(addDays("2025-10-25", 2), "2025-10-27");
  });

  test("weekday counts Monday as 1 and Sunday as 7", () => {
    assert.equal(weekday("2025-05-26"), 1);
    assert.equal(weekday("2025-05-30"), 5);
    assert.equal(weekday("2025-05-31"), 6);
    assert.equal(weekday("2025-06-01"), 7);
    assert.equal(isWeekend("2025-05-30"), false);
    assert.equal(isWeekend("2025-05-31"), true);
  });

  test("builds and reads dates", () => {
    assert.equal(isoDate(2025, 5, 7), "2025-05-07");
    assert.equal(yearOf("2027-12-28"), 2027);
  });

  test("rejects anything that is not a real YYYY-MM-DD date", () => {
    for (const bad of [
      "2025-02-29",
      "2025-13-01",
      "2025-5-1",
      "2025-05-01T00:00",
      "",
      "27/05/2025",
    ]) {
      assert.throws(() => assertIsoDate(bad), RangeError, bad);
    }
    assert.throws(() => isoDate(2025, 2, 30), RangeError);
  });
});
