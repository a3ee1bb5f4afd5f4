import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDate, formatInstant, formatMonth } from "./format.ts";

test("formatDate writes the short weekday, day, short month and year", () => {
  assert.equal(formatDate("2025-05-27"), "Tue 27 May 2025");
  assert.equal(formatDate("2022-09-19"), "Mon 19 Sep 2022");
  assert.equal(formatDate("2025-01-06"), "Mon 6 Jan 2025");
});

test("formatMonth writes the short month and year", () => {
  assert.equal(formatMonth("2025-05"), "May 2025");
  assert.equal(formatMonth("2026-12-31"), "Dec 2026");
});

test("formatInstant gives the time and date on a London wall clock", () => {
  assert.equal(formatInstant("2024-10-22T14:30:00+01:00"), "14:30 Tue 22 Oct 2024");
  assert.equal(formatInstant("2024-10-22T13:30:00Z"), "14:30 Tue 22 Oct 2024");
  assert.equal(formatInstant("2024-12-20T09:05:00+00:00"), "09:05 Fri 20 Dec 2024");
  // 23:30 UTC in summer is already the next day in London.
  assert.equal(formatInstant("2025-06-05T23:30:00Z"), "00:30 Fri 6 Jun 2025");
});

test("formatting refuses malformed input", () => {
  assert.throws(() => formatDate("2025-02-30"), RangeError);
  assert.throws(() => formatInstant("2024-10-22T14:30:00"), RangeError);
});
