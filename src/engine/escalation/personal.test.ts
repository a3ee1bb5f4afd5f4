import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { joinEvent, PERSONAL_FIELDS, personalPaths, REMOVED, splitEvent } from "./personal.ts";
import type { Actor, EscalationEvent, EventData } from "./types.ts";

const actor: Actor = { personId: "teacher", agencyId: "school", roles: ["practitioner"] };

/** Free text anyone typed: marked, so a test can tell none is left in what is kept. */
const typed = (what: string) => `TYPED ${what}`;

/** One of every event type, every field filled: a new event type fails type checking here too. */
const EXAMPLES: { [T in EventData["type"]]: Extract<EventData, { type: T }> } = {
  "escalation-raised": {
    type: "escalation-raised",
    registration: { partnershipId: "p", reference: "DOR-2025-0001" },
    procedure: { id: "dorset", version: "2.0-r1" },
    track: "general",
    entry: "stage-1",
    thematic: false,
    child: { reference: typed("JS"), dateOfBirth: "2016-09-01", status: "child-in-need" },
    raisingAgency: "school",
    receivingAgencies: ["csc"],
    category: "referral-threshold",
    details: {
      challenged: typed("challenged"),
      tried: typed("tried"),
      evidence: { kind: "gut-feeling", text: typed("evidence") },
      outcomeSought: typed("outcome sought"),
      urgency: "urgent",
    },
  },
  "stage-entered": { type: "stage-entered", stage: "stage-1", round: 1, reason: "raised" },
  "notification-required": {
    type: "notification-required",
    stage: "stage-3",
    round: 1,
    role: "partnership-business-team",
    partnership: true,
    trigger: "entry",
    note: "The procedure says so",
  },
  "discussion-recorded": {
    type: "discussion-recorded",
    heldAt: "2025-03-04T09:30:00Z",
    method: "phone",
    participants: typed("participants"),
    summary: typed("summary"),
  },
  "action-agreed": {
    type: "action-agreed",
    actionId: "a-1",
    description: typed("description"),
    owner: typed("owner"),
    dueDate: "2025-03-10",
  },
  "child-safety-deadline-set": {
    type: "child-safety-deadline-set",
    scope: "stage",
    dueAt: "2025-03-05T17:00:00Z",
    reason: typed("reason"),
  },
  "deadline-extended": {
    type: "deadline-extended",
    previousDueAt: "2025-03-05T23:59:59.999Z",
    dueAt: "2025-03-07T23:59:59.999Z",
    reason: typed("reason"),
  },
  escalated: {
    type: "escalated",
    from: "stage-1",
    to: "stage-2",
    reason: typed("reason"),
    evidence: typed("evidence"),
  },
  "resolution-proposed": {
    type: "resolution-proposed",
    outcome: typed("outcome"),
    outstandingIssues: typed("outstanding issues"),
    agencyId: "csc",
  },
  "resolution-confirmed": { type: "resolution-confirmed" },
  "closed-with-disagreement": {
    type: "closed-with-disagreement",
    raisingPosition: typed("raising position"),
    receivingPosition: typed("receiving position"),
    planContinues: typed("plan continues"),
  },
  withdrawn: { type: "withdrawn", reason: typed("reason") },
  redirected: { type: "redirected", to: "The LADO", reason: typed("reason") },
  "follow-up-confirmed": { type: "follow-up-confirmed", note: typed("note") },
  "escalation-reopened": { type: "escalation-reopened", outstanding: typed("outstanding") },
  "escalation-anonymised": {
    type: "escalation-anonymised",
    closedAt: "2024-03-14T10:00:00Z",
    retentionMonths: 12,
    sealed: [{ version: 1, digest: "ab".repeat(32) }],
  },
};

const event = (data: EventData): EscalationEvent => ({ at: "2025-03-04T10:00:00Z", actor, data });

describe("personal details of events", () => {
  test("every event type is decided, field by field", () => {
    assert.deepEqual(Object.keys(PERSONAL_FIELDS).sort(), Object.keys(EXAMPLES).sort());
    assert.deepEqual(
      personalPaths("escalation-raised").map(({ path }) => path.join(".")),
      [
        "child",
        "details.challenged",
        "details.tried",
        "details.evidence.text",
        "details.outcomeSought",
      ],
    );
  });

  for (const data of Object.values(EXAMPLES)) {
    test(`${data.type}: what is kept holds nothing typed or about the child, and the two make the event again`, () => {
      const original = event(data);
      const frozen = structuredClone(original);
      const { kept, personal } = splitEvent(original);
      assert.deepEqual(original, frozen, "splitting leaves the event as it was");
      assert.doesNotMatch(JSON.stringify(kept), /TYPED|2016-09-01|child-in-need/);
      assert.deepEqual(kept.data.type, data.type);
      assert.deepEqual(joinEvent(kept, personal ?? {}), original);
      const typedFields = JSON.stringify(data).match(/TYPED/g)?.length ?? 0;
      assert.equal(JSON.stringify(personal ?? {}).match(/TYPED/g)?.length ?? 0, typedFields);
    });
  }

  test("who a procedure names to be told is personal: it can say what the child's status is", () => {
    // City & Hackney tells the child protection chair only when the child has a plan.
    const chair = splitEvent(
      event({ ...EXAMPLES["notification-required"], role: "cp-chair", partnership: false }),
    );
    assert.doesNotMatch(JSON.stringify(chair.kept), /cp-chair|The procedure says so/);
    assert.deepEqual(joinEvent(chair.kept, null).data, {
      type: "notification-required",
      stage: "stage-3",
      round: 1,
      role: REMOVED,
      partnership: false,
      trigger: "entry",
      note: REMOVED,
    });
  });

  test("removed, each personal field reads as removed and the child as gone; the rest is as it was", () => {
    const raised = splitEvent(event(EXAMPLES["escalation-raised"]));
    assert.deepEqual(joinEvent(raised.kept, null).data, {
      ...EXAMPLES["escalation-raised"],
      child: null,
      details: {
        challenged: REMOVED,
        tried: REMOVED,
        evidence: { kind: "gut-feeling", text: REMOVED },
        outcomeSought: REMOVED,
        urgency: "urgent",
      },
    });
    const discussion = splitEvent(event(EXAMPLES["discussion-recorded"]));
    assert.deepEqual(joinEvent(discussion.kept, null).data, {
      ...EXAMPLES["discussion-recorded"],
      participants: REMOVED,
      summary: REMOVED,
    });
    const stage = splitEvent(event(EXAMPLES["stage-entered"]));
    assert.equal(stage.personal, null);
    assert.deepEqual(joinEvent(stage.kept, null).data, EXAMPLES["stage-entered"]);
  });

  test("a field that is null holds nothing personal: it is kept, and still null once details go", () => {
    const thematic = event({ ...EXAMPLES["escalation-raised"], thematic: true, child: null });
    const { kept, personal } = splitEvent(thematic);
    assert.equal(kept.data.child, null);
    assert.equal(personal?.child, undefined);
    assert.equal((joinEvent(kept, null).data as { child: unknown }).child, null);
    const noEvidence = event({ ...EXAMPLES.escalated, evidence: null });
    const split = splitEvent(noEvidence);
    assert.deepEqual(split.personal, { reason: typed("reason") });
    assert.deepEqual(joinEvent(split.kept, null).data, {
      ...EXAMPLES.escalated,
      reason: REMOVED,
      evidence: null,
    });
  });
});
