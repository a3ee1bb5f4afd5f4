import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../app.ts";
import { validateExample } from "./index.ts";

const valid = {
  agency: "Kingsmere Police",
  urgency: "routine",
  "started-day": "27",
  "started-month": "3",
  "started-year": "2025",
  summary: "The referral was judged below threshold.",
};

describe("the example form's checks", () => {
  test("a complete form has no errors", () => {
    assert.deepEqual(validateExample(valid), []);
  });

  test("an empty form has one error per question, in page order", () => {
    assert.deepEqual(
      validateExample({}).map((error) => error.field),
      ["agency", "urgency", "started-day", "summary"],
    );
  });

  for (const [day, month, year, field, message] of [
    ["31", "2", "2025", "started-day", "must be a real date"],
    ["x", "2", "2025", "started-day", "must be a real date"],
    ["1", "13", "2025", "started-day", "must be a real date"],
    ["1", "2", "25", "started-day", "must be a real date"],
    ["", "2", "2025", "started-day", "must include a day"],
    ["1", "", "", "started-month", "must include a month and year"],
  ] as const) {
    test(`the date ${day}/${month}/${year} is refused: ${message}`, () => {
      const errors = validateExample({
        ...valid,
        "started-day": day,
        "started-month": month,
        "started-year": year,
      });
      assert.equal(errors.length, 1);
      assert.equal(errors[0]?.field, field);
      assert.match(errors[0]?.message ?? "", new RegExp(message));
    });
  }
});

describe("the example page", () => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildApp({ ready: async () => true }, { examplePages: true });
  });
  after(() => app.close());

  test("exists only when example pages are on", async () => {
    const without = await buildApp({ ready: async () => true });
    try {
      assert.equal((await without.inject("/dev/example")).statusCode, 404);
    } finally {
      await without.close();
    }
    assert.equal((await app.inject("/dev/example")).statusCode, 200);
  });

  test("posted empty, shows the error summary and each field's error, keeping what was typed", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/dev/example",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "agency=&summary=Typed+%3Cthis%3E",
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /<title>Error: Example form – Resolve<\/title>/);
    assert.match(response.body, /data-qa="error-summary"/);
    assert.equal(response.body.match(/class="govuk-error-message"/g)?.length, 3);
    assert.match(response.body, /href="#urgency"/);
    assert.match(response.body, /id="urgency"/);
    assert.match(response.body, /id="started-day"/);
    assert.match(response.body, />Typed &lt;this&gt;<\/textarea>/);
  });

  test("posted complete, goes on (post, redirect, get)", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/dev/example",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams(valid).toString(),
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, "/dev/example?sent=yes");
    const next = await app.inject("/dev/example?sent=yes");
    assert.match(next.body, /The example form was sent/);
  });
});
