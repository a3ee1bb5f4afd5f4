import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readChoice, readChoices } from "./choice.ts";
import { readText, TEXT_LIMIT } from "./text.ts";

describe("readText", () => {
  const rule = { what: "what has been tried" };

  test("reads cleaned, trimmed text", () => {
    assert.deepEqual(readText({ tried: "  A meeting\r\nand a call " }, "tried", rule), {
      ok: true,
      text: "A meeting\nand a call",
    });
  });

  test("empty or only spaces: Enter …", () => {
    for (const fields of [{}, { tried: "" }, { tried: "   \r\n " }]) {
      assert.deepEqual(readText(fields, "tried", rule), {
        ok: false,
        error: { field: "tried", message: "Enter what has been tried" },
      });
    }
  });

  test("optional and empty reads as empty", () => {
    assert.deepEqual(readText({}, "tried", { ...rule, required: false }), { ok: true, text: "" });
  });

  test("too long: … must be N characters or fewer; line breaks count once", () => {
    assert.deepEqual(readText({ tried: "x".repeat(TEXT_LIMIT + 1) }, "tried", rule), {
      ok: false,
      error: { field: "tried", message: "What has been tried must be 2,000 characters or fewer" },
    });
    const lines = "x\r\n".repeat(1000).trim();
    assert.equal(readText({ tried: lines }, "tried", rule).ok, true);
    assert.deepEqual(
      readText({ ref: "abcdef" }, "ref", {
        what: "the reference",
        named: "The child's reference",
        max: 5,
      }),
      {
        ok: false,
        error: { field: "ref", message: "The child's reference must be 5 characters or fewer" },
      },
    );
  });

  test("sent twice or not as text: asks for it once", () => {
    for (const tried of [["a", "b"], { a: "b" }]) {
      assert.deepEqual(readText({ tried }, "tried", rule), {
        ok: false,
        error: { field: "tried", message: "Enter what has been tried once" },
      });
    }
  });

  test("script and SQL are text like any other", () => {
    for (const text of [
      "<script>alert('x')</script>",
      "'; DROP TABLE escalations; --",
      "{{ 7*7 }}",
    ]) {
      assert.deepEqual(readText({ tried: text }, "tried", rule), { ok: true, text });
    }
  });
});

describe("readChoice and readChoices", () => {
  const urgency = ["routine", "urgent"] as const;
  const rule = { message: "Select how urgent it is" };
  const error = { ok: false, error: { field: "urgency", message: "Select how urgent it is" } };

  test("a radio: one of the offered values", () => {
    assert.deepEqual(readChoice({ urgency: "urgent" }, "urgency", urgency, rule), {
      ok: true,
      value: "urgent",
    });
  });

  test("a radio: nothing, something not offered, or two values is an error", () => {
    for (const fields of [
      {},
      { urgency: "" },
      { urgency: "URGENT" },
      { urgency: ["routine", "urgent"] },
    ]) {
      assert.deepEqual(readChoice(fields, "urgency", urgency, rule), error);
    }
  });

  test("a radio that may be left: nothing is null, but an unknown value is still an error", () => {
    assert.deepEqual(readChoice({}, "urgency", urgency, { ...rule, required: false }), {
      ok: true,
      value: null,
    });
    assert.deepEqual(
      readChoice({ urgency: "x" }, "urgency", urgency, { ...rule, required: false }),
      error,
    );
  });

  const agencies = ["police", "health", "school"];
  const agencyRule = { message: "Select the agency" };

  test("checkboxes: one or several, in the order offered, each once", () => {
    assert.deepEqual(readChoices({ a: "health" }, "a", agencies, agencyRule), {
      ok: true,
      values: ["health"],
    });
    assert.deepEqual(
      readChoices({ a: ["school", "police", "school", ""] }, "a", agencies, agencyRule),
      {
        ok: true,
        values: ["police", "school"],
      },
    );
  });

  test("checkboxes: none, an unknown value or not text is an error", () => {
    for (const fields of [{}, { a: "" }, { a: ["police", "fire"] }, { a: { b: "c" } }]) {
      assert.deepEqual(readChoices(fields, "a", agencies, agencyRule), {
        ok: false,
        error: { field: "a", message: "Select the agency" },
      });
    }
    assert.deepEqual(readChoices({}, "a", agencies, { ...agencyRule, required: false }), {
      ok: true,
      values: [],
    });
  });
});
