import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cleanText, echo, fieldsOf, formatCount, many, sentenceCase, single } from "./fields.ts";

describe("reading fields", () => {
  test("fieldsOf takes an object and reads anything else as no fields", () => {
    assert.deepEqual(fieldsOf({ a: "1" }), { a: "1" });
    for (const body of [undefined, null, "a=1", 42, ["a"]]) assert.deepEqual(fieldsOf(body), {});
  });

  test("single: the string sent, undefined when absent, null when not one string", () => {
    const fields = { one: "x", twice: ["a", "b"], object: { a: 1 }, empty: "" };
    assert.equal(single(fields, "one"), "x");
    assert.equal(single(fields, "empty"), "");
    assert.equal(single(fields, "absent"), undefined);
    assert.equal(single(fields, "twice"), null);
    assert.equal(single(fields, "object"), null);
  });

  test("single never reads a prototype's property", () => {
    const fields = Object.create(null);
    assert.equal(single(fields, "constructor"), undefined);
    assert.equal(single({}, "toString"), undefined);
    assert.equal(single({}, "__proto__"), undefined);
  });

  test("many: one or more strings as a list; anything else null", () => {
    assert.deepEqual(many({ a: "x" }, "a"), ["x"]);
    assert.deepEqual(many({ a: ["x", "y"] }, "a"), ["x", "y"]);
    assert.deepEqual(many({}, "a"), []);
    assert.equal(many({ a: [{}] }, "a"), null);
    assert.equal(many({ a: 7 }, "a"), null);
  });

  test("cleanText trims, writes line breaks as \\n and drops control characters", () => {
    assert.equal(cleanText("  one\r\ntwo\rthree \n"), "one\ntwo\nthree");
    assert.equal(cleanText("a\u0000b\u0007c\u001bd\u009fe"), "abcde");
    assert.equal(cleanText("tab\tkept"), "tab\tkept");
    assert.equal(cleanText("<script>alert(1)</script>"), "<script>alert(1)</script>");
    assert.equal(cleanText("'; DROP TABLE escalations; --"), "'; DROP TABLE escalations; --");
    assert.equal(cleanText("Zoë 👩‍👧"), "Zoë 👩‍👧");
  });

  test("echo keeps strings and lists of strings, never the CSRF token", () => {
    assert.deepEqual(echo({ a: "1", b: ["x", "y"], c: { d: 1 }, e: [1], _csrf: "secret" }), {
      a: "1",
      b: ["x", "y"],
    });
  });

  test("sentenceCase and formatCount write as GOV.UK does", () => {
    assert.equal(sentenceCase("the date"), "The date");
    assert.equal(sentenceCase(""), "");
    assert.equal(formatCount(2000), "2,000");
    assert.equal(formatCount(40), "40");
  });
});
