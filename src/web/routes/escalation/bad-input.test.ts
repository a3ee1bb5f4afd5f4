// Hostile and careless input to every form: never a 500, nothing saved when it is refused, and
// whatever is saved shown back as text, never as markup.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { escalationEvents } from "../../../db/schema.ts";
import {
  type EscalationWorld,
  errorSummaryOf,
  escalationWorld,
  type PostedFields,
} from "./test-support.ts";

const database = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";

/** Each form, who may use it on a fresh escalation (after `setup`), and its text fields. */
const FORMS: {
  slug: string;
  who: "amina" | "tom" | "hana";
  texts: string[];
  valid: PostedFields;
  /** Escalations to make first, to reach a stage where the form is offered. */
  escalations?: number;
}[] = [
  {
    slug: "record-discussion",
    who: "amina",
    texts: ["participants", "summary"],
    valid: {
      "heldAt-day": "3",
      "heldAt-month": "3",
      "heldAt-year": "2025",
      "heldAt-hour": "8",
      "heldAt-minute": "0",
      method: "phone",
      participants: "Both",
      summary: "Talked",
    },
  },
  {
    slug: "agree-action",
    who: "tom",
    texts: ["description", "owner"],
    valid: {
      description: "Review",
      owner: "Tom",
      "dueDate-day": "10",
      "dueDate-month": "3",
      "dueDate-year": "2025",
    },
  },
  {
    slug: "extend-deadline",
    who: "hana",
    texts: ["reason"],
    valid: { "dueAt-day": "7", "dueAt-month": "3", "dueAt-year": "2025", reason: "Leave" },
  },
  { slug: "escalate", who: "amina", texts: ["reason"], valid: { reason: "Unsafe", evidence: "" } },
  {
    slug: "resolve",
    who: "amina",
    texts: ["outcome", "outstandingIssues"],
    valid: { outcome: "Agreed", outstandingIssues: "None" },
  },
  {
    slug: "redirect",
    who: "tom",
    texts: ["to", "reason"],
    valid: { to: "The LADO", reason: "A professional" },
  },
  { slug: "withdraw", who: "amina", texts: ["reason"], valid: { reason: "Sorted" } },
  {
    slug: "close-with-disagreement",
    who: "tom",
    texts: ["raisingPosition", "receivingPosition", "planContinues"],
    valid: { raisingPosition: "A", receivingPosition: "B", planContinues: "C" },
    escalations: 2,
  },
];

describe(`bad input to the forms (on ${database})`, () => {
  let w: EscalationWorld;
  const eventCount = async () =>
    Number(
      (await w.services.db.select({ n: sql<number>`count(*)::int` }).from(escalationEvents))[0]?.n,
    );

  before(async () => {
    w = await escalationWorld("dorset");
  });
  after(() => w?.close());

  for (const form of FORMS) {
    test(`${form.slug}: empty, doubled, too long, unreadable and oversized bodies save nothing`, async () => {
      const id = await w.raise(w.amina);
      for (let step = 0; step < (form.escalations ?? 0); step++) {
        await w.act(w.amina, id, { type: "escalate", reason: "Unsafe" });
      }
      const version = String(await w.version(id));
      const who = w[form.who];
      const url = `/escalations/${id}/${form.slug}`;
      const before = await eventCount();
      const cases: [string, PostedFields, number][] = [
        ["empty", { version }, 400],
        ["only spaces", { version, ...blank(form.valid) }, 400],
        ...form.texts.map((name): [string, PostedFields, number] => [
          `${name} sent twice`,
          { version, ...form.valid, [name]: ["one", "two"] },
          400,
        ]),
        ...form.texts.map((name): [string, PostedFields, number] => [
          `${name} too long`,
          { version, ...form.valid, [name]: "x".repeat(2001) },
          400,
        ]),
        ["no version", { ...form.valid }, 400],
        ["a version from the future", { ...form.valid, version: "99" }, 400],
        ["a version that is not a number", { ...form.valid, version: "2; DROP TABLE x" }, 400],
        ["a version sent twice", { ...form.valid, version: ["2", "2"] }, 400],
      ];
      for (const [name, fields, status] of cases) {
        const response = await w.post(who, url, fields);
        assert.equal(response.statusCode, status, `${form.slug}, ${name}: ${response.statusCode}`);
      }
      const doubled = await w.post(who, url, {
        version,
        ...form.valid,
        [form.texts[0] ?? "reason"]: ["one", "two"],
      });
      assert.ok(errorSummaryOf(doubled.body).some((message) => message.endsWith(" once")));
      const long = await w.post(who, url, {
        version,
        ...form.valid,
        [form.texts[0] ?? "reason"]: "x".repeat(2001),
      });
      assert.ok(
        errorSummaryOf(long.body).some((message) => /characters or fewer$/.test(message)),
        errorSummaryOf(long.body).join("; "),
      );
      const huge = await w.post(who, url, {
        version,
        ...form.valid,
        summary: "x".repeat(110_000),
      });
      assert.equal(huge.statusCode, 413);
      const { csrfToken } = await w.session(who);
      const broken = await w.postRaw(
        who,
        url,
        `_csrf=${csrfToken}&version=${version}&reason=%E0%A4%A&x=%`,
      );
      assert.equal(broken.statusCode, 400, "unreadable body");
      assert.equal(await eventCount(), before, "nothing was saved");
    });
  }

  test("markup is shown as text everywhere it appears, and SQL is only words", async () => {
    const id = await w.raise(w.amina);
    const script = "<script>alert('owned')</script>";
    const sqlish = "Robert'); DROP TABLE escalation_events; --";
    const posted = await w.post(w.amina, `/escalations/${id}/record-discussion`, {
      version: "2",
      ...FORMS[0]?.valid,
      participants: sqlish,
      summary: `${script}\n<img src=x onerror=alert(1)>`,
    });
    assert.equal(posted.statusCode, 303);
    for (const path of ["", "/record"]) {
      const page = await w.get(w.amina, `/escalations/${id}${path}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /<script>alert/);
      assert.doesNotMatch(page.body, /<img src=x/);
      assert.match(
        page.body,
        /&lt;script&gt;alert\(&#39;owned&#39;\)&lt;\/script&gt;<br>&lt;img src=x/,
      );
      assert.match(page.body, /Robert&#39;\); DROP TABLE escalation_events; --/);
    }
    assert.ok((await eventCount()) > 0, "the events table is still there");
  });

  test("markup typed into a form comes back inside the field, escaped, when the form has errors", async () => {
    const id = await w.raise(w.amina);
    const response = await w.post(w.amina, `/escalations/${id}/escalate`, {
      version: "2",
      reason: "",
      evidence: '"><script>alert(1)</script>',
    });
    assert.equal(response.statusCode, 400);
    assert.doesNotMatch(response.body, /<script>alert\(1\)/);
    assert.match(response.body, /&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/textarea>/);
  });

  test("a NUL character is refused; odd field names are only names", async () => {
    const id = await w.raise(w.amina);
    const url = `/escalations/${id}/escalate`;
    const { csrfToken } = await w.session(w.amina);
    const before = await eventCount();
    const nul = await w.postRaw(w.amina, url, `_csrf=${csrfToken}&version=2&reason=a%00b`);
    assert.equal(nul.statusCode, 400);
    assert.equal(await eventCount(), before);
    const odd = await w.postRaw(
      w.amina,
      url,
      `_csrf=${csrfToken}&version=2&__proto__=x&constructor=y&reason%5B%5D=z&reason=Unsafe&toString=1`,
    );
    assert.equal(odd.statusCode, 303);
    assert.ok((await eventCount()) > before);
  });
});

function blank(fields: PostedFields): PostedFields {
  return Object.fromEntries(Object.keys(fields).map((name) => [name, "   "]));
}
