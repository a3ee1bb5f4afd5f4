import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Scenario } from "../../src/engine/escalation/index.ts";
import { dueDates, refused, shipped, simulated } from "../fixtures/engine.ts";

// Northamptonshire Safeguarding Children Partnership, "Escalating for the right Outcome" (undated).
// Headings are the source's. Bank holidays: England and Wales (data/bank-holidays.json).
type Step = Scenario["steps"][number];

const raise = (raisedAt: string, steps: Step[] = []) =>
  simulated({ partnership: "northamptonshire", raisedAt, steps });

const stageOf = (id: string) => {
  const stage = shipped("northamptonshire").tracks.general?.stages.find((s) => s.id === id);
  assert.ok(stage, `northamptonshire has no ${id}`);
  return stage;
};

describe("Northamptonshire", () => {
  test("Flowchart, Stage 1: an agreed plan of action is due within 2 working days of raising", () => {
    // Raised Wed 5 Mar 2025: day one Thu 6, day two Fri 7.
    const [stage] = raise("2025-03-05T10:00:00Z").stages;
    assert.equal(stage?.stage, "stage-1");
    assert.equal(stage?.dueAt, "2025-03-07T23:59:59.999+00:00");
    assert.match(stage?.explanation ?? "", /day one Thu 6 Mar 2025/);
  });

  test("Flowchart, Stage 1: the 2 working days skip a bank holiday weekend", () => {
    // Raised Fri 23 May 2025; Sat, Sun and Mon 26 May (Spring bank holiday) are not working days:
    // day one Tue 27 May, day two Wed 28 May.
    const [stage] = raise("2025-05-23T14:00:00+01:00").stages;
    assert.equal(stage?.dueAt, "2025-05-28T23:59:59.999+01:00");
    assert.match(stage?.explanation ?? "", /day one Tue 27 May 2025/);
    assert.match(stage?.explanation ?? "", /Mon 26 May 2025 bank holiday \(Spring bank holiday\)/);
  });

  test("Flowchart, Stage 1: a disagreement raised on a Saturday counts from the Monday", () => {
    // Raised Sat 8 Mar 2025: day one Mon 10 Mar, day two Tue 11 Mar.
    const [stage] = raise("2025-03-08T11:00:00Z").stages;
    assert.equal(stage?.dueDate, "2025-03-11");
    assert.match(stage?.explanation ?? "", /day one Mon 10 Mar 2025/);
  });

  test("Flowchart, Stage 2: managers meet within 5 working days, counted from entering stage 2", () => {
    // Raised Tue 15 Apr 2025: stage 1 due Thu 17 Apr (Wed 16, Thu 17).
    // Stage 2 entered Thu 17 Apr; Good Friday 18 Apr and Easter Monday 21 Apr excluded:
    // Tue 22, Wed 23, Thu 24, Fri 25, Mon 28 Apr. (Counting from raising would give Thu 24 Apr.)
    const result = raise("2025-04-15T09:00:00+01:00", [
      { at: "2025-04-17T10:00:00+01:00", action: "escalate" },
    ]);
    assert.deepEqual(dueDates(result), ["stage-1#1 2025-04-17", "stage-2#1 2025-04-28"]);
    assert.match(result.stages[1]?.explanation ?? "", /Good Friday.*Easter Monday/);
  });

  test("Flowchart, Stage 3: each manager-to-manager round is due 5 working days after it starts", () => {
    // Raised Mon 2 Jun 2025: stage 1 due Wed 4 Jun.
    // Stage 2 entered Tue 3 Jun: Wed 4, Thu 5, Fri 6, Mon 9, Tue 10 → Tue 10 Jun.
    // Stage 3 round 1 entered Mon 9 Jun: Tue 10 … Mon 16 Jun.
    // Round 2 entered Fri 13 Jun: Mon 16 … Fri 20 Jun.
    // Round 3 entered Thu 19 Jun: Fri 20, Mon 23, Tue 24, Wed 25, Thu 26 Jun.
    const result = raise("2025-06-02T09:00:00+01:00", [
      { at: "2025-06-03T09:00:00+01:00", action: "escalate" },
      { at: "2025-06-09T10:00:00+01:00", action: "escalate" },
      { at: "2025-06-13T10:00:00+01:00", action: "next-round" },
      { at: "2025-06-19T10:00:00+01:00", action: "next-round" },
    ]);
    assert.deepEqual(dueDates(result), [
      "stage-1#1 2025-06-04",
      "stage-2#1 2025-06-10",
      "stage-3#1 2025-06-16",
      "stage-3#2 2025-06-20",
      "stage-3#3 2025-06-26",
    ]);
    assert.equal(result.stages[2]?.leftAt, "2025-06-13T10:00:00+01:00");
    assert.equal(result.stages[3]?.enteredAt, "2025-06-13T10:00:00+01:00");
    assert.equal(result.stages[4]?.leftAt, null);
  });

  test("Flowchart, Stage 3: a later round can still go on to stage 4", () => {
    const result = raise("2025-06-02T09:00:00+01:00", [
      { at: "2025-06-03T09:00:00+01:00", action: "escalate" },
      { at: "2025-06-09T10:00:00+01:00", action: "escalate" },
      { at: "2025-06-13T10:00:00+01:00", action: "next-round" },
      { at: "2025-06-17T10:00:00+01:00", action: "escalate" },
    ]);
    assert.deepEqual(
      result.stages.map((s) => `${s.stage}#${s.round}`),
      ["stage-1#1", "stage-2#1", "stage-3#1", "stage-3#2", "stage-4#1"],
    );
  });

  test("Flowchart, Stage 2: stage 2 does not repeat", () => {
    const reason = refused({
      partnership: "northamptonshire",
      raisedAt: "2025-06-02T09:00:00+01:00",
      steps: [
        { at: "2025-06-03T09:00:00+01:00", action: "escalate" },
        { at: "2025-06-04T09:00:00+01:00", action: "next-round" },
      ],
    });
    assert.match(reason, /does not repeat/);
  });

  test("Flowchart, Stage 4: directors put an agreed plan in place within 2 working days", () => {
    // Stage 4 entered Fri 22 Aug 2025; Mon 25 Aug is the Summer bank holiday:
    // day one Tue 26 Aug, day two Wed 27 Aug.
    const result = raise("2025-08-18T09:00:00+01:00", [
      { at: "2025-08-19T09:00:00+01:00", action: "escalate" },
      { at: "2025-08-20T09:00:00+01:00", action: "escalate" },
      { at: "2025-08-22T15:00:00+01:00", action: "escalate" },
    ]);
    assert.equal(result.stages[3]?.stage, "stage-4");
    assert.equal(result.stages[3]?.dueAt, "2025-08-27T23:59:59.999+01:00");
    assert.match(result.stages[3]?.explanation ?? "", /Summer bank holiday/);
  });

  test("Flowchart, Stage 5: the Business Office is notified on referral, and nobody before", () => {
    const result = raise("2025-12-08T09:00:00Z", [
      { at: "2025-12-09T09:00:00Z", action: "escalate" },
      { at: "2025-12-10T09:00:00Z", action: "escalate" },
      { at: "2025-12-16T09:00:00Z", action: "escalate" },
      { at: "2025-12-18T11:00:00Z", action: "escalate" },
    ]);
    assert.deepEqual(
      result.notifications.map((n) => `${n.stage}#${n.round} ${n.role} ${n.trigger} ${n.at}`),
      ["stage-5#1 business-office entry 2025-12-18T11:00:00Z"],
    );
  });

  test("Flowchart, Stage 5: mediation is offered within 5 working days of notifying the Business Office", () => {
    // Business Office notified Thu 18 Dec 2025 on entering stage 5. Christmas Day (Thu 25) and
    // Boxing Day (Fri 26) are excluded: Fri 19, Mon 22, Tue 23, Wed 24, Mon 29 Dec.
    const result = raise("2025-12-08T09:00:00Z", [
      { at: "2025-12-09T09:00:00Z", action: "escalate" },
      { at: "2025-12-10T09:00:00Z", action: "escalate" },
      { at: "2025-12-16T09:00:00Z", action: "escalate" },
      { at: "2025-12-18T11:00:00Z", action: "escalate" },
    ]);
    const stage5 = result.stages.at(-1);
    assert.equal(stage5?.stage, "stage-5");
    assert.equal(stage5?.dueAt, "2025-12-29T23:59:59.999+00:00");
    assert.match(stage5?.explanation ?? "", /Christmas Day.*Boxing Day/);
    const rule = stageOf("stage-5").deadline;
    assert.ok(rule !== undefined && "workingDays" in rule);
    assert.equal(rule.from, "partnership-notified");
  });

  test("The Process and Flowchart: escalating from stages 1 to 4 without evidence that the stage was exhausted is refused", () => {
    const reach = [
      { at: "2025-03-04T09:00:00Z", action: "escalate" },
      { at: "2025-03-05T09:00:00Z", action: "escalate" },
      { at: "2025-03-06T09:00:00Z", action: "escalate" },
    ] satisfies Step[];
    const next = ["Stage 2", "Stage 3", "Stage 4", "Stage 5"];
    for (const [index, name] of next.entries()) {
      for (const evidence of ["", "   "]) {
        const reason = refused({
          partnership: "northamptonshire",
          raisedAt: "2025-03-03T09:00:00Z",
          steps: [
            ...reach.slice(0, index),
            { at: "2025-03-07T09:00:00Z", action: "escalate", evidence },
          ],
        });
        assert.match(
          reason,
          new RegExp(
            `Before escalating to ${name} .*record the evidence the procedure asks for: Evidence that .*exhausted this stage without agreement`,
          ),
          `stage ${index + 1} with evidence ${JSON.stringify(evidence)}`,
        );
      }
    }
  });

  test("Flowchart, Stage 5: partnership resolution is the last stage; escalating past it is refused", () => {
    const reason = refused({
      partnership: "northamptonshire",
      raisedAt: "2025-03-03T09:00:00Z",
      steps: [
        { at: "2025-03-04T09:00:00Z", action: "escalate" },
        { at: "2025-03-05T09:00:00Z", action: "escalate" },
        { at: "2025-03-06T09:00:00Z", action: "escalate" },
        { at: "2025-03-07T09:00:00Z", action: "escalate" },
        { at: "2025-03-10T09:00:00Z", action: "escalate" },
      ],
    });
    assert.match(reason, /Stage 5 – partnership resolution is the last stage/);
  });

  test("Flowchart, Stage 5: mediation may end with the disagreement noted", () => {
    const result = raise("2025-03-03T09:00:00Z", [
      { at: "2025-03-04T09:00:00Z", action: "escalate" },
      { at: "2025-03-05T09:00:00Z", action: "escalate" },
      { at: "2025-03-06T09:00:00Z", action: "escalate" },
      { at: "2025-03-07T09:00:00Z", action: "escalate" },
      { at: "2025-03-12T09:00:00Z", action: "close" },
    ]);
    assert.equal(result.status, "closed-with-disagreement");
    assert.equal(result.stages.at(-1)?.leftAt, "2025-03-12T09:00:00Z");
  });

  test("The Protocol: inside the agencies, resolution continues up the hierarchy; stage 4 cannot close with disagreement", () => {
    const reason = refused({
      partnership: "northamptonshire",
      raisedAt: "2025-03-03T09:00:00Z",
      steps: [
        { at: "2025-03-04T09:00:00Z", action: "escalate" },
        { at: "2025-03-05T09:00:00Z", action: "escalate" },
        { at: "2025-03-06T09:00:00Z", action: "escalate" },
        { at: "2025-03-07T09:00:00Z", action: "close" },
      ],
    });
    assert.match(reason, /cannot be closed with the disagreement noted/);
  });

  test("Recording and Communication: a resolution at stage 1 ends the escalation", () => {
    const result = raise("2025-03-03T09:00:00Z", [
      { at: "2025-03-04T09:00:00Z", action: "resolve" },
    ]);
    assert.equal(result.status, "resolved");
  });

  test("Flowchart: every escalation starts with professional-to-professional discussion", () => {
    const reason = refused({
      partnership: "northamptonshire",
      raisedAt: "2025-03-03T09:00:00Z",
      startStage: "stage-3",
      steps: [],
    });
    assert.match(reason, /cannot be entered at "stage-3"/);
  });

  test("The Process: the timescales are stage maximums; there is no whole-escalation target", () => {
    const result = raise("2025-03-03T09:00:00Z");
    assert.equal(result.target.dueAt, null);
    assert.equal(result.target.dueDate, null);
  });

  test("The Protocol and Stage 5: the mediator is a strategic lead from an agency not involved", () => {
    const composition = stageOf("stage-5").composition;
    assert.equal(composition?.role, "strategic-lead");
    assert.equal(composition?.independentOfParties, true);
  });

  test("The Process: practitioners should not call an escalation a 'complaint'", () => {
    const terms = shipped("northamptonshire").guidance.avoidTerms?.map((t) => t.term);
    assert.deepEqual(terms, ["complaint"]);
  });

  test("Flowchart: escalation by email is not recommended", () => {
    const methods = shipped("northamptonshire").guidance.discouragedMethods?.map((m) => m.method);
    assert.deepEqual(methods, ["email"]);
  });

  test("Areas of Conflict: the four areas disagreements most often arise around are categories", () => {
    const names = shipped("northamptonshire").categories.map((c) => c.name);
    for (const area of ["Levels of need", "Roles and responsibilities", "Communication"]) {
      assert.ok(names.includes(area), area);
    }
    assert.ok(names.some((name) => /action is needed|need for action/i.test(name)));
  });
});
