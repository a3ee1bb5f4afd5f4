import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { dueDates, refused, simulated } from "../fixtures/engine.ts";

// Dorset Safeguarding Children Partnership, procedure v2.0 (7 May 2024). Section numbers are the source's.
const raise = (
  raisedAt: string,
  steps: { at: string; action: "escalate" | "resolve" | "close" }[] = [],
) => simulated({ partnership: "dorset", raisedAt, steps });

describe("Dorset", () => {
  test("§4 and §5: Day One is the day the matter is raised; stage 1 is due within 3 working days", () => {
    const [stage] = raise("2024-12-20T09:30:00+00:00").stages;
    assert.equal(stage?.dueAt, "2024-12-24T23:59:59.999+00:00");
    assert.match(stage?.explanation ?? "", /day one Fri 20 Dec 2024/);
  });

  test("§5–§8: stages 1 to 4 are due 3, 6, 9 and 12 working days from Day One, across Christmas", () => {
    const result = raise("2024-12-20T09:30:00+00:00", [
      { at: "2024-12-23T10:00:00+00:00", action: "escalate" },
      { at: "2025-01-02T10:00:00+00:00", action: "escalate" },
      { at: "2025-01-06T16:00:00+00:00", action: "escalate" },
    ]);
    assert.deepEqual(dueDates(result), [
      "stage-1#1 2024-12-24",
      "stage-2#1 2024-12-31",
      "stage-3#1 2025-01-06",
      "stage-4#1 2025-01-09",
    ]);
    assert.match(result.stages[2]?.explanation ?? "", /Christmas Day.*Boxing Day.*New Year/);
  });

  test("§5–§8: Easter and the early May bank holiday are not working days", () => {
    const result = raise("2025-04-17T11:00:00+01:00", [
      { at: "2025-04-22T10:00:00+01:00", action: "escalate" },
      { at: "2025-04-28T10:00:00+01:00", action: "escalate" },
      { at: "2025-05-01T10:00:00+01:00", action: "escalate" },
    ]);
    assert.deepEqual(dueDates(result), [
      "stage-1#1 2025-04-23",
      "stage-2#1 2025-04-28",
      "stage-3#1 2025-05-01",
      "stage-4#1 2025-05-07",
    ]);
  });

  test("§4: a matter raised at the weekend before a bank holiday has its Day One on the next working day", () => {
    const [stage] = raise("2025-05-24T10:00:00+01:00").stages;
    assert.equal(stage?.dueDate, "2025-05-29");
    assert.match(
      stage?.explanation ?? "",
      /raised on Sat 24 May 2025, not a working day, so day one is Tue 27 May 2025/,
    );
  });

  test("§4: a matter raised after midnight in summer time counts from that local date", () => {
    const [stage] = raise("2025-06-05T23:30:00Z").stages;
    assert.equal(stage?.dueAt, "2025-06-10T23:59:59.999+01:00");
  });

  test("§1: a thematic matter is raised at stage 3, due 9 working days from Day One", () => {
    const result = simulated({
      partnership: "dorset",
      raisedAt: "2025-03-03T09:00:00Z",
      thematic: true,
      steps: [],
    });
    assert.deepEqual(dueDates(result), ["stage-3#1 2025-03-13"]);
  });

  test("§1: senior leaders may raise a strategic concern directly at stage 4, due 12 working days from Day One", () => {
    const result = simulated({
      partnership: "dorset",
      raisedAt: "2025-03-03T09:00:00Z",
      startStage: "stage-4",
      steps: [],
    });
    assert.deepEqual(dueDates(result), ["stage-4#1 2025-03-18"]);
  });

  test("§1: no other entry point is allowed", () => {
    assert.match(
      refused({
        partnership: "dorset",
        raisedAt: "2025-03-03T09:00:00Z",
        startStage: "stage-2",
        steps: [],
      }),
      /cannot be entered at "stage-2"/,
    );
  });

  test("§7 and §8: the partnership business team is notified on entering stages 3 and 4, not before", () => {
    const result = raise("2025-03-03T09:00:00Z", [
      { at: "2025-03-04T09:00:00Z", action: "escalate" },
      { at: "2025-03-10T09:00:00Z", action: "escalate" },
      { at: "2025-03-12T09:00:00Z", action: "escalate" },
    ]);
    assert.deepEqual(
      result.notifications.map((notice) => `${notice.stage} ${notice.role} ${notice.at}`),
      [
        "stage-3 partnership-business-team 2025-03-10T09:00:00Z",
        "stage-4 partnership-business-team 2025-03-12T09:00:00Z",
      ],
    );
  });

  test("§8: stage 4 is the last stage: escalating past it is refused", () => {
    const reason = refused({
      partnership: "dorset",
      raisedAt: "2025-03-03T09:00:00Z",
      startStage: "stage-4",
      steps: [{ at: "2025-03-04T09:00:00Z", action: "escalate" }],
    });
    assert.match(reason, /Stage 4 – senior leaders is the last stage/);
  });

  test("§7 and scenario 6: stage 3 may close with the disagreement noted; stage 1 may not", () => {
    const closed = raise("2025-03-03T09:00:00Z", [
      { at: "2025-03-04T09:00:00Z", action: "escalate" },
      { at: "2025-03-05T09:00:00Z", action: "escalate" },
      { at: "2025-03-06T09:00:00Z", action: "close" },
    ]);
    assert.equal(closed.status, "closed-with-disagreement");
    assert.equal(closed.stages.at(-1)?.leftAt, "2025-03-06T09:00:00Z");
    assert.match(
      refused({
        partnership: "dorset",
        raisedAt: "2025-03-03T09:00:00Z",
        steps: [{ at: "2025-03-04T09:00:00Z", action: "close" }],
      }),
      /cannot be closed with the disagreement noted/,
    );
  });

  test("§5: resolving at stage 1 ends the escalation", () => {
    const result = raise("2025-03-03T09:00:00Z", [
      { at: "2025-03-04T09:00:00Z", action: "resolve" },
    ]);
    assert.equal(result.status, "resolved");
  });

  test("the procedure sets no whole-escalation target", () => {
    assert.equal(raise("2025-03-03T09:00:00Z").target.dueDate, null);
  });
});
