// The printable record for the child's file, and its refusal for thematic escalations.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type EscalationWorld, escalationWorld, textOf } from "./test-support.ts";

const database = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";

describe(`the record for the child's file (on ${database})`, () => {
  let w: EscalationWorld;
  before(async () => {
    w = await escalationWorld("dorset");
  });
  after(() => w?.close());

  test("holds the summary, every stage with its deadline explained, every discussion, action and decision", async () => {
    const id = await w.raise(w.amina);
    w.clock.now = "2025-03-04T10:00:00Z";
    await w.act(w.amina, id, {
      type: "record-discussion",
      heldAt: "2025-03-04T09:00:00Z",
      method: "phone",
      participants: "Amina Khan and Tom Reed",
      summary: "No agreement on the threshold",
    });
    await w.act(w.tom, id, {
      type: "agree-action",
      actionId: "a-1",
      description: "Share the assessment notes",
      owner: "Tom Reed",
      dueDate: "2025-03-06",
    });
    await w.act(w.amina, id, { type: "escalate", reason: "Still no assessment" });
    w.clock.now = "2025-03-05T10:00:00Z";
    await w.act(w.tom, id, {
      type: "resolve",
      outcome: "An assessment will start on Monday",
      outstandingIssues: "None",
    });
    await w.act(w.amina, id, { type: "confirm-resolution" });

    const response = await w.get(w.amina, `/escalations/${id}/record`);
    assert.equal(response.statusCode, 200);
    const text = textOf(response.body);
    for (const expected of [
      "Record of escalation DOR-2025-0001",
      "For the child’s file. Status: Resolved",
      "Child JS",
      "What is challenged The referral was closed with no assessment",
      "Stage 1 – line managers Started 09:00 Mon 3 Mar 2025 Ended 10:00 Tue 4 Mar 2025 Due Wed 5 Mar 2025 How it is worked out due Wed 5 Mar 2025: day one Mon 3 Mar 2025",
      "Stage 2 – second-tier managers Started 10:00 Tue 4 Mar 2025 Ended 10:00 Wed 5 Mar 2025 Due Mon 10 Mar 2025 How it is worked out due Mon 10 Mar 2025: day one Mon 3 Mar 2025",
      "Phone, 09:00 Tue 4 Mar 2025 Stage Stage 1 – line managers Who took part Amina Khan and Tom Reed Summary No agreement on the threshold",
      "Share the assessment notes Tom Reed Thu 6 Mar 2025",
      "What was agreed An assessment will start on Monday",
      "Escalated to Stage 2 – second-tier managers by Amina Khan, Hillside Primary School",
      "Resolution confirmed: the escalation is resolved by Amina Khan",
      "press Ctrl and P (or Cmd and P on a Mac)",
    ]) {
      assert.ok(text.includes(expected), `missing "${expected}"`);
    }
    // Oldest first, as a record reads.
    assert.ok(text.indexOf("Escalation raised with") < text.indexOf("Resolution confirmed:"));
    // The print stylesheet is there, and the screen-only parts are marked to stay off paper.
    assert.match(response.body, /print\.css[^"]*" media="print"/);
    assert.match(response.body, /class="govuk-!-display-none-print" data-qa="print"/);
  });

  test("is refused for a thematic escalation, saying why", async () => {
    const id = await w.raise(w.amina, { thematic: true, child: null, category: "strategic-theme" });
    const response = await w.get(w.amina, `/escalations/${id}/record`);
    assert.equal(response.statusCode, 403);
    assert.match(textOf(response.body), /Thematic escalations are not written to a child’s file/);
  });

  test("is refused to someone who may not see the escalation", async () => {
    const id = await w.raise(w.amina);
    const response = await w.get(w.pat, `/escalations/${id}/record`);
    assert.equal(response.statusCode, 404);
    assert.doesNotMatch(response.body, /DOR-/);
  });
});
