// Each action's form on a real database: shown, checked, refused, and taken.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Person } from "../../../db/directory.ts";
import { ACTION_FORMS } from "./handlers/index.ts";
import {
  type EscalationWorld,
  errorSummaryOf,
  escalationWorld,
  formVersion,
  type PostedFields,
  textOf,
} from "./test-support.ts";

const database = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";

/** Posts a form at the version its page shows, as the person would. */
async function submit(
  w: EscalationWorld,
  who: Parameters<EscalationWorld["get"]>[0],
  url: string,
  fields: PostedFields,
) {
  if (who === null) throw new Error("someone must be signed in");
  const page = await w.get(who, url);
  assert.equal(page.statusCode, 200, `GET ${url}: ${page.statusCode}`);
  return w.post(who, url, { version: formVersion(page.body), ...fields });
}

/** Follows a 303 to the escalation's page and returns its success banner's text. */
async function banner(
  w: EscalationWorld,
  who: Parameters<EscalationWorld["get"]>[0],
  response: { statusCode: number; headers: Record<string, unknown>; body: string },
) {
  assert.equal(response.statusCode, 303, response.body.slice(0, 2000));
  const page = await w.get(who, String(response.headers.location));
  const match = /<div[^>]*data-qa="success"[\s\S]*?<\/div>\s*<\/div>/.exec(page.body);
  return textOf(match?.[0] ?? "").trim();
}

const discussion = {
  "heldAt-day": "3",
  "heldAt-month": "3",
  "heldAt-year": "2025",
  "heldAt-hour": "8",
  "heldAt-minute": "30",
  method: "phone",
  participants: "Amina Khan (school) and Tom Reed (social care)",
  summary: "Talked through the referral.\nTom will look at it again.",
};

describe(`the actions' forms (Dorset, on ${database})`, () => {
  let w: EscalationWorld;
  before(async () => {
    w = await escalationWorld("dorset");
  });
  after(() => w?.close());

  test("record a discussion: the form, its checks, then the discussion listed with a banner", async () => {
    const id = await w.raise(w.amina);
    const url = `/escalations/${id}/record-discussion`;
    const form = await w.get(w.amina, url);
    assert.match(form.body, /name="version" value="2"/);
    assert.match(form.body, /name="_csrf"/);
    const empty = await w.post(w.amina, url, { version: "2" });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(errorSummaryOf(empty.body), [
      "Enter the date of the discussion",
      "Enter the time of the discussion",
      "Select how the discussion was held",
      "Enter who took part",
      "Enter a summary of the discussion",
    ]);
    assert.match(empty.body, /<title>Error: Record a discussion – Resolve<\/title>/);
    const future = await w.post(w.amina, url, { version: "2", ...discussion, "heldAt-day": "4" });
    assert.deepEqual(errorSummaryOf(future.body), [
      "The discussion must have taken place: enter a time in the past",
    ]);
    const wrong = await w.post(w.amina, url, {
      version: "2",
      ...discussion,
      "heldAt-day": "31",
      "heldAt-month": "2",
      "heldAt-hour": "25",
    });
    assert.deepEqual(errorSummaryOf(wrong.body), [
      "The date of the discussion must be a real date",
      "The time of the discussion must be a real time on the 24-hour clock, like 14:30",
    ]);
    assert.match(
      wrong.body,
      /value="Amina Khan \(school\) and Tom Reed \(social care\)"|Amina Khan \(school\) and Tom Reed \(social care\)<\/textarea>/,
    );
    const done = await w.post(w.amina, url, { version: "2", ...discussion });
    assert.equal(await banner(w, w.amina, done), "Success Discussion recorded");
    const page = textOf((await w.get(w.amina, `/escalations/${id}`)).body);
    assert.match(page, /Phone, 08:30 Mon 3 Mar 2025/);
    assert.match(page, /Talked through the referral\. Tom will look at it again\./);
  });

  test("record an agreed action: a real due date, then the action in the table", async () => {
    const id = await w.raise(w.amina);
    const url = `/escalations/${id}/agree-action`;
    const bad = await submit(w, w.tom, url, {
      description: "Review the referral",
      owner: "Tom Reed",
      "dueDate-day": "10",
      "dueDate-year": "2025",
    });
    assert.deepEqual(errorSummaryOf(bad.body), ["The date it is due must include a month"]);
    const done = await submit(w, w.tom, url, {
      description: "Review the referral",
      owner: "Tom Reed",
      "dueDate-day": "10",
      "dueDate-month": "3",
      "dueDate-year": "2025",
    });
    assert.equal(
      await banner(w, w.tom, done),
      "Success Agreed action recorded Review the referral",
    );
    const page = textOf((await w.get(w.amina, `/escalations/${id}`)).body);
    assert.match(page, /Review the referral Tom Reed Mon 10 Mar 2025/);
  });

  test("extend the deadline: only a permitted role, later than today, with a reason", async () => {
    const id = await w.raise(w.amina);
    const url = `/escalations/${id}/extend-deadline`;
    const lead = await w.person("Lee Lead", w.school.id, ["line-manager"]);
    assert.equal((await w.get(lead, url)).statusCode, 403);
    const past = await submit(w, w.hana, url, {
      "dueAt-day": "1",
      "dueAt-month": "3",
      "dueAt-year": "2025",
      reason: "",
    });
    assert.deepEqual(errorSummaryOf(past.body), [
      "The new due date must be after today, Mon 3 Mar 2025",
      "Enter the reason for extending",
    ]);
    const sooner = await submit(w, w.hana, url, {
      "dueAt-day": "4",
      "dueAt-month": "3",
      "dueAt-year": "2025",
      reason: "Leave",
    });
    assert.deepEqual(errorSummaryOf(sooner.body), [
      "The new deadline must be later than the current one, Wed 5 Mar 2025.",
    ]);
    const done = await submit(w, w.hana, url, {
      "dueAt-day": "7",
      "dueAt-month": "3",
      "dueAt-year": "2025",
      reason: "The social worker is on leave",
    });
    assert.equal(
      await banner(w, w.hana, done),
      "Success Deadline extended It is now due Fri 7 Mar 2025; it was due Wed 5 Mar 2025.",
    );
  });

  test("escalate: the banner names the new stage and its deadline", async () => {
    const id = await w.raise(w.amina);
    const url = `/escalations/${id}/escalate`;
    const form = await w.get(w.amina, url);
    assert.match(textOf(form.body), /Escalate to Stage 2 – second-tier managers/);
    assert.match(textOf(form.body), /Evidence \(optional\)/);
    assert.doesNotMatch(form.body, /childSafety-day/, "Dorset sets no child-safety deadlines");
    const empty = await w.post(w.amina, url, { version: formVersion(form.body) });
    assert.deepEqual(errorSummaryOf(empty.body), ["Enter why it is being escalated"]);
    const done = await submit(w, w.amina, url, { reason: "No assessment yet", evidence: "" });
    assert.equal(
      await banner(w, w.amina, done),
      "Success Escalated to Stage 2 – second-tier managers It is due Mon 10 Mar 2025: day one Mon 3 Mar 2025.",
    );
  });

  test("Dorset's stage 4 cannot be escalated: not offered, and refused if posted", async () => {
    const id = await w.raise(w.amina);
    for (let step = 0; step < 3; step++)
      await w.act(w.amina, id, { type: "escalate", reason: "Unsafe" });
    const page = await w.get(w.amina, `/escalations/${id}`);
    assert.match(textOf(page.body), /This is the last stage: it cannot be escalated further\./);
    assert.doesNotMatch(page.body, /data-qa="action-escalate"/);
    const version = String(await w.version(id));
    const posted = await w.post(w.amina, `/escalations/${id}/escalate`, {
      version,
      reason: "More",
    });
    assert.equal(posted.statusCode, 403);
    assert.equal(await w.version(id), Number(version));
  });

  test("resolve, then the other side confirms on an are-you-sure page", async () => {
    const id = await w.raise(w.amina);
    const resolved = await submit(w, w.amina, `/escalations/${id}/resolve`, {
      outcome: "Social care will assess",
      outstandingIssues: "None",
    });
    assert.equal(
      await banner(w, w.amina, resolved),
      "Success Resolution recorded The other side needs to confirm it before the escalation is resolved.",
    );
    assert.equal((await w.get(w.amina, `/escalations/${id}/confirm-resolution`)).statusCode, 403);
    const confirm = await w.get(w.tom, `/escalations/${id}/confirm-resolution`);
    assert.equal(confirm.statusCode, 200);
    const text = textOf(confirm.body);
    assert.match(text, /Are you sure the resolution is agreed\?/);
    assert.match(text, /What was agreed Social care will assess/);
    const done = await w.post(w.tom, `/escalations/${id}/confirm-resolution`, {
      version: formVersion(confirm.body),
    });
    assert.equal(
      await banner(w, w.tom, done),
      "Success Resolution confirmed The escalation is resolved.",
    );
    const page = await w.get(w.amina, `/escalations/${id}`);
    assert.match(textOf(page.body), /Resolved at/);
    assert.match(page.body, /Nothing for you to do on this escalation now/);
  });

  test("close with the disagreement noted at stage 3: each side's position", async () => {
    const id = await w.raise(w.amina);
    await w.act(w.amina, id, { type: "escalate", reason: "Unsafe" });
    await w.act(w.amina, id, { type: "escalate", reason: "Unsafe" });
    const url = `/escalations/${id}/close-with-disagreement`;
    const page = await w.get(w.tom, `/escalations/${id}`);
    assert.match(textOf(page.body), /Disagreement with the plan noted/);
    const form = await w.get(w.tom, url);
    assert.match(textOf(form.body), /Hillside Primary School’s position/);
    const empty = await w.post(w.tom, url, { version: formVersion(form.body) });
    assert.deepEqual(errorSummaryOf(empty.body), [
      "Enter Hillside Primary School’s position",
      "Enter Children's Social Care’s position",
      "Enter how the plan continues",
    ]);
    const done = await submit(w, w.tom, url, {
      raisingPosition: "The child needs a plan now",
      receivingPosition: "The threshold is not met",
      planContinues: "Core groups every two weeks",
    });
    assert.equal(
      await banner(w, w.tom, done),
      "Success Escalation closed with the disagreement noted Both sides’ positions are recorded, and the plan continues.",
    );
    const text = textOf((await w.get(w.amina, `/escalations/${id}`)).body);
    assert.match(text, /Hillside Primary School’s position The child needs a plan now/);
    assert.match(text, /Children's Social Care’s position The threshold is not met/);
  });

  test("withdraw: the reason, then are you sure, and only then withdrawn", async () => {
    const id = await w.raise(w.amina);
    const url = `/escalations/${id}/withdraw`;
    assert.equal((await w.get(w.tom, url)).statusCode, 403);
    const empty = await submit(w, w.amina, url, {});
    assert.deepEqual(errorSummaryOf(empty.body), ["Enter why it is withdrawn"]);
    const asked = await submit(w, w.amina, url, { reason: "Resolved informally" });
    assert.equal(asked.statusCode, 200);
    assert.match(textOf(asked.body), /Are you sure you want to withdraw this escalation\?/);
    assert.match(textOf(asked.body), /Resolved informally/);
    assert.equal(await w.version(id), 2, "nothing changes before the confirmation");
    const done = await w.post(w.amina, url, {
      version: formVersion(asked.body),
      reason: "Resolved informally",
      confirmed: "yes",
    });
    assert.equal(await banner(w, w.amina, done), "Success Escalation withdrawn");
  });

  test("redirect: where to and why", async () => {
    const id = await w.raise(w.amina);
    const url = `/escalations/${id}/redirect`;
    const form = await w.get(w.tom, url);
    assert.match(textOf(form.body), /Local Authority Designated Officer/);
    const done = await submit(w, w.tom, url, {
      to: "The LADO",
      reason: "It is about a professional",
    });
    assert.equal(await banner(w, w.tom, done), "Success Escalation redirected to The LADO");
  });

  test("the banner is for the person who acted, and only for their action", async () => {
    const id = await w.raise(w.amina);
    const done = await submit(w, w.amina, `/escalations/${id}/record-discussion`, discussion);
    const location = String(done.headers.location);
    const theirs = await w.get(w.tom, location);
    assert.doesNotMatch(theirs.body, /data-qa="success"/);
    for (const odd of ["?done=999", "?done=abc", "?done=1"]) {
      const page = await w.get(w.amina, `/escalations/${id}${odd}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /data-qa="success"/, odd);
    }
  });

  test("every action is refused when it is not open to the person, however it is sent", async () => {
    const id = await w.raise(w.amina);
    await w.act(w.amina, id, { type: "withdraw", reason: "Sorted" });
    const version = String(await w.version(id));
    for (const form of ACTION_FORMS) {
      const url = `/escalations/${id}/${form.slug}`;
      assert.equal((await w.get(w.amina, url)).statusCode, 403, `GET ${form.slug}`);
      const posted = await w.post(w.amina, url, {
        version,
        reason: "x",
        outcome: "x",
        outstandingIssues: "x",
        confirmed: "yes",
      });
      assert.equal(posted.statusCode, 403, `POST ${form.slug}`);
      assert.match(posted.body, /You do not have access to this page/);
    }
    assert.equal(await w.version(id), Number(version));
  });

  test("actions the stage does not allow are refused at an open escalation too", async () => {
    const id = await w.raise(w.amina);
    const version = "2";
    const lead = await w.person("Lee Lead", w.school.id, ["line-manager"]);
    const refused: [string, Person, number][] = [
      ["extend-deadline", lead, 403],
      ["next-round", w.amina, 403],
      ["child-safety-deadline", w.amina, 403],
      ["confirm-resolution", w.tom, 403],
      ["close-with-disagreement", w.amina, 403],
      ["withdraw", w.tom, 403],
      // The team cannot see a stage-1 escalation at all.
      ["record-discussion", w.bea, 404],
    ];
    for (const [slug, who, status] of refused) {
      const posted = await w.post(who, `/escalations/${id}/${slug}`, {
        version,
        reason: "x",
        confirmed: "yes",
      });
      assert.equal(posted.statusCode, status, slug);
    }
    assert.equal(await w.version(id), 2);
  });

  test("a form without its CSRF token is refused and saves nothing", async () => {
    const id = await w.raise(w.amina);
    const posted = await w.post(w.amina, `/escalations/${id}/record-discussion`, {
      _csrf: "forged",
      version: "2",
      ...discussion,
    });
    assert.equal(posted.statusCode, 403);
    assert.equal(await w.version(id), 2);
  });
});

describe(`Northamptonshire: evidence before escalating, rounds, and email discouraged (on ${database})`, () => {
  let w: EscalationWorld;
  before(async () => {
    w = await escalationWorld("northamptonshire");
  });
  after(() => w?.close());

  test("the evidence the stage asks for is the evidence field's hint, and escalating without it is refused", async () => {
    const id = await w.raise(w.amina);
    const url = `/escalations/${id}/escalate`;
    const form = await w.get(w.amina, url);
    assert.match(
      textOf(form.body),
      /The procedure asks for this before escalating: Evidence that the practitioners tried to resolve the disagreement and exhausted this stage without agreement\./,
    );
    assert.match(
      textOf(form.body),
      /Call it escalation, or professional disagreement, not a complaint/,
    );
    const refused = await w.post(w.amina, url, {
      version: formVersion(form.body),
      reason: "No agreement",
      evidence: "  ",
    });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(errorSummaryOf(refused.body), [
      "Before escalating to Stage 2 – manager to manager, record the evidence the procedure asks for: Evidence that the practitioners tried to resolve the disagreement and exhausted this stage without agreement.",
    ]);
    assert.match(refused.body, /href="#evidence"/);
    assert.match(refused.body, /No agreement<\/textarea>/);
    assert.equal(await w.version(id), 2);
    const done = await submit(w, w.amina, url, {
      reason: "No agreement",
      evidence: "Two calls on 3 March; no plan agreed",
    });
    assert.match(
      await banner(w, w.amina, done),
      /Escalated to Stage 2 – manager to manager It is due Mon 10 Mar 2025: 5 working days after Mon 3 Mar 2025/,
    );
  });

  test("another round of stage 3: one tier higher, its own deadline", async () => {
    const id = await w.raise(w.amina);
    await w.act(w.amina, id, { type: "escalate", reason: "x", evidence: "e" });
    await w.act(w.amina, id, { type: "escalate", reason: "x", evidence: "e" });
    const url = `/escalations/${id}/next-round`;
    const form = await w.get(w.tom, url);
    assert.match(textOf(form.body), /Start round 2 of this stage/);
    assert.match(textOf(form.body), /Each round takes the matter one tier higher/);
    const done = await submit(w, w.tom, url, { reason: "The service managers could not agree" });
    assert.match(
      await banner(w, w.tom, done),
      /^Success Round 2 of Stage 3 – senior manager to senior manager started It is due/,
    );
    const page = textOf((await w.get(w.amina, `/escalations/${id}`)).body);
    assert.match(page, /Stage 3 – senior manager to senior manager, round 2/);
  });

  test("choosing email shows a warning, but does not stop the discussion being recorded", async () => {
    const id = await w.raise(w.amina);
    const url = `/escalations/${id}/record-discussion`;
    const form = await w.get(w.amina, url);
    assert.match(form.body, /data-qa="discouraged-email"/);
    assert.match(
      textOf(form.body),
      /The procedure recommends the phone, a face-to-face meeting or a virtual meeting rather than escalating by email\./,
    );
    const done = await submit(w, w.amina, url, { ...discussion, method: "email" });
    assert.equal(await banner(w, w.amina, done), "Success Discussion recorded");
  });
});

describe(`Suffolk: an earlier deadline to protect the child (on ${database})`, () => {
  let w: EscalationWorld;
  before(async () => {
    w = await escalationWorld("suffolk");
  });
  after(() => w?.close());

  test("set at stage 1 with a date and time, in the future", async () => {
    const id = await w.raise(w.amina);
    const url = `/escalations/${id}/child-safety-deadline`;
    const past = await submit(w, w.amina, url, {
      "dueAt-day": "3",
      "dueAt-month": "3",
      "dueAt-year": "2025",
      "dueAt-hour": "8",
      "dueAt-minute": "00",
      reason: "Risk tonight",
    });
    assert.deepEqual(errorSummaryOf(past.body), ["The deadline must be in the future"]);
    const done = await submit(w, w.amina, url, {
      "dueAt-day": "3",
      "dueAt-month": "3",
      "dueAt-year": "2025",
      "dueAt-hour": "16",
      "dueAt-minute": "00",
      reason: "The child goes home tonight",
    });
    assert.equal(
      await banner(w, w.amina, done),
      "Success Earlier deadline set to protect the child It is due 16:00 Mon 3 Mar 2025.",
    );
  });

  test("offered when escalating to a stage that allows it", async () => {
    const id = await w.raise(w.amina);
    const url = `/escalations/${id}/escalate`;
    const form = await w.get(w.amina, url);
    assert.match(form.body, /id="childSafety-day"/);
    const halfTime = await submit(w, w.amina, url, {
      reason: "x",
      "childSafety-hour": "15",
      "childSafety-minute": "00",
    });
    assert.deepEqual(errorSummaryOf(halfTime.body), ["Enter the date of the earlier deadline"]);
    const done = await submit(w, w.amina, url, {
      reason: "The child is at risk this week",
      "childSafety-day": "3",
      "childSafety-month": "3",
      "childSafety-year": "2025",
      "childSafety-hour": "17",
      "childSafety-minute": "30",
    });
    assert.equal(
      await banner(w, w.amina, done),
      "Success Escalated to Stage 2 – first-line managers It is due 17:30 Mon 3 Mar 2025: a deadline set to protect the child, earlier than the procedure's; the procedure's own deadline is due Tue 4 Mar 2025: 1 working day after Mon 3 Mar 2025 (day one Tue 4 Mar 2025).",
    );
  });
});
