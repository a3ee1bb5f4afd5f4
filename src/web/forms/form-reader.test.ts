import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FormReader } from "./form-reader.ts";

describe("FormReader", () => {
  test("reads a whole form, collecting every error in the order of the fields", () => {
    const form = new FormReader(
      {
        summary: "",
        method: "carrier-pigeon",
        "held-day": "31",
        "held-month": "2",
        "held-year": "2025",
        "at-hour": "9",
        "at-minute": "",
        who: ["a", "b"],
      },
      { today: "2025-06-10" },
    );
    assert.equal(form.text("summary", "a summary of the discussion"), "");
    assert.equal(
      form.choice("method", ["phone", "email"], "Select how the discussion was held"),
      null,
    );
    assert.equal(form.date("held", "the date of the discussion", { bound: "today-or-past" }), null);
    assert.equal(form.time("at", "the time of the discussion"), null);
    assert.deepEqual(form.choices("who", ["a"], "Select who took part"), []);
    assert.equal(form.ok, false);
    assert.deepEqual(
      form.errors.map((error) => [error.field, error.message]),
      [
        ["summary", "Enter a summary of the discussion"],
        ["method", "Select how the discussion was held"],
        ["held-day", "The date of the discussion must be a real date"],
        ["at-minute", "The time of the discussion must include a minute"],
        ["who", "Select who took part"],
      ],
    );
    assert.equal(form.has("held-day"), true);
    assert.equal(form.hasAny("at"), true);
    assert.equal(form.hasAny("summ"), false);
  });

  test("gives back the values when all is well", () => {
    const form = new FormReader(
      {
        summary: " Agreed a plan ",
        method: "phone",
        "held-day": "9",
        "held-month": "June",
        "held-year": "2025",
        who: ["b", "a"],
      },
      { today: "2025-06-10" },
    );
    assert.equal(form.text("summary", "a summary"), "Agreed a plan");
    assert.equal(form.text("note", "a note", { required: false }), "");
    assert.equal(form.choice("method", ["phone", "email"], "Select"), "phone");
    assert.equal(form.date("held", "the date", { bound: "today-or-past" }), "2025-06-09");
    assert.equal(form.time("at", "the time", { required: false }), null);
    assert.deepEqual(form.choices("who", ["a", "b"], "Select"), ["a", "b"]);
    assert.equal(form.raw("summary"), " Agreed a plan ");
    assert.equal(form.raw("who"), "");
    assert.equal(form.ok, true);
    form.add("summary", "From a check across fields");
    assert.equal(form.ok, false);
  });

  test("takes any body: none, a string, a list", () => {
    for (const body of [undefined, null, "summary=x", ["summary"]]) {
      const form = new FormReader(body);
      assert.equal(form.text("summary", "a summary"), "");
      assert.deepEqual(form.errors, [{ field: "summary", message: "Enter a summary" }]);
    }
  });
});
