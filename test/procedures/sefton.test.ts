import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Scenario } from "../../src/engine/escalation/index.ts";
import { dueDates, refused, shipped, simulated } from "../fixtures/engine.ts";

// Sefton Safeguarding Children Partnership procedures manual, chapter "17 Escalating Concerns"
// (last updated 14/03/2022). Principle names are the chapter's headings.
type Step = Scenario["steps"][number];

const raise = (raisedAt: string, steps: Step[] = []) =>
  simulated({ partnership: "sefton", raisedAt, steps });

const general = () => {
  const track = shipped("sefton").tracks.general;
  assert.ok(track, "sefton has no general track");
  return track;
};

const toStep4: Step[] = [
  { at: "2025-04-15T12:00:00+01:00", action: "escalate" },
  { at: "2025-04-17T12:00:00+01:00", action: "escalate" },
  { at: "2025-04-22T12:00:00+01:00", action: "escalate" },
];

describe("Sefton", () => {
  test("17 Escalating Concerns: four steps, numbered stage-1 to stage-4, steps 1–2 in the agencies and 3–4 with SCP representatives", () => {
    const stages = general().stages;
    assert.deepEqual(
      stages.map((s) => s.id),
      ["stage-1", "stage-2", "stage-3", "stage-4"],
    );
    const roles = (index: number) => new Set(stages[index]?.actors.map((a) => a.role));
    assert.ok(roles(0).has("practitioner"));
    assert.ok(roles(1).has("line-manager") && roles(1).has("senior-manager"));
    assert.deepEqual([...roles(2)], ["scp-representative"]);
    assert.deepEqual([...roles(3)], ["scp-representative"]);
  });

  test("17 Escalating Concerns: no step's timescale is stated; each is open for the partnership to set", () => {
    const result = raise("2025-04-14T09:00:00+01:00", toStep4);
    assert.deepEqual(dueDates(result), [
      "stage-1#1 none",
      "stage-2#1 none",
      "stage-3#1 none",
      "stage-4#1 none",
    ]);
    for (const [index, stage] of result.stages.entries()) {
      assert.equal(stage.dueAt, null, stage.stage);
      assert.match(stage.explanation, /No timescale set/, stage.stage);
      assert.ok(
        stage.explanation.includes(`The partnership has not set "Step ${index + 1}".`),
        `${stage.stage}: ${stage.explanation}`,
      );
    }
    assert.deepEqual(
      shipped("sefton").settings?.map((s) => `${s.id} ${s.value}`),
      ["step-1 null", "step-2 null", "step-3 null", "step-4 null"],
    );
  });

  test("17 Escalating Concerns: the missing flowchart and Appendix 1 are recorded as gaps in the source", () => {
    const gaps = shipped("sefton").source.gaps ?? [];
    assert.ok(
      gaps.some((gap) => /flowchart/.test(gap) && /timescale/.test(gap)),
      "a gap names the missing flowchart and the timescales it leaves open",
    );
    assert.ok(
      gaps.some((gap) => /Appendix 1/.test(gap)),
      "a gap names Appendix 1",
    );
  });

  test("17 Escalating Concerns: a concern escalates through all four steps and step 4 can resolve it", () => {
    const result = raise("2025-04-14T09:00:00+01:00", [
      ...toStep4,
      { at: "2025-04-24T12:00:00+01:00", action: "resolve" },
    ]);
    assert.deepEqual(
      result.stages.map((s) => `${s.stage} ${s.enteredAt} ${s.leftAt}`),
      [
        "stage-1 2025-04-14T09:00:00+01:00 2025-04-15T12:00:00+01:00",
        "stage-2 2025-04-15T12:00:00+01:00 2025-04-17T12:00:00+01:00",
        "stage-3 2025-04-17T12:00:00+01:00 2025-04-22T12:00:00+01:00",
        "stage-4 2025-04-22T12:00:00+01:00 2025-04-24T12:00:00+01:00",
      ],
    );
    assert.equal(result.status, "resolved");
  });

  test("17 Escalating Concerns: the chapter asks for no evidence before escalating a step", () => {
    const result = raise(
      "2025-04-14T09:00:00+01:00",
      toStep4.map((step) => ({ ...step, evidence: "" })),
    );
    assert.equal(result.stages.at(-1)?.stage, "stage-4");
  });

  test("17 Escalating Concerns: step 4 is the last; escalating past it is refused", () => {
    const reason = refused({
      partnership: "sefton",
      raisedAt: "2025-04-14T09:00:00+01:00",
      steps: [...toStep4, { at: "2025-04-23T12:00:00+01:00", action: "escalate" }],
    });
    assert.match(reason, /Step 4 – Sefton SCP representatives is the last stage/);
  });

  test("17 Escalating Concerns: if step 4 does not settle it, the disagreement can be recorded as remaining", () => {
    const result = raise("2025-04-14T09:00:00+01:00", [
      ...toStep4,
      { at: "2025-04-24T12:00:00+01:00", action: "close" },
    ]);
    assert.equal(result.status, "closed-with-disagreement");
  });

  test("Simple & Quick Resolution: a difference can be settled at step 1", () => {
    const result = raise("2025-04-14T09:00:00+01:00", [
      { at: "2025-04-14T15:00:00+01:00", action: "resolve" },
    ]);
    assert.equal(result.status, "resolved");
    assert.equal(result.target.dueDate, null, "the chapter sets no whole-escalation target");
  });

  test("17 Escalating Concerns: the categories are the five areas disagreements most often arise in", () => {
    assert.deepEqual(
      shipped("sefton").categories.map((c) => c.name),
      [
        "Criteria for referrals",
        "Outcomes of assessments",
        "Roles and responsibilities of workers",
        "Service provision",
        "Information sharing and communication",
      ],
    );
  });

  test("The named principles are in the guidance: paramount consideration, unresolved significant harm, positive action, respect, open mind", () => {
    const principles = shipped("sefton").guidance.principles.join("\n");
    assert.match(principles, /paramount consideration/);
    assert.match(principles, /significant\s+harm[\s\S]*children's social care/);
    assert.match(principles, /positive step/);
    assert.match(principles, /Respect others' views whatever their seniority or experience/);
    assert.match(principles, /open mind/);
  });
});
