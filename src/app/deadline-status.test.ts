import assert from "node:assert/strict";
import { test } from "node:test";
import { deadlineStatus } from "./deadline-status.ts";
import { calendarOf } from "./procedures.ts";

const calendar = calendarOf({ nation: "england-and-wales", closeOfBusiness: null });

test("a deadline's standing: working days left skip weekends and bank holidays", () => {
  const due = "2025-05-27T23:59:59.999+01:00"; // Tue 27 May 2025; Mon 26 May is a bank holiday
  assert.deepEqual(deadlineStatus(due, "2025-05-22T10:00:00+01:00", calendar), {
    dueAt: "2025-05-27T22:59:59.999Z",
    overdue: false,
    dueToday: false,
    workingDaysLeft: 2, // Fri 23, Tue 27
  });
  assert.equal(deadlineStatus(due, "2025-05-24T10:00:00+01:00", calendar).workingDaysLeft, 1);
  assert.equal(deadlineStatus(due, "2025-05-27T08:00:00+01:00", calendar).dueToday, true);
  assert.equal(deadlineStatus(due, "2025-05-27T08:00:00+01:00", calendar).workingDaysLeft, 0);
  assert.equal(deadlineStatus(due, "2025-05-28T00:00:00+01:00", calendar).overdue, true);
  assert.equal(deadlineStatus(null, "2025-05-28T00:00:00+01:00", calendar).workingDaysLeft, null);
});

test("a database timestamp is read as the instant it is", () => {
  const status = deadlineStatus("2025-05-27 22:59:59.999+00", "2025-05-27T12:00:00Z", calendar);
  assert.equal(status.dueToday, true);
});
