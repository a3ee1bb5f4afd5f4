import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { calendarFor, loadProcedureLibrary } from "../../app/procedures.ts";
import type { EscalationListRow } from "../../db/escalation-queries.ts";
import { listInWords, presentEscalationRow, type RowContext } from "./escalation-row.ts";

const dorset = loadProcedureLibrary().procedures.get("dorset");
if (dorset === undefined) throw new Error("dorset.yaml did not load");

const SCHOOL = "00000000-0000-4000-8000-000000000001";
const SOCIAL_CARE = "00000000-0000-4000-8000-000000000002";
const POLICE = "00000000-0000-4000-8000-000000000003";

const row = (changes: Partial<EscalationListRow> = {}): EscalationListRow => ({
  id: "00000000-0000-4000-8000-0000000000aa",
  partnershipId: "00000000-0000-4000-8000-0000000000bb",
  reference: "DOR-2025-0007",
  procedureId: "dorset",
  procedureVersion: dorset.version,
  track: "general",
  thematic: false,
  category: "referral-threshold",
  summary: "The referral was closed",
  raisingAgencyId: SCHOOL,
  receivingAgencyIds: [SOCIAL_CARE],
  raisedBy: "00000000-0000-4000-8000-0000000000cc",
  raisedAt: "2025-03-03 09:00:00+00",
  status: "open",
  stage: "stage-1",
  stageTier: 2,
  round: 1,
  stageEnteredAt: "2025-03-03 09:00:00+00",
  stageDueAt: "2025-03-05 23:59:59.999+00",
  targetDueAt: null,
  // As the database gives it back: its own format, not ISO 8601.
  nextDueAt: "2025-03-05 23:59:59.999+00",
  closedAt: null,
  updatedAt: "2025-03-03 09:00:00+00",
  version: 2,
  participantIds: [],
  followUpDueAt: null,
  anonymisedAt: null,
  ...changes,
});

const context = (changes: Partial<RowContext> = {}): RowContext => ({
  procedure: dorset,
  agencyNames: new Map([
    [SCHOOL, "Hillside Primary School"],
    [SOCIAL_CARE, "Children's Social Care"],
    [POLICE, "Dorset Police"],
  ]),
  viewerAgencyId: SCHOOL,
  calendar: calendarFor(dorset),
  now: "2025-03-04T12:00:00Z",
  ...changes,
});

describe("an escalation as a row of a list", () => {
  test("in the procedure's words: stage, category, status", () => {
    const view = presentEscalationRow(row(), context());
    assert.equal(view.href, "/escalations/00000000-0000-4000-8000-0000000000aa");
    assert.ok(!Object.values(view).includes("K.M."), "a list row holds nothing about the child");
    assert.equal(view.stage, "Stage 1 – line managers");
    assert.equal(
      view.category,
      "A referral judged not to meet the threshold for assessment by children's social care",
    );
    assert.deepEqual(view.status, { id: "open", text: "Open", colour: null });
  });

  test("the other side, as the viewer's agency sees it", () => {
    const raised = presentEscalationRow(row(), context());
    assert.equal(raised.side, "raising");
    assert.equal(raised.otherAgencies, "Children's Social Care");
    const received = presentEscalationRow(
      row({ receivingAgencyIds: [SOCIAL_CARE, POLICE] }),
      context({ viewerAgencyId: POLICE }),
    );
    assert.equal(received.side, "receiving");
    assert.equal(received.otherAgencies, "Hillside Primary School and Children's Social Care");
    const team = presentEscalationRow(row(), context({ viewerAgencyId: null }));
    assert.equal(team.side, null);
    assert.equal(
      team.relationship,
      "Raised by Hillside Primary School with Children's Social Care",
    );
  });

  test("the deadline on the partnership's calendar, from the database's own timestamps", () => {
    assert.deepEqual(presentEscalationRow(row(), context()).deadline, {
      dueAt: "2025-03-05T23:59:59.999Z",
      dueDate: "Wed 5 Mar 2025",
      workingDaysLeft: 1,
      overdue: false,
    });
    const late = presentEscalationRow(row(), context({ now: "2025-03-06T00:00:00Z" }));
    assert.equal(late.deadline?.overdue, true);
    const none = presentEscalationRow(row({ nextDueAt: null }), context());
    assert.deepEqual(none.deadline, {
      dueAt: null,
      dueDate: null,
      workingDaysLeft: null,
      overdue: false,
    });
  });

  test("an ended escalation has no deadline, but the day it ended", () => {
    const view = presentEscalationRow(
      row({ status: "withdrawn", nextDueAt: null, closedAt: "2025-03-04 10:00:00+00" }),
      context(),
    );
    assert.equal(view.running, false);
    assert.equal(view.deadline, null);
    assert.equal(view.closedOn, "Tue 4 Mar 2025");
    assert.deepEqual(view.status, { id: "withdrawn", text: "Withdrawn", colour: "grey" });
  });

  test("thematic, a later round, and what the procedure or directory no longer knows", () => {
    const view = presentEscalationRow(
      row({
        thematic: true,
        stage: "stage-3",
        round: 2,
        category: "retired-category",
        receivingAgencyIds: ["00000000-0000-4000-8000-0000000000ff"],
      }),
      context(),
    );
    assert.equal(view.thematic, true);
    assert.equal(view.stage, "Stage 3 – heads of service, round 2");
    assert.equal(view.category, "retired-category");
    assert.equal(view.otherAgencies, "An agency no longer listed");
  });

  test("lists in words", () => {
    assert.equal(listInWords([]), "");
    assert.equal(listInWords(["A"]), "A");
    assert.equal(listInWords(["A", "B"]), "A and B");
    assert.equal(listInWords(["A", "B", "C"]), "A, B and C");
  });
});
