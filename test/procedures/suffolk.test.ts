import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Scenario } from "../../src/engine/escalation/index.ts";
import { dueDates, refused, shipped, simulated } from "../fixtures/engine.ts";

// Suffolk LSCB Escalation Policy, "Working Together to Resolve Disputes", v3 (August 2017).
// Headings are the source's. Bank holidays: England and Wales (data/bank-holidays.json).
type Step = Scenario["steps"][number];

const run = (scenario: Omit<Scenario, "partnership">) =>
  simulated({ partnership: "suffolk", ...scenario });

const refusal = (scenario: Omit<Scenario, "partnership">) =>
  refused({ partnership: "suffolk", ...scenario });

const trackOf = (id: string) => {
  const track = shipped("suffolk").tracks[id];
  assert.ok(track, `suffolk has no track ${id}`);
  return track;
};

const stageOf = (trackId: string, stageId: string) => {
  const stage = trackOf(trackId).stages.find((s) => s.id === stageId);
  assert.ok(stage, `suffolk ${trackId} has no ${stageId}`);
  return stage;
};

const notices = (result: ReturnType<typeof run>) =>
  result.notifications.map((n) => `${n.stage}#${n.round} ${n.role} ${n.trigger} ${n.at}`);

describe("Suffolk", () => {
  describe("Dispute at the Point of Referral: the general ladder", () => {
    test("professionals resolve the difference within one working day", () => {
      // Raised Wed 5 Mar 2025: day one (and due day) Thu 6 Mar.
      const [stage] = run({ raisedAt: "2025-03-05T10:00:00Z", steps: [] }).stages;
      assert.equal(stage?.stage, "stage-1");
      assert.equal(stage?.dueAt, "2025-03-06T23:59:59.999+00:00");
    });

    test("the one working day skips a bank holiday weekend", () => {
      // Raised Fri 22 Aug 2025; Mon 25 Aug is the Summer bank holiday: due Tue 26 Aug.
      const [stage] = run({ raisedAt: "2025-08-22T11:00:00+01:00", steps: [] }).stages;
      assert.equal(stage?.dueAt, "2025-08-26T23:59:59.999+01:00");
      assert.match(stage?.explanation ?? "", /Summer bank holiday/);
    });

    test("'or a timescale that protects the child (whichever is less)': an earlier child-safety deadline wins, and both show", () => {
      const [stage] = run({
        raisedAt: "2025-03-05T10:00:00Z",
        childSafetyDueAt: "2025-03-05T16:00:00Z",
        steps: [],
      }).stages;
      assert.equal(Date.parse(stage?.dueAt ?? ""), Date.parse("2025-03-05T16:00:00Z"));
      assert.equal(stage?.dueDate, "2025-03-05");
      assert.match(stage?.explanation ?? "", /16:00 Wed 5 Mar 2025/);
      assert.match(stage?.explanation ?? "", /Thu 6 Mar 2025/);
    });

    test("'whichever is less': a child-safety deadline later than the one working day is refused", () => {
      const reason = refusal({
        raisedAt: "2025-03-05T10:00:00Z",
        childSafetyDueAt: "2025-03-07T12:00:00Z",
        steps: [],
      });
      assert.match(reason, /procedure's own deadline is already sooner/);
      assert.match(reason, /must be earlier/);
    });

    test("first-line managers have a further one working day from when the matter reaches them", () => {
      // Raised Thu 6 Mar 2025: stage 1 due Fri 7 Mar. Escalated Fri 7 Mar: stage 2 due Mon 10 Mar
      // (counting from raising would give Fri 7 Mar).
      const result = run({
        raisedAt: "2025-03-06T09:00:00Z",
        steps: [{ at: "2025-03-07T16:00:00Z", action: "escalate" }],
      });
      assert.deepEqual(dueDates(result), ["stage-1#1 2025-03-07", "stage-2#1 2025-03-10"]);
      assert.match(result.stages[1]?.explanation ?? "", /day one Mon 10 Mar 2025/);
    });

    test("'a further one working day or a timescale that protects the child': a child-safety deadline set on escalating wins", () => {
      const result = run({
        raisedAt: "2025-03-06T09:00:00Z",
        steps: [
          {
            at: "2025-03-07T16:00:00Z",
            action: "escalate",
            childSafetyDueAt: "2025-03-08T12:00:00Z",
          },
        ],
      });
      const stage2 = result.stages[1];
      assert.equal(Date.parse(stage2?.dueAt ?? ""), Date.parse("2025-03-08T12:00:00Z"));
      assert.equal(stage2?.dueDate, "2025-03-08");
      assert.match(stage2?.explanation ?? "", /12:00 Sat 8 Mar 2025/);
      assert.match(stage2?.explanation ?? "", /Mon 10 Mar 2025/);
      assert.equal(result.stages[0]?.dueDate, "2025-03-07", "stage 1 keeps its own deadline");
    });

    test("'whichever is less': on escalating, a child-safety deadline later than the further working day is refused", () => {
      const reason = refusal({
        raisedAt: "2025-03-06T09:00:00Z",
        steps: [
          {
            at: "2025-03-07T16:00:00Z",
            action: "escalate",
            childSafetyDueAt: "2025-03-11T12:00:00Z",
          },
        ],
      });
      assert.match(reason, /must be earlier/);
    });

    test("senior managers, heads of service and the LSCB have no stated timescale; each is left to the partnership", () => {
      const result = run({
        raisedAt: "2025-03-03T09:00:00Z",
        steps: [
          { at: "2025-03-03T15:00:00Z", action: "escalate" },
          { at: "2025-03-04T15:00:00Z", action: "escalate" },
          { at: "2025-03-06T15:00:00Z", action: "escalate" },
          { at: "2025-03-10T15:00:00Z", action: "escalate" },
        ],
      });
      assert.deepEqual(dueDates(result).slice(2), [
        "stage-3#1 none",
        "stage-4#1 none",
        "stage-5#1 none",
      ]);
      const settingNames = ["Senior manager stage", "Heads of service stage", "LSCB stage"];
      for (const [index, name] of settingNames.entries()) {
        const stage = result.stages[index + 2];
        assert.match(stage?.explanation ?? "", /No timescale set/);
        assert.ok(
          stage?.explanation.includes(`The partnership has not set "${name}".`),
          `${stage?.stage}: ${stage?.explanation}`,
        );
      }
    });

    test("heads of service and the LSCB need a written account of the dispute and what has been tried", () => {
      const reach: Step[] = [
        { at: "2025-03-03T15:00:00Z", action: "escalate" },
        { at: "2025-03-04T15:00:00Z", action: "escalate" },
        { at: "2025-03-06T15:00:00Z", action: "escalate" },
      ];
      for (const [index, next] of ["Stage 4 – heads of service", "Stage 5 – LSCB"].entries()) {
        const reason = refusal({
          raisedAt: "2025-03-03T09:00:00Z",
          steps: [
            ...reach.slice(0, 2 + index),
            { at: "2025-03-10T15:00:00Z", action: "escalate", evidence: "" },
          ],
        });
        assert.match(reason, new RegExp(`Before escalating to ${next}`), next);
        assert.match(reason, /written account of the dispute/, next);
      }
    });

    test("a matter referred to the LSCB notifies the LSCB business team; it is the last stage", () => {
      const steps: Step[] = [
        { at: "2025-03-03T15:00:00Z", action: "escalate" },
        { at: "2025-03-04T15:00:00Z", action: "escalate" },
        { at: "2025-03-06T15:00:00Z", action: "escalate" },
        { at: "2025-03-10T15:00:00Z", action: "escalate" },
      ];
      const result = run({ raisedAt: "2025-03-03T09:00:00Z", steps });
      assert.deepEqual(notices(result), ["stage-5#1 lscb-business entry 2025-03-10T15:00:00Z"]);
      const reason = refusal({
        raisedAt: "2025-03-03T09:00:00Z",
        steps: [...steps, { at: "2025-03-11T15:00:00Z", action: "escalate" }],
      });
      assert.match(reason, /Stage 5 – LSCB is the last stage/);
    });
  });

  test("Each special situation in the policy is a track that can be raised", () => {
    const tracks = [
      "referral-dispute",
      "conference-dissent",
      "cp-plan-implementation",
      "stop-and-review",
      "stop-and-review-children-in-care",
      "placing-authority-information",
      "private-childrens-home-incident",
    ];
    assert.deepEqual(Object.keys(shipped("suffolk").tracks).sort(), ["general", ...tracks].sort());
    for (const track of tracks) {
      const result = run({ track, raisedAt: "2025-03-03T09:00:00Z", steps: [] });
      assert.equal(result.track, track);
      assert.equal(result.stages[0]?.stage, "stage-1", track);
      assert.equal(result.status, "open", track);
    }
  });

  test("Dispute at the Point of Referral: discussion within one working day of the feedback, then a further working day for first-line managers", () => {
    // Feedback received (raised) Mon 3 Mar 2025. Revisiting the referral (stage 1) and the
    // professionals' discussion (stage 2) both fall within one working day of the feedback: Tue 4 Mar,
    // even though stage 2 is entered on Tue 4 Mar itself. First-line managers (stage 3), entered
    // Tue 4 Mar: a further one working day, Wed 5 Mar.
    const result = run({
      track: "referral-dispute",
      raisedAt: "2025-03-03T09:00:00Z",
      steps: [
        { at: "2025-03-04T10:00:00Z", action: "escalate" },
        { at: "2025-03-04T16:00:00Z", action: "escalate" },
      ],
    });
    assert.deepEqual(dueDates(result), [
      "stage-1#1 2025-03-04",
      "stage-2#1 2025-03-04",
      "stage-3#1 2025-03-05",
    ]);
  });

  describe("Dissent at/arising from a Child Protection Conference", () => {
    test("the safeguarding manager either brings a review conference forward or upholds the chair's decision", () => {
      const outcomes = stageOf("conference-dissent", "stage-2").outcomes;
      assert.deepEqual(
        outcomes.map((o) => `${o.outcome} ${o.label ?? o.to}`),
        [
          "resolve Review conference brought forward",
          "close-with-disagreement Conference chair's decision upheld",
          "escalate stage-3",
        ],
      );
      const reach: Step[] = [{ at: "2025-03-04T09:00:00Z", action: "escalate" }];
      const review = run({
        track: "conference-dissent",
        raisedAt: "2025-03-03T09:00:00Z",
        steps: [...reach, { at: "2025-03-05T09:00:00Z", action: "resolve" }],
      });
      assert.equal(review.status, "resolved");
      const upheld = run({
        track: "conference-dissent",
        raisedAt: "2025-03-03T09:00:00Z",
        steps: [...reach, { at: "2025-03-05T09:00:00Z", action: "close" }],
      });
      assert.equal(upheld.status, "closed-with-disagreement");
    });

    test("a professional still not satisfied puts it urgently to the LSCB chair, who is told and decides; nothing lies beyond", () => {
      const steps: Step[] = [
        { at: "2025-03-03T11:00:00Z", action: "escalate" },
        { at: "2025-03-04T09:00:00Z", action: "escalate" },
      ];
      const result = run({ track: "conference-dissent", raisedAt: "2025-03-03T09:00:00Z", steps });
      assert.deepEqual(
        result.stages.map((s) => s.stage),
        ["stage-1", "stage-2", "stage-3"],
      );
      assert.deepEqual(notices(result), ["stage-3#1 lscb-chair entry 2025-03-04T09:00:00Z"]);
      assert.match(
        refusal({
          track: "conference-dissent",
          raisedAt: "2025-03-03T09:00:00Z",
          steps: [...steps, { at: "2025-03-05T09:00:00Z", action: "escalate" }],
        }),
        /Stage 3 – chair of the LSCB is the last stage/,
      );
    });

    test("the policy gives no number for 'immediately' or 'urgently': every step's timescale is open", () => {
      const result = run({
        track: "conference-dissent",
        raisedAt: "2025-03-03T09:00:00Z",
        steps: [
          { at: "2025-03-03T11:00:00Z", action: "escalate" },
          { at: "2025-03-04T09:00:00Z", action: "escalate" },
        ],
      });
      assert.deepEqual(dueDates(result), ["stage-1#1 none", "stage-2#1 none", "stage-3#1 none"]);
    });
  });

  test("Dissent regarding the implementation of a child protection plan: the same steps and timescales as other disputes", () => {
    assert.deepEqual(trackOf("cp-plan-implementation").stages, trackOf("general").stages);
    // Raised Thu 6 Mar 2025: stage 1 due Fri 7 Mar; escalated Fri 7 Mar: stage 2 due Mon 10 Mar.
    const result = run({
      track: "cp-plan-implementation",
      raisedAt: "2025-03-06T09:00:00Z",
      steps: [{ at: "2025-03-07T16:00:00Z", action: "escalate" }],
    });
    assert.deepEqual(dueDates(result), ["stage-1#1 2025-03-07", "stage-2#1 2025-03-10"]);
  });

  describe("'Stop and Review' Process", () => {
    test("a request to the conference chair for a meeting, then heads of service, then an LSCB sub-committee, which is notified", () => {
      const meeting = stageOf("stop-and-review", "stage-1");
      assert.ok(
        meeting.actors.some((a) => a.side === "receiving" && a.role === "conference-chair"),
      );
      const result = run({
        track: "stop-and-review",
        raisedAt: "2025-03-03T09:00:00Z",
        childStatus: "cp-plan",
        steps: [
          { at: "2025-03-10T09:00:00Z", action: "escalate" },
          { at: "2025-03-17T09:00:00Z", action: "escalate" },
        ],
      });
      assert.deepEqual(dueDates(result), ["stage-1#1 none", "stage-2#1 none", "stage-3#1 none"]);
      assert.deepEqual(notices(result), ["stage-3#1 lscb-subcommittee entry 2025-03-17T09:00:00Z"]);
    });

    test("children in care: the IRO, the safeguarding manager and the Head of Safeguarding are told the outcome of the heads of service discussions", () => {
      const declared = stageOf("stop-and-review-children-in-care", "stage-3").notifyOnOutcome;
      assert.deepEqual(
        declared?.map((n) => n.role),
        ["iro", "la-safeguarding-manager", "head-of-safeguarding"],
      );
      const result = run({
        track: "stop-and-review-children-in-care",
        raisedAt: "2025-03-03T09:00:00Z",
        childStatus: "looked-after",
        steps: [
          { at: "2025-03-04T09:00:00Z", action: "escalate" },
          { at: "2025-03-07T09:00:00Z", action: "escalate" },
          { at: "2025-03-12T09:00:00Z", action: "resolve" },
        ],
      });
      assert.equal(result.status, "resolved");
      assert.deepEqual(notices(result), [
        "stage-3#1 iro outcome 2025-03-12T09:00:00Z",
        "stage-3#1 la-safeguarding-manager outcome 2025-03-12T09:00:00Z",
        "stage-3#1 head-of-safeguarding outcome 2025-03-12T09:00:00Z",
      ]);
    });

    test("children in care: the request to the practice manager always leads to a meeting the CYPS service manager chairs", () => {
      assert.deepEqual(
        stageOf("stop-and-review-children-in-care", "stage-1").outcomes.map((o) => o.outcome),
        ["escalate"],
      );
      assert.equal(
        stageOf("stop-and-review-children-in-care", "stage-2").composition?.role,
        "cyps-service-manager",
      );
      // Resolved at the meeting: no outcome notices, which the policy ties to the heads of service.
      const result = run({
        track: "stop-and-review-children-in-care",
        raisedAt: "2025-03-03T09:00:00Z",
        steps: [
          { at: "2025-03-04T09:00:00Z", action: "escalate" },
          { at: "2025-03-06T09:00:00Z", action: "resolve" },
        ],
      });
      assert.equal(result.status, "resolved");
      assert.deepEqual(result.notifications, []);
    });
  });

  describe("Children placed in Suffolk by another local authority", () => {
    test("the placing authority has seven calendar days, weekends counted", () => {
      // Raised Fri 7 Mar 2025: seven days on is Fri 14 Mar, due at its end.
      const [stage] = run({
        track: "placing-authority-information",
        raisedAt: "2025-03-07T10:00:00Z",
        steps: [],
      }).stages;
      assert.equal(stage?.dueAt, "2025-03-14T23:59:59.999+00:00");
      assert.match(stage?.explanation ?? "", /7 calendar days after Fri 7 Mar 2025/);
    });

    test("the seven days are not moved by a bank holiday", () => {
      // Raised Fri 11 Apr 2025: seven days on is Fri 18 Apr, Good Friday, still the due day.
      const [stage] = run({
        track: "placing-authority-information",
        raisedAt: "2025-04-11T10:00:00+01:00",
        steps: [],
      }).stages;
      assert.equal(stage?.dueAt, "2025-04-18T23:59:59.999+01:00");
    });

    test("after the seven days, a reminder; then the Head of Safeguarding escalates to the placing authority's senior managers", () => {
      const result = run({
        track: "placing-authority-information",
        raisedAt: "2025-03-07T10:00:00Z",
        steps: [
          { at: "2025-03-17T09:00:00Z", action: "escalate" },
          { at: "2025-03-24T09:00:00Z", action: "escalate" },
        ],
      });
      assert.deepEqual(dueDates(result), [
        "stage-1#1 2025-03-14",
        "stage-2#1 none",
        "stage-3#1 none",
      ]);
      assert.ok(
        stageOf("placing-authority-information", "stage-3").actors.some(
          (a) => a.side === "raising" && a.role === "head-of-safeguarding",
        ),
      );
    });
  });

  describe("Incidents in a private children's home concerning a child placed by another local authority", () => {
    test("the MASH notifies the placing authority within 48 hours: exact hours, weekends counted", () => {
      const [stage] = run({
        track: "private-childrens-home-incident",
        raisedAt: "2025-03-07T16:30:00Z",
        steps: [],
      }).stages;
      // Fri 16:30 + 48 hours = Sun 9 Mar 16:30.
      assert.equal(Date.parse(stage?.dueAt ?? ""), Date.parse("2025-03-09T16:30:00Z"));
      assert.equal(stage?.dueDate, "2025-03-09");
      assert.match(stage?.explanation ?? "", /48 hours after 16:30 Fri 7 Mar 2025/);
    });

    test("the 48 hours are elapsed time across the October clock change", () => {
      // 15:00 BST Fri 24 Oct 2025 is 14:00 UTC; 48 hours later is 14:00 UTC Sun 26 Oct, after
      // clocks went back, which is 14:00 GMT on the wall clock.
      const [stage] = run({
        track: "private-childrens-home-incident",
        raisedAt: "2025-10-24T15:00:00+01:00",
        steps: [],
      }).stages;
      assert.equal(stage?.dueAt, "2025-10-26T14:00:00.000+00:00");
      assert.match(stage?.explanation ?? "", /due 14:00 Sun 26 Oct 2025/);
    });

    test("three referrals about the same child escalate automatically to the Head of Safeguarding", () => {
      // Referral 1 Mon 2 Jun 10:00 → due Wed 4 Jun 10:00; referral 2 Wed 4 Jun 11:00 → due Fri 6 Jun 11:00;
      // referral 3 Mon 9 Jun 09:30 → round 3 reached, escalated at once.
      const result = run({
        track: "private-childrens-home-incident",
        raisedAt: "2025-06-02T10:00:00+01:00",
        steps: [
          { at: "2025-06-04T11:00:00+01:00", action: "next-round" },
          { at: "2025-06-09T09:30:00+01:00", action: "next-round" },
        ],
      });
      assert.deepEqual(
        result.stages.map((s) => `${s.stage}#${s.round} ${s.enteredAt} ${s.leftAt}`),
        [
          "stage-1#1 2025-06-02T10:00:00+01:00 2025-06-04T11:00:00+01:00",
          "stage-1#2 2025-06-04T11:00:00+01:00 2025-06-09T09:30:00+01:00",
          "stage-1#3 2025-06-09T09:30:00+01:00 2025-06-09T09:30:00+01:00",
          "stage-2#1 2025-06-09T09:30:00+01:00 null",
        ],
      );
      assert.equal(
        Date.parse(result.stages[0]?.dueAt ?? ""),
        Date.parse("2025-06-04T10:00:00+01:00"),
      );
      assert.equal(
        Date.parse(result.stages[1]?.dueAt ?? ""),
        Date.parse("2025-06-06T11:00:00+01:00"),
      );
      // The third referral still has its own 48 hours for the MASH: Wed 11 Jun 09:30.
      assert.equal(
        Date.parse(result.stages[2]?.dueAt ?? ""),
        Date.parse("2025-06-11T09:30:00+01:00"),
      );
      assert.equal(result.status, "open");
      assert.ok(
        stageOf("private-childrens-home-incident", "stage-2").actors.some(
          (a) => a.side === "raising" && a.role === "head-of-safeguarding",
        ),
      );
    });

    test("two referrals do not escalate", () => {
      const result = run({
        track: "private-childrens-home-incident",
        raisedAt: "2025-06-02T10:00:00+01:00",
        steps: [{ at: "2025-06-04T11:00:00+01:00", action: "next-round" }],
      });
      assert.deepEqual(
        result.stages.map((s) => `${s.stage}#${s.round}`),
        ["stage-1#1", "stage-1#2"],
      );
    });
  });

  test("Specialist Facilities and Whistle Blowing: disputes at a specialist facility and fears about colleagues go elsewhere", () => {
    const exclusions = shipped("suffolk").exclusions;
    for (const id of ["specialist-facility", "whistleblowing", "within-one-agency"]) {
      assert.equal(exclusions.find((e) => e.id === id)?.thenContinue, false, id);
    }
  });
});
