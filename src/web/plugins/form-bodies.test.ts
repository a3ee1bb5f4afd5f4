import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { HttpError } from "../http-error.ts";
import { parseFormBody } from "./form-bodies.ts";

describe("reading a form body", () => {
  test("decodes names and values, + as a space", () => {
    assert.deepEqual(
      { ...parseFormBody("agency=Kingsmere+Police&summary=50%25+%26+more&empty=&bare") },
      { agency: "Kingsmere Police", summary: "50% & more", empty: "", bare: "" },
    );
  });

  test("keeps every value of a repeated name, in order", () => {
    assert.deepEqual({ ...parseFormBody("a=1&b=x&a=2&a=3") }, { a: ["1", "2", "3"], b: "x" });
  });

  test("reads nothing from an empty body", () => {
    assert.deepEqual({ ...parseFormBody("") }, {});
  });

  test("reads UTF-8", () => {
    assert.deepEqual(
      { ...parseFormBody("name=Si%C3%B4n+%E2%80%93+%F0%9F%98%80") },
      { name: "Siôn – 😀" },
    );
  });

  test("a field named __proto__ or constructor is only a field", () => {
    const fields = parseFormBody("__proto__=x&constructor=y&toString=z");
    assert.equal(Object.getPrototypeOf(fields), null);
    assert.deepEqual(Object.entries(fields), [
      ["__proto__", "x"],
      ["constructor", "y"],
      ["toString", "z"],
    ]);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  for (const body of [
    "a=%",
    "a=%E0%A4%A",
    "%zz=1",
    "a=%C0%AF",
    "a=%ED%A0%80",
    "a=x%00y",
    "%00=1",
  ]) {
    test(`refuses malformed encoding or a NUL (${body}) with a 400`, () => {
      assert.throws(
        () => parseFormBody(body),
        (error: unknown) => error instanceof HttpError && error.statusCode === 400,
      );
    });
  }
});
