// Two people working on the same escalation at once: the second is told what changed, keeps what
// they typed, and can submit again against the escalation as it is now, if they still may.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type EscalationWorld, escalationWorld, formVersion, textOf } from "./test-support.ts";

const database = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";

const discussion = {
  "heldAt-day": "4",
  "heldAt-month": "3",
  "heldAt-year": "2025",
  "heldAt-hour": "9",
  "heldAt-minute": "15",
  method: "face-to-face",
  participants: "Amina Khan and the class teacher",
  summary: "We met the family at school.\nMum says the referral was never followed up.",
};

describe(`two people on one escalation (on ${database})`, () => {
  let w: EscalationWorld;
  before(async () => {
    w = await escalationWorld("dorset");
  });
  after(() => w?.close());

  test("the second to submit sees what changed, with their words still in the form, and can submit again", async () => {
    const id = await w.raise(w.amina);
    w.clock.now = "2025-03-04T10:00:00Z";
    const aminas = await w.get(w.amina, `/escalations/${id}/record-discussion`);
    const toms = await w.get(w.tom, `/escalations/${id}/escalate`);
    assert.equal(formVersion(aminas.body), "2");
    assert.equal(formVersion(toms.body), "2");

    w.clock.now = "2025-03-04T10:04:00Z";
    const first = await w.post(w.tom, `/escalations/${id}/escalate`, {
      version: "2",
      reason: "No assessment yet",
    });
    assert.equal(first.statusCode, 303);

    w.clock.now = "2025-03-04T10:20:00Z";
    const second = await w.post(w.amina, `/escalations/${id}/record-discussion`, {
      version: "2",
      ...discussion,
    });
    assert.equal(second.statusCode, 409);
    const text = textOf(second.body);
    assert.match(text, /This escalation changed while you were working on it/);
    assert.match(text, /Tom Reed escalated it to Stage 2 – second-tier managers at 10:04/);
    assert.match(text, /Nothing you entered has been saved yet/);
    assert.match(second.body, /Amina Khan and the class teacher<\/textarea>/);
    assert.match(
      second.body,
      /We met the family at school\.\nMum says the referral was never followed up\.<\/textarea>/,
    );
    assert.match(second.body, /name="heldAt-hour"[^>]*value="9"|value="9"[^>]*name="heldAt-hour"/);
    assert.match(second.body, /value="face-to-face" checked/);
    const fresh = formVersion(second.body);
    assert.equal(fresh, String(await w.version(id)));
    assert.notEqual(fresh, "2");
    assert.match(second.body, /data-qa="submit"/);

    const again = await w.post(w.amina, `/escalations/${id}/record-discussion`, {
      version: fresh,
      ...discussion,
    });
    assert.equal(again.statusCode, 303);
    const page = textOf((await w.get(w.amina, `/escalations/${id}`)).body);
    assert.match(page, /Face to face, 09:15 Tue 4 Mar 2025 Stage Stage 2 – second-tier managers/);
  });

  test("when the action is no longer open, they are told why, keep their words, and cannot submit it", async () => {
    const id = await w.raise(w.amina);
    await w.act(w.amina, id, { type: "escalate", reason: "Unsafe" });
    await w.act(w.amina, id, { type: "escalate", reason: "Unsafe" });
    w.clock.now = "2025-03-05T11:00:00Z";
    const seen = formVersion((await w.get(w.amina, `/escalations/${id}/escalate`)).body);
    await w.act(w.tom, id, { type: "escalate", reason: "Senior leaders must decide" });

    const late = await w.post(w.amina, `/escalations/${id}/escalate`, {
      version: seen,
      reason: "The heads of service could not agree",
    });
    assert.equal(late.statusCode, 409);
    const text = textOf(late.body);
    assert.match(text, /Tom Reed escalated it to Stage 4 – senior leaders at 11:00/);
    assert.match(
      text,
      /You can no longer do this\. Stage 4 – senior leaders is the last stage of Dorset Safeguarding Children Partnership's procedure: it cannot be escalated further\./,
    );
    assert.match(late.body, /The heads of service could not agree<\/textarea>/);
    assert.doesNotMatch(late.body, /data-qa="submit"/);
    const version = await w.version(id);
    const resent = await w.post(w.amina, `/escalations/${id}/escalate`, {
      version: formVersion(late.body),
      reason: "Again",
    });
    assert.equal(resent.statusCode, 403);
    assert.equal(await w.version(id), version);
  });

  test("a resolution withdrawn from under the confirm page: the other side is told", async () => {
    const id = await w.raise(w.amina);
    await w.act(w.amina, id, { type: "resolve", outcome: "Assessment", outstandingIssues: "None" });
    const seen = formVersion((await w.get(w.tom, `/escalations/${id}/confirm-resolution`)).body);
    await w.act(w.amina, id, { type: "withdraw", reason: "Family moved away" });
    const late = await w.post(w.tom, `/escalations/${id}/confirm-resolution`, { version: seen });
    assert.equal(late.statusCode, 409);
    const text = textOf(late.body);
    assert.match(text, /Amina Khan withdrew it at/);
    assert.match(text, /You can no longer do this\. This escalation was withdrawn on/);
  });

  test("two submissions racing at the same version: one is saved, the other is told", async () => {
    const id = await w.raise(w.amina);
    const [a, b] = await Promise.all([
      w.post(w.amina, `/escalations/${id}/record-discussion`, { version: "2", ...discussion }),
      w.post(w.tom, `/escalations/${id}/agree-action`, {
        version: "2",
        description: "Review",
        owner: "Tom",
        "dueDate-day": "10",
        "dueDate-month": "3",
        "dueDate-year": "2025",
      }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [303, 409]);
    assert.equal(await w.version(id), 3);
  });
});
