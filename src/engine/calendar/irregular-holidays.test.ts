import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { computeDeadline, createCalendar, type Nation, type OfficialHolidays } from "./index.ts";

// Deadlines around every irregular day in the official data, and around the substitute days and
// nation-specific holidays that the rules must also get right.

const official = JSON.parse(
  readFileSync(new URL("../../../data/bank-holidays.json", import.meta.url), "utf8"),
) as OfficialHolidays;

const calendars = {
  "england-and-wales": createCalendar({ nation: "england-and-wales", official }),
  scotland: createCalendar({ nation: "scotland", official }),
  "northern-ireland": createCalendar({ nation: "northern-ireland", official }),
} satisfies Record<Nation, unknown>;

/** "1 working day after" a clock started at 10:00 London time on `date`. */
function nextDayDeadline(nation: Nation, date: string, summer: boolean) {
  return computeDeadline(
    calendars[nation],
    { kind: "working-days-after", days: 1 },
    at10(date, summer),
  );
}

function at10(date: string, summer: boolean): string {
  return `${date}T10:00:00${summer ? "+01:00" : "+00:00"}`;
}

describe("one-off days", () => {
  test("VE Day, Fri 8 May 2020, replaced Mon 4 May", () => {
    const ew = calendars["england-and-wales"];
    assert.equal(ew.isWorkingDay("2020-05-04"), true);
    const deadline = computeDeadline(
      ew,
      { kind: "working-days-after", days: 1 },
      at10("2020-05-07", true),
    );
    assert.equal(deadline.dueDate, "2020-05-11");
    assert.equal(
      deadline.explanation,
      "due Mon 11 May 2020: 1 working day after Thu 7 May 2020 (day one Mon 11 May 2020); Fri 8 May 2020 bank holiday (Early May bank holiday, VE day) excluded",
    );
    assert.equal(nextDayDeadline("scotland", "2020-05-07", true).dueDate, "2020-05-11");
  });

  test("Platinum Jubilee: Thu 2 and Fri 3 June 2022, and not Mon 30 May", () => {
    const ew = calendars["england-and-wales"];
    assert.equal(ew.isWorkingDay("2022-05-30"), true);
    const deadline = computeDeadline(
      ew,
      { kind: "working-days-day-one", days: 2 },
      at10("2022-06-01", true),
    );
    assert.equal(deadline.dueDate, "2022-06-06");
    assert.deepEqual(deadline.excluded, [
      { date: "2022-06-02", title: "Spring bank holiday" },
      { date: "2022-06-03", title: "Platinum Jubilee bank holiday" },
    ]);
    for (const nation of ["scotland", "northern-ireland"] as const) {
      assert.equal(calendars[nation].isWorkingDay("2022-06-03"), false, nation);
    }
  });

  test("state funeral of Queen Elizabeth II, Mon 19 Sep 2022", () => {
    const deadline = computeDeadline(
      calendars["northern-ireland"],
      { kind: "working-days-after", days: 1 },
      at10("2022-09-16", true),
    );
    assert.equal(deadline.dueDate, "2022-09-20");
    assert.match(
      deadline.explanation,
      /Mon 19 Sep 2022 bank holiday \(Bank Holiday for the State Funeral of Queen Elizabeth II\) excluded$/,
    );
  });

  test("coronation of King Charles III, Mon 8 May 2023", () => {
    const deadline = computeDeadline(
      calendars.scotland,
      { kind: "working-days-after", days: 1 },
      at10("2023-05-05", true),
    );
    assert.equal(deadline.dueDate, "2023-05-09");
    assert.deepEqual(deadline.excluded, [
      { date: "2023-05-08", title: "Bank holiday for the coronation of King Charles III" },
    ]);
  });
});

describe("substitute days", () => {
  test("Christmas 2021 on a Saturday: Mon 27 and Tue 28 Dec are off", () => {
    const deadline = computeDeadline(
      calendars["england-and-wales"],
      { kind: "working-days-after", days: 1 },
      at10("2021-12-24", false),
    );
    assert.equal(deadline.dueDate, "2021-12-29");
    assert.equal(
      deadline.explanation,
      "due Wed 29 Dec 2021: 1 working day after Fri 24 Dec 2021 (day one Wed 29 Dec 2021); Mon 27 Dec 2021 bank holiday (Christmas Day, substitute day) and Tue 28 Dec 2021 bank holiday (Boxing Day, substitute day) excluded",
    );
  });

  test("Christmas 2022 on a Sunday: Boxing Day Mon 26, Christmas substitute Tue 27", () => {
    const deadline = computeDeadline(
      calendars["england-and-wales"],
      { kind: "working-days-after", days: 1 },
      at10("2022-12-23", false),
    );
    assert.equal(deadline.dueDate, "2022-12-28");
    assert.deepEqual(deadline.excluded, [
      { date: "2022-12-26", title: "Boxing Day" },
      { date: "2022-12-27", title: "Christmas Day (substitute day)" },
    ]);
  });

  test("New Year 2022 on a Saturday: Mon 3 Jan off; Scotland also Tue 4 Jan", () => {
    const raised = at10("2021-12-31", false);
    const rule = { kind: "working-days-after", days: 1 } as const;
    const ew = computeDeadline(calendars["england-and-wales"], rule, raised);
    assert.equal(ew.dueDate, "2022-01-04");
    assert.deepEqual(ew.excluded, [
      { date: "2022-01-03", title: "New Year’s Day (substitute day)" },
    ]);
    const scotland = computeDeadline(calendars.scotland, rule, raised);
    assert.equal(scotland.dueDate, "2022-01-05");
    assert.deepEqual(scotland.excluded, [
      { date: "2022-01-03", title: "New Year’s Day (substitute day)" },
      { date: "2022-01-04", title: "2nd January (substitute day)" },
    ]);
  });

  test("Boxing Day 2020 on a Saturday: Mon 28 Dec off", () => {
    assert.equal(nextDayDeadline("england-and-wales", "2020-12-24", false).dueDate, "2020-12-29");
  });
});

describe("Easter", () => {
  test("Good Friday and Easter Monday 2025 in England and Wales; no Easter Monday in Scotland", () => {
    const raised = at10("2025-04-17", true);
    const rule = { kind: "working-days-after", days: 1 } as const;
    const ew = computeDeadline(calendars["england-and-wales"], rule, raised);
    assert.equal(ew.dueDate, "2025-04-22");
    assert.deepEqual(
      ew.excluded.map((day) => day.title),
      ["Good Friday", "Easter Monday"],
    );
    assert.equal(computeDeadline(calendars.scotland, rule, raised).dueDate, "2025-04-21");
  });

  test("Easter 2029, a rule year, falls at the start of April", () => {
    const deadline = computeDeadline(
      calendars["northern-ireland"],
      { kind: "working-days-after", days: 1 },
      at10("2029-03-29", true),
    );
    assert.equal(deadline.dueDate, "2029-04-03");
    assert.deepEqual(deadline.excluded, [
      { date: "2029-03-30", title: "Good Friday" },
      { date: "2029-04-02", title: "Easter Monday" },
    ]);
  });
});

describe("Scotland and Northern Ireland", () => {
  test("Scotland's 2nd January is a holiday; England's is not", () => {
    const rule = { kind: "working-days-day-one", days: 1 } as const;
    const raised = at10("2025-01-02", false);
    const scotland = computeDeadline(calendars.scotland, rule, raised);
    assert.equal(scotland.dueDate, "2025-01-03");
    assert.equal(
      scotland.explanation,
      "due Fri 3 Jan 2025: raised on Thu 2 Jan 2025, not a working day, so day one is Fri 3 Jan 2025; Thu 2 Jan 2025 bank holiday (2nd January) excluded",
    );
    assert.equal(
      computeDeadline(calendars["england-and-wales"], rule, raised).dueDate,
      "2025-01-02",
    );
  });

  test("St Andrew's Day 2024 on a Saturday: Scotland takes Mon 2 Dec", () => {
    const raised = at10("2024-11-29", false);
    const rule = { kind: "working-days-after", days: 1 } as const;
    const scotland = computeDeadline(calendars.scotland, rule, raised);
    assert.equal(scotland.dueDate, "2024-12-03");
    assert.deepEqual(scotland.excluded, [
      { date: "2024-12-02", title: "St Andrew’s Day (substitute day)" },
    ]);
    assert.equal(
      computeDeadline(calendars["england-and-wales"], rule, raised).dueDate,
      "2024-12-02",
    );
  });

  test("Scotland's summer bank holiday is the first Monday of August", () => {
    assert.equal(calendars.scotland.isWorkingDay("2025-08-04"), false);
    assert.equal(calendars.scotland.isWorkingDay("2025-08-25"), true);
    assert.equal(calendars["england-and-wales"].isWorkingDay("2025-08-25"), false);
  });

  test("Northern Ireland's 12 July, and its substitute Mon 14 July 2025", () => {
    const rule = { kind: "working-days-after", days: 1 } as const;
    const boyne2024 = computeDeadline(
      calendars["northern-ireland"],
      rule,
      at10("2024-07-11", true),
    );
    assert.equal(boyne2024.dueDate, "2024-07-15");
    assert.match(
      boyne2024.explanation,
      /Fri 12 Jul 2024 bank holiday \(Battle of the Boyne, Orangemen’s Day\) excluded$/,
    );
    const boyne2025 = computeDeadline(
      calendars["northern-ireland"],
      rule,
      at10("2025-07-11", true),
    );
    assert.equal(boyne2025.dueDate, "2025-07-15");
    assert.equal(
      computeDeadline(calendars["england-and-wales"], rule, at10("2025-07-11", true)).dueDate,
      "2025-07-14",
    );
  });

  test("Northern Ireland's St Patrick's Day, and its 2024 substitute on Mon 18 March", () => {
    const ni = calendars["northern-ireland"];
    assert.equal(ni.isWorkingDay("2025-03-17"), false);
    assert.equal(ni.holiday("2024-03-18")?.title, "St Patrick’s Day (substitute day)");
    assert.equal(calendars["england-and-wales"].isWorkingDay("2025-03-17"), true);
  });
});
