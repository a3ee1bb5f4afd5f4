// The follow-up check after a resolution, through the pages on a real database: shown on its day
// to those who may answer, checked, refused, answered yes, and answered no (which reopens it).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { toldIn } from "../../../../test/support/told.ts";
import { escalationEvents } from "../../../db/schema.ts";
import {
  type EscalationWorld,
  errorSummaryOf,
  escalationWorld,
  formVersion,
  textOf,
} from "./test-support.ts";

const database = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";

describe(`the follow-up check (Dorset, on ${database})`, () => {
  let w: EscalationWorld;
  // Resolved on Tue 6 May 2025: 20 working days on, with the spring bank holiday (Mon 26 May)
  // not counted, the check falls due on Wed 4 Jun 2025.
  const resolvedAt = "2025-05-06T14:00:00+01:00";
  const checkDay = "2025-06-04T09:00:00+01:00";
  /** Who was told what about the escalation since the follow-up check was answered. */
  const toldAbout = async (id: string, subject: RegExp) =>
    (await toldIn(w.services.db, w.partnership.id))
      .filter((told) => told.escalationId === id && subject.test(told.subject))
      .map((told) => `${told.to}: ${told.subject}`);
  const eventCount = async () =>
    Number(
      (await w.services.db.select({ n: sql<number>`count(*)::int` }).from(escalationEvents))[0]?.n,
    );

  before(async () => {
    w = await escalationWorld("dorset", "2025-05-06T09:00:00+01:00");
  });
  after(() => w?.close());

  /** An escalation raised, resolved by Tom and confirmed by Amina, with an action agreed. */
  async function resolved(): Promise<string> {
    w.clock.now = "2025-05-06T09:00:00+01:00";
    const id = await w.raise(w.amina);
    await w.act(w.tom, id, {
      type: "agree-action",
      actionId: "a1",
      description: "Start a child and family assessment",
      owner: "Tom Reed",
      dueDate: "2025-05-20",
    });
    await w.act(w.tom, id, {
      type: "resolve",
      outcome: "Social care will assess",
      outstandingIssues: "Review at the next core group",
    });
    w.clock.now = resolvedAt;
    await w.act(w.amina, id, { type: "confirm-resolution" });
    return id;
  }

  test("before its day the page says when it falls due and why, and nobody can answer it", async () => {
    const id = await resolved();
    w.clock.now = "2025-06-03T16:00:00+01:00";
    const page = await w.get(w.amina, `/escalations/${id}`);
    const text = textOf(page.body);
    assert.match(text, /Follow-up check Either side is asked whether the agreed actions happened/);
    assert.match(
      text,
      /due Wed 4 Jun 2025: 20 working days after Tue 6 May 2025 \(day one Wed 7 May 2025\); Mon 26 May 2025 bank holiday \(Spring bank holiday\) excluded\. Dorset Safeguarding Children Partnership's procedure sets no time for it, so Resolve checks 20 working days after a resolution is confirmed/,
    );
    assert.doesNotMatch(page.body, /data-qa="action-answer-follow-up"/);
    assert.equal((await w.get(w.amina, `/escalations/${id}/follow-up`)).statusCode, 403);
    const posted = await w.post(w.amina, `/escalations/${id}/follow-up`, {
      version: String(await w.version(id)),
      happened: "yes",
    });
    assert.equal(posted.statusCode, 403);
  });

  test("on its day it is offered to the raiser and to either side, and to nobody else", async () => {
    const id = await resolved();
    w.clock.now = checkDay;
    for (const who of [w.amina, w.tom]) {
      const page = await w.get(who, `/escalations/${id}`);
      assert.match(page.body, /data-qa="action-answer-follow-up"/, who.name);
      assert.equal((await w.get(who, `/escalations/${id}/follow-up`)).statusCode, 200);
    }
    // Not a party, and the team does not oversee stage 1: neither can see the escalation.
    for (const who of [w.pat, w.bea]) {
      assert.equal((await w.get(who, `/escalations/${id}/follow-up`)).statusCode, 404, who.name);
    }
    const form = textOf((await w.get(w.amina, `/escalations/${id}/follow-up`)).body);
    assert.match(form, /What was agreed Social care will assess/);
    assert.match(form, /Start a child and family assessment \(Tom Reed, due Tue 20 May 2025\)/);
    assert.match(form, /Did the agreed actions happen\?/);
  });

  test("bad answers come back with an error summary, and nothing is saved", async () => {
    const id = await resolved();
    w.clock.now = checkDay;
    const url = `/escalations/${id}/follow-up`;
    const version = formVersion((await w.get(w.amina, url)).body);
    const before = await eventCount();
    const empty = await w.post(w.amina, url, { version });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(errorSummaryOf(empty.body), [
      "Select yes if the agreed actions happened, or no if they did not",
    ]);
    assert.match(empty.body, /<title>Error: Follow-up check – Resolve<\/title>/);
    const noReason = await w.post(w.amina, url, { version, happened: "no", outstanding: "  " });
    assert.deepEqual(errorSummaryOf(noReason.body), ["Enter what has not happened"]);
    assert.match(noReason.body, /id="happened-2"[^>]*value="no" checked/);
    const odd = await w.post(w.amina, url, { version, happened: "maybe" });
    assert.deepEqual(errorSummaryOf(odd.body), [
      "Select yes if the agreed actions happened, or no if they did not",
    ]);
    const twice = await w.post(w.amina, url, { version, happened: "no", outstanding: ["a", "b"] });
    assert.ok(errorSummaryOf(twice.body).some((message) => message.endsWith(" once")));
    const long = await w.post(w.amina, url, {
      version,
      happened: "no",
      outstanding: "x".repeat(2001),
    });
    assert.ok(errorSummaryOf(long.body).some((message) => /characters or fewer$/.test(message)));
    const markup = await w.post(w.amina, url, {
      version,
      happened: "no",
      outstanding: "<script>alert(1)</script>",
      "happened-extra": "x",
      _csrf: "forged",
    });
    assert.equal(markup.statusCode, 403);
    for (const [name, fields] of [
      ["no version", { happened: "yes" }],
      ["a version from the future", { happened: "yes", version: "99" }],
    ] as const) {
      assert.equal((await w.post(w.amina, url, fields)).statusCode, 400, name);
    }
    assert.equal(await eventCount(), before, "nothing was saved");
  });

  test("yes: it stays resolved, the check is answered, and the history says so", async () => {
    const id = await resolved();
    w.clock.now = checkDay;
    const url = `/escalations/${id}/follow-up`;
    const version = formVersion((await w.get(w.tom, url)).body);
    const done = await w.post(w.tom, url, {
      version,
      happened: "yes",
      note: "The assessment started on 12 May",
    });
    assert.equal(done.statusCode, 303);
    const page = await w.get(w.tom, String(done.headers.location));
    const text = textOf(page.body);
    assert.match(
      text,
      /Follow-up check answered The agreed actions happened: the escalation stays resolved\./,
    );
    assert.match(
      text,
      /Follow-up check: the agreed actions happened .* Note: The assessment started on 12 May/,
    );
    assert.doesNotMatch(page.body, /data-qa="action-answer-follow-up"/);
    assert.doesNotMatch(page.body, /data-qa="follow-up"/);
    assert.match(page.body, /data-qa="status">\s*Resolved/);
    assert.equal((await w.get(w.amina, url)).statusCode, 403);
    // The raiser is told of the answer Tom gave.
    const told = await toldAbout(id, /: the agreed actions happened$/);
    assert.equal(told.length, 1, told.join("; "));
    assert.match(told[0] ?? "", /^Amina Khan: DOR-2025-\d{4}: the agreed actions happened$/);
  });

  test("no: it opens again at the stage it was resolved at, in a new round with a fresh deadline", async () => {
    const id = await resolved();
    w.clock.now = checkDay;
    const url = `/escalations/${id}/follow-up`;
    const version = formVersion((await w.get(w.amina, url)).body);
    const done = await w.post(w.amina, url, {
      version,
      happened: "no",
      outstanding: "The assessment has not started",
    });
    assert.equal(done.statusCode, 303);
    const page = await w.get(w.amina, String(done.headers.location));
    const text = textOf(page.body);
    // Dorset's stage 1 is 3 working days with Day One when the matter is raised: counted again
    // from the reopening, Day One is Wed 4 Jun.
    assert.match(
      text,
      /Escalation reopened at Stage 1 – line managers, round 2 It is due Fri 6 Jun 2025: day one Wed 4 Jun 2025; counted from Wed 4 Jun 2025, when the escalation was reopened\./,
    );
    assert.match(page.body, /data-qa="status">\s*Open/);
    assert.match(
      text,
      /Reopened: the agreed actions did not happen .* Still outstanding: The assessment has not started/,
    );
    assert.match(page.body, /data-qa="action-record-discussion"/);
    // The other side can work it again.
    const tomsPage = await w.get(w.tom, `/escalations/${id}`);
    assert.match(tomsPage.body, /data-qa="action-resolve"/);
    // The other side, who proposed the resolution, is told; Amina answered, so knows.
    const told = await toldIn(w.services.db, w.partnership.id);
    const reopened = told.filter(
      (each) => each.escalationId === id && /reopened/.test(each.subject),
    );
    assert.deepEqual(
      reopened.map((each) => each.to),
      ["Tom Reed"],
    );
    assert.match(
      reopened[0]?.body ?? "",
      /whose resolution you agreed, has been reopened: its follow-up check found that the agreed actions had not happened\. It is back at Stage 1 – line managers, round 2\./,
    );
    assert.doesNotMatch(reopened[0]?.body ?? "", /JS|assessment has not started/);
  });

  test("two answers at once: the second is told what changed and that it can no longer answer", async () => {
    const id = await resolved();
    w.clock.now = checkDay;
    const url = `/escalations/${id}/follow-up`;
    const version = formVersion((await w.get(w.amina, url)).body);
    const first = await w.post(w.tom, url, { version, happened: "yes" });
    assert.equal(first.statusCode, 303);
    const late = await w.post(w.amina, url, {
      version,
      happened: "no",
      outstanding: "Nothing has happened",
    });
    assert.equal(late.statusCode, 409);
    const text = textOf(late.body);
    assert.match(
      text,
      /Tom Reed answered the follow-up check: the agreed actions happened at 09:00/,
    );
    assert.match(
      text,
      /You can no longer do this\. There is no follow-up check waiting for an answer\./,
    );
    assert.match(late.body, /Nothing has happened<\/textarea>/);
  });
});
