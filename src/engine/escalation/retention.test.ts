import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { createCalendar, type OfficialHolidays } from "../calendar/index.ts";
import { evolve, replay } from "./evolve.ts";
import { anonymisation, monthsBefore, retentionCutoff, SERVICE_ACTOR } from "./retention.ts";
import type { Actor, EscalationEvent, EscalationState, EventData } from "./types.ts";

const official = JSON.parse(
  readFileSync(new URL("../../../data/bank-holidays.json", import.meta.url), "utf8"),
) as OfficialHolidays;
const calendar = createCalendar({ nation: "england-and-wales", official });

const actor: Actor = { personId: "teacher", agencyId: "school", roles: ["practitioner"] };

function escalation(ending: EventData | null, closedAt = "2024-03-14T16:00:00Z"): EscalationState {
  const events: EscalationEvent[] = [
    {
      at: "2024-03-01T09:00:00Z",
      actor,
      data: {
        type: "escalation-raised",
        registration: { partnershipId: "p", reference: "DOR-2024-0001" },
        procedure: { id: "dorset", version: "2.0-r1" },
        track: "general",
        entry: "stage-1",
        thematic: false,
        child: { reference: "JS", dateOfBirth: "2016-09-01", status: "none" },
        raisingAgency: "school",
        receivingAgencies: ["csc"],
        category: "referral-threshold",
        details: {
          challenged: "c",
          tried: "t",
          evidence: { kind: "evidence", text: "e" },
          outcomeSought: "o",
          urgency: "routine",
        },
      },
    },
    {
      at: "2024-03-01T09:00:00Z",
      actor,
      data: { type: "stage-entered", stage: "stage-1", round: 1, reason: "raised" },
    },
  ];
  if (ending !== null) events.push({ at: closedAt, actor, data: ending });
  const state = replay("esc-1", events);
  assert.ok(state);
  return state;
}

const rule = (now: string) => ({ now, retentionMonths: 12, calendar, sealed: [] });

describe("the retention rule", () => {
  test("months before a date, in calendar months; a day the month lacks falls to its last", () => {
    assert.equal(monthsBefore("2025-03-14", 12), "2024-03-14");
    assert.equal(monthsBefore("2025-01-15", 1), "2024-12-15");
    assert.equal(monthsBefore("2025-03-31", 1), "2025-02-28");
    assert.equal(monthsBefore("2024-03-31", 1), "2024-02-29");
    assert.equal(monthsBefore("2025-02-28", 12), "2024-02-28");
    assert.equal(monthsBefore("2025-06-15", 72), "2019-06-15");
    assert.equal(monthsBefore("2025-06-15", 0), "2025-06-15");
  });

  test("the cutoff is the start of that day in the partnership's (UK) time, summer or winter", () => {
    assert.equal(
      retentionCutoff("2025-03-14T12:00:00Z", 12, calendar),
      "2024-03-14T00:00:00.000+00:00",
    );
    assert.equal(
      retentionCutoff("2025-07-01T08:00:00Z", 1, calendar),
      "2025-06-01T00:00:00.000+01:00",
    );
    // 23:30 UTC on 30 June is already 1 July in the UK.
    assert.equal(
      retentionCutoff("2025-06-30T23:30:00Z", 12, calendar),
      "2024-07-01T00:00:00.000+01:00",
    );
  });

  test("a closed escalation is kept whole for the months of the rule after the day it closed", () => {
    const withdrawn = escalation({ type: "withdrawn", reason: "r" }, "2024-03-14T16:00:00Z");
    for (const now of ["2024-09-01T09:00:00Z", "2025-03-14T09:00:00Z", "2025-03-14T23:30:00Z"]) {
      const kept = anonymisation(withdrawn, rule(now));
      assert.ok(!kept.ok && kept.rejection.code === "kept", now);
    }
    const due = anonymisation(withdrawn, rule("2025-03-15T00:00:00Z"));
    assert.ok(due.ok);
    assert.deepEqual(due.event, {
      at: "2025-03-15T00:00:00Z",
      actor: SERVICE_ACTOR,
      data: {
        type: "escalation-anonymised",
        closedAt: "2024-03-14T16:00:00Z",
        retentionMonths: 12,
        sealed: [],
      },
    });
    const done = evolve(withdrawn, due.event);
    assert.deepEqual(done.anonymised, { at: "2025-03-15T00:00:00Z", retentionMonths: 12 });
    assert.equal(done.status, "withdrawn");
    assert.equal(done.closedAt, "2024-03-14T16:00:00Z");
    assert.equal(done.version, withdrawn.version + 1);
    const again = anonymisation(done, rule("2030-01-01T00:00:00Z"));
    assert.ok(!again.ok && again.rejection.code === "anonymised");
  });

  test("an escalation still running is never anonymised, however old", () => {
    const open = escalation(null);
    const proposed = escalation({
      type: "resolution-proposed",
      outcome: "o",
      outstandingIssues: "none",
      agencyId: "csc",
    });
    for (const state of [open, proposed]) {
      const result = anonymisation(state, rule("2040-01-01T00:00:00Z"));
      assert.ok(!result.ok && result.rejection.code === "running", state.status);
    }
  });
});
