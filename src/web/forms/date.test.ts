import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { dateFields, dateInputView, readDate } from "./date.ts";
import { londonInstant, readTime, timeInputView } from "./time.ts";

const dob = (day: unknown, month: unknown, year: unknown) => ({
  "dob-day": day,
  "dob-month": month,
  "dob-year": year,
});
const rule = { what: "the child's date of birth", named: "Date of birth" };
const error = (field: string, message: string, parts: string[]) => ({
  ok: false,
  error: { field, message, parts },
});

describe("readDate", () => {
  test("reads the three boxes as YYYY-MM-DD, ignoring spaces and leading zeros", () => {
    assert.deepEqual(readDate(dob("7", "3", "2019"), "dob", rule), {
      ok: true,
      date: "2019-03-07",
    });
    assert.deepEqual(readDate(dob(" 07 ", "03", " 2019"), "dob", rule), {
      ok: true,
      date: "2019-03-07",
    });
    assert.deepEqual(readDate(dob("29", "2", "2024"), "dob", rule), {
      ok: true,
      date: "2024-02-29",
    });
  });

  test("takes months written as words", () => {
    for (const month of ["march", "Mar", "MARCH", "mar."]) {
      assert.deepEqual(readDate(dob("7", month, "2019"), "dob", rule), {
        ok: true,
        date: "2019-03-07",
      });
    }
    assert.deepEqual(readDate(dob("1", "Sept", "2019"), "dob", rule), {
      ok: true,
      date: "2019-09-01",
    });
  });

  test("all empty: Enter …, or no date when optional", () => {
    assert.deepEqual(
      readDate({}, "dob", rule),
      error("dob-day", "Enter the child's date of birth", ["day", "month", "year"]),
    );
    assert.deepEqual(readDate(dob("", " ", ""), "dob", { ...rule, required: false }), {
      ok: true,
      date: null,
    });
  });

  test("some boxes empty: … must include a …, focusing the first missing box", () => {
    assert.deepEqual(
      readDate(dob("7", "", ""), "dob", rule),
      error("dob-month", "Date of birth must include a month and year", ["month", "year"]),
    );
    assert.deepEqual(
      readDate(dob("", "3", "2019"), "dob", rule),
      error("dob-day", "Date of birth must include a day", ["day"]),
    );
    assert.deepEqual(
      readDate(dob("7", "3", ""), "dob", { ...rule, required: false }),
      error("dob-year", "Date of birth must include a year", ["year"]),
    );
  });

  test("impossible: … must be a real date, highlighting the wrong box where it is clear", () => {
    assert.deepEqual(
      readDate(dob("32", "3", "2019"), "dob", rule),
      error("dob-day", "Date of birth must be a real date", ["day"]),
    );
    assert.deepEqual(
      readDate(dob("7", "13", "2019"), "dob", rule),
      error("dob-month", "Date of birth must be a real date", ["month"]),
    );
    assert.deepEqual(
      readDate(dob("7", "Smarch", "2019"), "dob", rule),
      error("dob-month", "Date of birth must be a real date", ["month"]),
    );
    assert.deepEqual(
      readDate(dob("x", "y", "z"), "dob", rule),
      error("dob-day", "Date of birth must be a real date", ["day", "month", "year"]),
    );
    assert.deepEqual(
      readDate(dob("31", "2", "2019"), "dob", rule),
      error("dob-day", "Date of birth must be a real date", ["day", "month", "year"]),
    );
    assert.deepEqual(
      readDate(dob("29", "2", "2023"), "dob", rule),
      error("dob-day", "Date of birth must be a real date", ["day", "month", "year"]),
    );
    assert.deepEqual(
      readDate(dob("0", "0", "0000"), "dob", rule),
      error("dob-day", "Date of birth must be a real date", ["day", "month"]),
    );
    assert.deepEqual(
      readDate(dob("1.5", "-1", "2e3"), "dob", rule),
      error("dob-day", "Date of birth must be a real date", ["day", "month", "year"]),
    );
  });

  test("a year without 4 numbers: Year must include 4 numbers", () => {
    for (const year of ["19", "019", "20190"]) {
      assert.deepEqual(
        readDate(dob("7", "3", year), "dob", rule),
        error("dob-year", "Year must include 4 numbers", ["year"]),
      );
    }
  });

  test("boxes sent twice or not as text are not a date", () => {
    assert.deepEqual(
      readDate(dob(["1", "2"], "3", "2019"), "dob", rule),
      error("dob-day", "Date of birth must be a real date", ["day"]),
    );
    assert.deepEqual(
      readDate(dob("1", { a: 1 }, "2019"), "dob", rule),
      error("dob-month", "Date of birth must be a real date", ["month"]),
    );
  });

  test("bounds against today: past, today or past, today or future, future", () => {
    const today = "2025-06-10";
    const read = (day: string, bound: "past" | "today-or-past" | "today-or-future" | "future") =>
      readDate(dob(day, "6", "2025"), "dob", { ...rule, bound, today });
    assert.deepEqual(read("9", "past"), { ok: true, date: "2025-06-09" });
    assert.deepEqual(
      read("10", "past"),
      error("dob-day", "Date of birth must be in the past", ["day", "month", "year"]),
    );
    assert.deepEqual(read("10", "today-or-past"), { ok: true, date: "2025-06-10" });
    assert.deepEqual(
      read("11", "today-or-past"),
      error("dob-day", "Date of birth must be today or in the past", ["day", "month", "year"]),
    );
    assert.deepEqual(read("10", "today-or-future"), { ok: true, date: "2025-06-10" });
    assert.deepEqual(
      read("9", "today-or-future"),
      error("dob-day", "Date of birth must be today or in the future", ["day", "month", "year"]),
    );
    assert.deepEqual(read("11", "future"), { ok: true, date: "2025-06-11" });
    assert.deepEqual(
      read("10", "future"),
      error("dob-day", "Date of birth must be in the future", ["day", "month", "year"]),
    );
    assert.throws(
      () => readDate(dob("1", "1", "2020"), "dob", { ...rule, bound: "past" }),
      /today/,
    );
  });
});

describe("dateInputView", () => {
  test("shows the values sent and no error", () => {
    assert.deepEqual(dateInputView("dob", dob("7", "3", ["x"])), {
      errorMessage: false,
      items: [
        { name: "day", classes: "govuk-input--width-2", value: "7" },
        { name: "month", classes: "govuk-input--width-2", value: "3" },
        { name: "year", classes: "govuk-input--width-4", value: "" },
      ],
    });
  });

  test("highlights the boxes the error names, or all of them", () => {
    const result = readDate(dob("7", "", ""), "dob", rule);
    assert.equal(result.ok, false);
    const errors = result.ok ? [] : [result.error];
    const view = dateInputView("dob", dob("7", "", ""), errors);
    assert.deepEqual(view.errorMessage, { text: "Date of birth must include a month and year" });
    assert.deepEqual(
      view.items.map((item) => item.classes.includes("govuk-input--error")),
      [false, true, true],
    );
    const plain = dateInputView("dob", {}, [{ field: "dob-day", message: "From the engine" }]);
    assert.deepEqual(
      plain.items.map((item) => item.classes.includes("govuk-input--error")),
      [true, true, true],
    );
    assert.equal(
      dateInputView("dob", {}, [{ field: "dobby-day", message: "Not this" }]).errorMessage,
      false,
    );
  });

  test("dateFields writes a date back into the boxes", () => {
    assert.deepEqual(dateFields("dob", "2019-03-07"), {
      "dob-day": "7",
      "dob-month": "3",
      "dob-year": "2019",
    });
    assert.deepEqual(dateFields("dob", null), { "dob-day": "", "dob-month": "", "dob-year": "" });
  });
});

describe("readTime", () => {
  const time = (hour: unknown, minute: unknown) => ({ "at-hour": hour, "at-minute": minute });
  const timeRule = { what: "the time" };

  test("reads HH:MM on the 24-hour clock", () => {
    assert.deepEqual(readTime(time("9", "5"), "at", timeRule), { ok: true, time: "09:05" });
    assert.deepEqual(readTime(time("23", "59"), "at", timeRule), { ok: true, time: "23:59" });
    assert.deepEqual(readTime(time("0", "00"), "at", timeRule), { ok: true, time: "00:00" });
  });

  test("empty: Enter …, or no time when optional", () => {
    assert.deepEqual(readTime({}, "at", timeRule), {
      ok: false,
      error: { field: "at-hour", message: "Enter the time", parts: ["hour", "minute"] },
    });
    assert.deepEqual(readTime(time("", ""), "at", { ...timeRule, required: false }), {
      ok: true,
      time: null,
    });
  });

  test("half a time, or an impossible one", () => {
    assert.deepEqual(readTime(time("", "30"), "at", timeRule), {
      ok: false,
      error: { field: "at-hour", message: "The time must include an hour", parts: ["hour"] },
    });
    assert.deepEqual(readTime(time("9", ""), "at", timeRule), {
      ok: false,
      error: { field: "at-minute", message: "The time must include a minute", parts: ["minute"] },
    });
    for (const [hour, minute, parts] of [
      ["24", "00", ["hour"]],
      ["9", "60", ["minute"]],
      ["9pm", "x", ["hour", "minute"]],
      [["1", "2"], "00", ["hour"]],
    ] as const) {
      assert.deepEqual(readTime(time(hour, minute), "at", timeRule), {
        ok: false,
        error: {
          field: `at-${parts[0]}`,
          message: "The time must be a real time on the 24-hour clock, like 14:30",
          parts,
        },
      });
    }
  });

  test("timeInputView labels and highlights the two boxes", () => {
    const view = timeInputView("at", time("25", "10"), [
      { field: "at-hour", message: "Bad", parts: ["hour"] } as never,
    ]);
    assert.deepEqual(view.errorMessage, { text: "Bad" });
    assert.deepEqual(view.items, [
      {
        id: "at-hour",
        name: "hour",
        label: "Hour",
        classes: "govuk-input--width-2 govuk-input--error",
        value: "25",
      },
      {
        id: "at-minute",
        name: "minute",
        label: "Minute",
        classes: "govuk-input--width-2",
        value: "10",
      },
    ]);
  });
});

describe("londonInstant", () => {
  test("a London date and time as an instant with its offset, across the clock changes", () => {
    assert.equal(londonInstant("2025-01-15", "14:30"), "2025-01-15T14:30:00.000+00:00");
    assert.equal(londonInstant("2025-06-15", "14:30"), "2025-06-15T14:30:00.000+01:00");
    assert.equal(londonInstant("2025-03-30", "01:30"), "2025-03-30T02:30:00.000+01:00");
  });
});
