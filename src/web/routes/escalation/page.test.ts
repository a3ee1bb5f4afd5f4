// The escalation's page on a real database: who may see it, what it shows, and what it offers.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { registerProcedures } from "../../../app/procedure-registry.ts";
import { loadProcedureFile } from "../../../app/procedures.ts";
import { insertAgency, insertPartnership } from "../../../db/directory.ts";
import { type EscalationWorld, escalationWorld, textOf } from "./test-support.ts";

const database = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
const KINGSMERE = new URL("../../../../test/fixtures/procedures/kingsmere.yaml", import.meta.url);

/** The links offered under "What you can do". */
function offered(html: string): string[] {
  const panel = /data-qa="available-actions"[\s\S]*?<\/div>/.exec(html)?.[0] ?? "";
  return [...panel.matchAll(/data-qa="action-([a-z-]+)"/g)].map((match) => match[1] ?? "");
}

describe(`the escalation's page (Dorset, on ${database})`, () => {
  let w: EscalationWorld;
  let id: string;

  before(async () => {
    w = await escalationWorld("dorset");
    id = await w.raise(w.amina);
  });
  after(() => w?.close());

  test("asks someone signed out to sign in, then brings them back", async () => {
    const response = await w.get(null, `/escalations/${id}`);
    assert.equal(response.statusCode, 303);
    assert.equal(
      response.headers.location,
      `/sign-in?returnTo=${encodeURIComponent(`/escalations/${id}`)}`,
    );
  });

  test("an unknown or malformed id is Page not found, for the page, its record and its forms", async () => {
    for (const path of [
      `/escalations/${randomUUID()}`,
      "/escalations/not-an-id",
      "/escalations/1'%20OR%20'1'='1",
      `/escalations/${randomUUID()}/record`,
      `/escalations/${randomUUID()}/escalate`,
      "/escalations/%00/record-discussion",
    ]) {
      const response = await w.get(w.amina, path);
      assert.equal(response.statusCode, 404, path);
      assert.match(response.body, /Page not found/, path);
    }
    const posted = await w.post(w.amina, `/escalations/${randomUUID()}/escalate`, {
      version: "2",
      reason: "x",
    });
    assert.equal(posted.statusCode, 404);
  });

  test("someone in an agency that is not a party finds nothing there, as for an id never used", async () => {
    for (const path of ["", "/record", "/record-discussion", "/escalate", "/withdraw"]) {
      const response = await w.get(w.pat, `/escalations/${id}${path}`);
      assert.equal(response.statusCode, 404, path);
      assert.match(response.body, /Page not found/);
      assert.doesNotMatch(response.body, /DOR-2025|JS|referral/);
    }
    const posted = await w.post(w.pat, `/escalations/${id}/record-discussion`, { version: "2" });
    assert.equal(posted.statusCode, 404);
  });

  test("someone in another partnership gets no access", async () => {
    const other = await testPartnership(w.services.db, "dorset");
    const stranger = await w.person(
      "Sam Stranger",
      other.socialCare.id,
      ["line-manager"],
      other.partnership.id,
    );
    const response = await w.get(stranger, `/escalations/${id}`);
    assert.equal(response.statusCode, 404);
  });

  test("shows the summary: reference, who raised it against whom, the child, what is challenged", async () => {
    const response = await w.get(w.amina, `/escalations/${id}`);
    assert.equal(response.statusCode, 200);
    const text = textOf(response.body);
    for (const expected of [
      "Escalation DOR-2025-0001",
      "Raised 09:00 Mon 3 Mar 2025 by Amina Khan",
      "Raised by Hillside Primary School",
      "Challenging Children's Social Care",
      "Child JS",
      "Child’s status Child in need",
      "What is challenged The referral was closed with no assessment",
      "What has been tried Spoke to the duty social worker on Monday",
      "Evidence Three disclosures in a fortnight",
      "Outcome sought A child and family assessment",
      "Urgency Routine",
      "Dorset Safeguarding Children Partnership, version 2.0-r1",
    ]) {
      assert.ok(text.includes(expected), `missing "${expected}"`);
    }
  });

  test("shows the stage, who acts on each side, and its deadline with the tag and full explanation", async () => {
    const text = textOf((await w.get(w.amina, `/escalations/${id}`)).body);
    assert.match(text, /Current stage Stage 1 – line managers/);
    assert.match(text, /Hillside Primary School Line manager Children's Social Care Line manager/);
    assert.match(text, /Due in 2 working days \(due Wed 5 Mar 2025\) Due Wed 5 Mar 2025/);
    assert.match(text, /due Wed 5 Mar 2025: day one Mon 3 Mar 2025/);
    assert.match(
      text,
      /How this stage can end Resolved Escalated to Stage 2 – second-tier managers/,
    );
  });

  test("offers the raising side's line manager only what they may do now", async () => {
    const lead = await w.person("Lee Lead", w.school.id, ["line-manager"]);
    const html = (await w.get(lead, `/escalations/${id}`)).body;
    assert.deepEqual(offered(html), [
      "record-discussion",
      "agree-action",
      "escalate",
      "resolve",
      "redirect",
      "withdraw",
    ]);
    assert.match(textOf(html), /Escalate to Stage 2 – second-tier managers/);
  });

  test("offers a head of service on the other side the extension, and no withdrawal", async () => {
    const html = (await w.get(w.hana, `/escalations/${id}`)).body;
    assert.deepEqual(offered(html), [
      "record-discussion",
      "agree-action",
      "extend-deadline",
      "escalate",
      "resolve",
      "redirect",
    ]);
  });

  test("the partnership team sees an escalation from stage 3, with nothing to do on it", async () => {
    assert.equal((await w.get(w.bea, `/escalations/${id}`)).statusCode, 404);
    const later = await w.raise(w.amina);
    await w.act(w.tom, later, { type: "escalate", reason: "Still unsafe" });
    await w.act(w.tom, later, { type: "escalate", reason: "Still unsafe" });
    const response = await w.get(w.bea, `/escalations/${later}`);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(offered(response.body), []);
    assert.match(textOf(response.body), /Nothing for you to do on this escalation now/);
    assert.match(textOf(response.body), /Partnership business team to be told/);
  });

  test("the timeline lists every event, newest first, in plain words", async () => {
    const later = await w.raise(w.amina);
    w.clock.now = "2025-03-04T10:04:00Z";
    await w.act(w.tom, later, { type: "escalate", reason: "No progress", evidence: "Calls" });
    const html = (await w.get(w.amina, `/escalations/${later}`)).body;
    const titles = [...html.matchAll(/class="moj-timeline__title">([^<]*)</g)].map((m) =>
      textOf(m[1] ?? ""),
    );
    assert.deepEqual(titles, [
      "Stage 2 – second-tier managers started",
      "Escalated to Stage 2 – second-tier managers",
      "Stage 1 – line managers started",
      "Escalation raised with Children's Social Care",
    ]);
    assert.match(
      textOf(html),
      /Escalated to Stage 2 – second-tier managers by Tom Reed, Children's Social Care/,
    );
    w.clock.now = "2025-03-03T09:00:00Z";
  });

  test("a thematic escalation says so in place of a child, and offers no record for a file", async () => {
    const thematic = await w.raise(w.amina, {
      thematic: true,
      child: null,
      category: "strategic-theme",
    });
    const response = await w.get(w.amina, `/escalations/${thematic}`);
    assert.equal(response.statusCode, 200);
    const text = textOf(response.body);
    assert.match(text, /Child Thematic: about no single child/);
    assert.doesNotMatch(text, /Record for the child’s file/);
    assert.match(text, /Stage 3 – heads of service/);
  });
});

describe(`deadlines that differ (on ${database})`, () => {
  test("Suffolk: a child-safety deadline earlier than the procedure's shows both", async () => {
    const w = await escalationWorld("suffolk");
    try {
      const id = await w.raise(w.amina, { childSafetyDueAt: "2025-03-03T15:00:00Z" });
      const text = textOf((await w.get(w.amina, `/escalations/${id}`)).body);
      assert.match(text, /Due today \(due 15:00 Mon 3 Mar 2025\) Due 15:00 Mon 3 Mar 2025/);
      assert.match(text, /a deadline set to protect the child, earlier than the procedure's/);
      assert.match(text, /The procedure’s deadline Tue 4 Mar 2025/);
      assert.match(text, /Deadline set to protect the child 15:00 Mon 3 Mar 2025/);
    } finally {
      await w.close();
    }
  });

  test("City & Hackney: the whole-escalation target beside a stage with no timescale set", async () => {
    const w = await escalationWorld("city-and-hackney");
    try {
      const id = await w.raise(w.amina);
      const text = textOf((await w.get(w.amina, `/escalations/${id}`)).body);
      assert.match(text, /No deadline set/);
      assert.match(text, /No timescale set\./);
      assert.match(text, /Whole-escalation target: Settle the difference by talking it through/);
      assert.match(text, /Due Mon 10 Mar 2025/);
    } finally {
      await w.close();
    }
  });

  test("a stage with inner clocks shows each side's own deadline (the Kingsmere fixture)", async () => {
    const w = await escalationWorld("dorset");
    try {
      const loaded = loadProcedureFile(fileURLToPath(KINGSMERE));
      assert.ok(loaded.ok);
      const kingsmere = loaded.procedure;
      await registerProcedures(w.services.db, [kingsmere]);
      const partnership = await insertPartnership(w.services.db, {
        id: randomUUID(),
        name: "Kingsmere Safeguarding Children Partnership",
        procedureId: kingsmere.id,
        procedureVersion: kingsmere.version,
        nation: "england-and-wales",
        closeOfBusiness: kingsmere.calendar.closeOfBusiness,
        referencePrefix: "KSM",
      });
      const agency = (name: string) =>
        insertAgency(w.services.db, {
          id: randomUUID(),
          partnershipId: partnership.id,
          name,
          sector: "education",
        });
      const school = await agency("Kingsmere Academy");
      const health = await agency("Kingsmere Health");
      const lee = await w.person("Lee Practitioner", school.id, ["practitioner"], partnership.id);
      const id = await w.raise(lee, { receivingAgencies: [health.id], category: "thresholds" });
      const text = textOf((await w.get(lee, `/escalations/${id}`)).body);
      assert.match(
        text,
        /The raising practitioner sets out the concern in writing Due in 2 working days \(due Wed 5 Mar 2025\)/,
      );
      assert.match(text, /The other agency responds Due in 3 working days \(due Thu 6 Mar 2025\)/);
      assert.match(text, /Whole-escalation target: Settled within twenty working days/);
    } finally {
      await w.close();
    }
  });

  test("Dorset: an extended deadline shows the new date, the old one and why", async () => {
    const w = await escalationWorld("dorset");
    try {
      const id = await w.raise(w.amina);
      await w.act(w.hana, id, {
        type: "extend-deadline",
        dueAt: "2025-03-07T23:59:59.999Z",
        reason: "the social worker is on leave",
      });
      const text = textOf((await w.get(w.amina, `/escalations/${id}`)).body);
      assert.match(text, /Due Fri 7 Mar 2025 due Fri 7 Mar 2025: extended from Wed 5 Mar 2025/);
      assert.match(text, /The procedure’s deadline Wed 5 Mar 2025/);
      assert.match(text, /Extended from Wed 5 Mar 2025 to Fri 7 Mar 2025 by Hana Patel/);
    } finally {
      await w.close();
    }
  });
});
