import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Scenario } from "../../src/engine/escalation/index.ts";
import { dueDates, refused, shipped, simulated } from "../fixtures/engine.ts";

// City & Hackney Safeguarding Children Partnership, Escalation Policy – Resolving Professional
// Difference (December 2021 update). Paragraph numbers are the source's.
type Step = Scenario["steps"][number];

const raise = (raisedAt: string, steps: Step[] = [], extra: Partial<Scenario> = {}) =>
  simulated({ partnership: "city-and-hackney", raisedAt, steps, ...extra });

const stageOf = (id: string) => {
  const stage = shipped("city-and-hackney").tracks.general?.stages.find((s) => s.id === id);
  assert.ok(stage, `city-and-hackney has no ${id}`);
  return stage;
};

// Reaches stage 4 (the Commissioner) from a raise on Mon 2 Jun 2025.
const toStage4: Step[] = [
  { at: "2025-06-02T15:00:00+01:00", action: "escalate" },
  { at: "2025-06-03T15:00:00+01:00", action: "escalate" },
  { at: "2025-06-05T15:00:00+01:00", action: "escalate" },
];

describe("City & Hackney", () => {
  test("1.4: the whole escalation has a guide of one working week, 5 working days after raising", () => {
    // Raised Thu 22 May 2025; Mon 26 May is the Spring bank holiday:
    // Fri 23 (1), Tue 27 (2), Wed 28 (3), Thu 29 (4), Fri 30 May (5).
    const result = raise("2025-05-22T10:00:00+01:00");
    assert.equal(result.target.dueAt, "2025-05-30T23:59:59.999+01:00");
    assert.match(result.target.explanation, /day one Fri 23 May 2025/);
    assert.match(result.target.explanation, /Mon 26 May 2025 bank holiday \(Spring bank holiday\)/);
  });

  test("1.4: the one-working-week guide runs from raising, across the stages", () => {
    const result = raise("2025-05-22T10:00:00+01:00", [
      { at: "2025-05-27T10:00:00+01:00", action: "escalate" },
      { at: "2025-05-29T10:00:00+01:00", action: "escalate" },
    ]);
    assert.equal(result.stages.at(-1)?.stage, "stage-3");
    assert.equal(result.target.dueDate, "2025-05-30");
  });

  test("1.4: a timescale that protects the child, earlier than the working week, wins and both are shown", () => {
    const result = raise("2025-05-22T10:00:00+01:00", [], {
      childSafetyDueAt: "2025-05-23T17:00:00+01:00",
    });
    assert.equal(Date.parse(result.target.dueAt ?? ""), Date.parse("2025-05-23T17:00:00+01:00"));
    assert.equal(result.target.dueDate, "2025-05-23");
    assert.match(result.target.explanation, /17:00 Fri 23 May 2025/);
    assert.match(result.target.explanation, /Fri 30 May 2025/);
  });

  test("1.4: a child-safety timescale set when escalating also shortens the guide", () => {
    const result = raise("2025-05-22T10:00:00+01:00", [
      {
        at: "2025-05-23T09:00:00+01:00",
        action: "escalate",
        childSafetyDueAt: "2025-05-27T12:00:00+01:00",
      },
    ]);
    assert.equal(result.target.dueDate, "2025-05-27");
    assert.match(result.target.explanation, /12:00 Tue 27 May 2025/);
    assert.match(result.target.explanation, /Fri 30 May 2025/);
  });

  test("1.4: 'whichever is shortest': a child-safety timescale later than the working week is refused", () => {
    const reason = refused({
      partnership: "city-and-hackney",
      raisedAt: "2025-05-22T10:00:00+01:00",
      childSafetyDueAt: "2025-06-04T12:00:00+01:00",
      steps: [],
    });
    assert.match(reason, /must be earlier/);
  });

  test("2.6: at stage 2 the CP chair is notified for a child with a CP plan and the IRO for a looked-after child", () => {
    const expected = {
      "cp-plan": ["stage-2 cp-chair entry 2025-06-03T09:00:00+01:00"],
      "looked-after": ["stage-2 iro entry 2025-06-03T09:00:00+01:00"],
      "child-in-need": [],
      none: [],
    } as const;
    for (const [childStatus, notices] of Object.entries(expected)) {
      const result = raise(
        "2025-06-02T09:00:00+01:00",
        [{ at: "2025-06-03T09:00:00+01:00", action: "escalate" }],
        { childStatus: childStatus as keyof typeof expected },
      );
      assert.deepEqual(
        result.notifications.map((n) => `${n.stage} ${n.role} ${n.trigger} ${n.at}`),
        notices,
        childStatus,
      );
    }
  });

  test("2.6: nobody is notified while the matter stays at stage 1", () => {
    const result = raise("2025-06-02T09:00:00+01:00", [], { childStatus: "cp-plan" });
    assert.deepEqual(result.notifications, []);
  });

  test("1.4 and 2.1–2.12: no stage has a numeric timescale; each is left for the partnership to set", () => {
    const result = raise("2025-06-02T09:00:00+01:00", toStage4);
    assert.deepEqual(dueDates(result), [
      "stage-1#1 none",
      "stage-2#1 none",
      "stage-3#1 none",
      "stage-4#1 none",
    ]);
    const settingNames = [
      "Stage 1 – discussion between the workers",
      "Stage 2 – line managers",
      "Stage 3 – each round of senior managers",
      "Stage 4 – the Commissioner",
    ];
    for (const [index, name] of settingNames.entries()) {
      const stage = result.stages[index];
      assert.equal(stage?.dueAt, null, stage?.stage);
      assert.match(stage?.explanation ?? "", /No timescale set/, stage?.stage);
      assert.ok(
        stage?.explanation.includes(`The partnership has not set "${name}".`),
        `${stage?.stage}: ${stage?.explanation}`,
      );
    }
    const procedure = shipped("city-and-hackney");
    assert.deepEqual(
      procedure.settings?.map((s) => s.value),
      [null, null, null, null],
    );
    assert.ok(procedure.source.gaps?.some((gap) => /no timescale for any single stage/.test(gap)));
  });

  test("2.10: stage 3 repeats, climbing each organisation's tiers of management a round at a time", () => {
    const result = raise("2025-06-02T09:00:00+01:00", [
      { at: "2025-06-02T15:00:00+01:00", action: "escalate" },
      { at: "2025-06-03T15:00:00+01:00", action: "escalate" },
      { at: "2025-06-04T15:00:00+01:00", action: "next-round" },
      { at: "2025-06-05T15:00:00+01:00", action: "next-round" },
      { at: "2025-06-06T15:00:00+01:00", action: "escalate" },
    ]);
    assert.deepEqual(
      result.stages.map((s) => `${s.stage}#${s.round} ${s.enteredAt}`),
      [
        "stage-1#1 2025-06-02T09:00:00+01:00",
        "stage-2#1 2025-06-02T15:00:00+01:00",
        "stage-3#1 2025-06-03T15:00:00+01:00",
        "stage-3#2 2025-06-04T15:00:00+01:00",
        "stage-3#3 2025-06-05T15:00:00+01:00",
        "stage-4#1 2025-06-06T15:00:00+01:00",
      ],
    );
  });

  test("2.10 and 2.13: going to the Commissioner without the written account of actions taken is refused", () => {
    const reason = refused({
      partnership: "city-and-hackney",
      raisedAt: "2025-06-02T09:00:00+01:00",
      steps: [
        { at: "2025-06-02T15:00:00+01:00", action: "escalate" },
        { at: "2025-06-03T15:00:00+01:00", action: "escalate" },
        { at: "2025-06-05T15:00:00+01:00", action: "escalate", evidence: "" },
      ],
    });
    assert.match(
      reason,
      /Before escalating to Stage 4 – Independent Child Safeguarding Commissioner/,
    );
    assert.match(reason, /actions taken so far/);
    assert.match(reason, /CHSCP members/);
  });

  test("2.3–2.8: stages 1 and 2 can be escalated without recorded evidence", () => {
    const result = raise("2025-06-02T09:00:00+01:00", [
      { at: "2025-06-02T15:00:00+01:00", action: "escalate", evidence: "" },
      { at: "2025-06-03T15:00:00+01:00", action: "escalate", evidence: "" },
    ]);
    assert.equal(result.stages.at(-1)?.stage, "stage-3");
  });

  test("2.13: the CHSCP team is notified when the matter goes to the Commissioner", () => {
    const result = raise("2025-06-02T09:00:00+01:00", toStage4);
    assert.deepEqual(
      result.notifications.map((n) => `${n.stage} ${n.role} ${n.trigger} ${n.at}`),
      ["stage-4 chscp-team entry 2025-06-05T15:00:00+01:00"],
    );
  });

  test("2.12–2.14: a Resolution Panel is senior officers of three member agencies, including those in dispute", () => {
    const composition = stageOf("stage-4").composition;
    assert.equal(composition?.role, "commissioner");
    assert.equal(composition?.minimumAgencies, 3);
    assert.equal(composition?.includesParties, true);
  });

  test("2.11–2.15: stage 4 is the last stage; escalating past the Commissioner is refused", () => {
    const reason = refused({
      partnership: "city-and-hackney",
      raisedAt: "2025-06-02T09:00:00+01:00",
      steps: [...toStage4, { at: "2025-06-09T15:00:00+01:00", action: "escalate" }],
    });
    assert.match(reason, /Stage 4 – Independent Child Safeguarding Commissioner is the last stage/);
  });

  test("2.15: the Commissioner or the Resolution Panel resolves the difference", () => {
    const result = raise("2025-06-02T09:00:00+01:00", [
      ...toStage4,
      { at: "2025-06-12T15:00:00+01:00", action: "resolve" },
    ]);
    assert.equal(result.status, "resolved");
  });

  test("1.3: the categories are the four areas the policy names", () => {
    assert.deepEqual(
      shipped("city-and-hackney").categories.map((c) => c.id),
      [
        "levels-of-need",
        "roles-and-responsibilities",
        "need-for-action",
        "progressing-plans-and-communication",
      ],
    );
  });

  test("1.5 and 1.8: a child at immediate risk goes to the Designated Safeguarding Lead; wrongdoing inside an agency to whistleblowing", () => {
    const exclusions = shipped("city-and-hackney").exclusions;
    const risk = exclusions.find((e) => e.id === "immediate-risk");
    assert.match(risk?.redirect ?? "", /Designated Safeguarding Lead/);
    assert.equal(risk?.thenContinue, true);
    const whistle = exclusions.find((e) => e.id === "whistleblowing");
    assert.match(whistle?.redirect ?? "", /whistleblowing/);
    assert.equal(whistle?.thenContinue, false);
  });
});
