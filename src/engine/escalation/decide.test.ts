import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, describe, test } from "node:test";
import { createCalendar, type OfficialHolidays } from "../calendar/index.ts";
import { parseProcedure } from "../procedure/load.ts";
import type { Procedure } from "../procedure/schema.ts";
import { deadlinesOf, followUpCheck, visitDeadline } from "./deadlines.ts";
import { decide } from "./decide.ts";
import { replay } from "./evolve.ts";
import type { Actor, Child, Command, EscalationEvent, EscalationState } from "./types.ts";

const root = new URL("../../../", import.meta.url);
const official = JSON.parse(
  readFileSync(new URL("data/bank-holidays.json", root), "utf8"),
) as OfficialHolidays;
const calendar = createCalendar({ nation: "england-and-wales", official });

function procedure(id: string): Procedure {
  const result = parseProcedure(readFileSync(new URL(`procedures/${id}.yaml`, root), "utf8"), id);
  assert.ok(result.ok);
  return result.procedure;
}

const school: Actor = {
  personId: "teacher",
  agencyId: "school",
  roles: ["practitioner", "line-manager"],
};
const socialCare: Actor = { personId: "team-manager", agencyId: "csc", roles: ["line-manager"] };
const headOfService: Actor = { personId: "hos", agencyId: "csc", roles: ["head-of-service"] };

const raiseCommand = (overrides: Partial<Extract<Command, { type: "raise" }>> = {}): Command => ({
  type: "raise",
  escalationId: "esc-1",
  registration: { partnershipId: "partnership", reference: "DOR-2025-0001" },
  thematic: false,
  child: { reference: "AB-123", dateOfBirth: "2015-04-01", status: "child-in-need" },
  raisingAgency: "school",
  receivingAgencies: ["csc"],
  category: "referral-threshold",
  details: {
    challenged: "The referral was closed without assessment",
    tried: "Spoke to the duty social worker",
    evidence: { kind: "evidence", text: "Three disclosures this term" },
    outcomeSought: "A child and family assessment",
    urgency: "routine",
  },
  ...overrides,
});

/** Every rejection code a test has seen, to prove each rejection in decide.ts is exercised. */
const seen = new Set<string>();

/** Runs commands in order against one procedure, keeping the history. */
class Escalation {
  readonly events: EscalationEvent[] = [];
  readonly definition: Procedure;
  constructor(definition: Procedure) {
    this.definition = definition;
  }

  get state(): EscalationState {
    const state = replay("esc-1", this.events);
    assert.ok(state);
    return state;
  }

  try(command: Command, now: string, actor: Actor) {
    const state = this.events.length === 0 ? null : this.state;
    return decide(state, command, { procedure: this.definition, calendar, now, actor });
  }

  do(command: Command, now: string, actor: Actor): EscalationEvent[] {
    const decision = this.try(command, now, actor);
    assert.ok(decision.ok, decision.ok ? "" : decision.rejection.reason);
    this.events.push(...decision.events);
    return decision.events;
  }

  refuse(command: Command, now: string, actor: Actor): string {
    const decision = this.try(command, now, actor);
    assert.ok(!decision.ok, "expected a rejection");
    seen.add(decision.rejection.code);
    assert.ok(decision.rejection.reason.length > 10, "a rejection says why");
    return decision.rejection.code;
  }
}

const dorset = () => {
  const escalation = new Escalation(procedure("dorset"));
  escalation.do(raiseCommand(), "2025-03-03T09:00:00Z", school);
  return escalation;
};

describe("raising", () => {
  test("records the raise, enters the entry stage, and keeps the procedure version", () => {
    const escalation = dorset();
    assert.deepEqual(
      escalation.events.map((event) => event.data.type),
      ["escalation-raised", "stage-entered"],
    );
    assert.deepEqual(escalation.state.procedure, { id: "dorset", version: "2.0-r1" });
    assert.equal(escalation.state.raisedAt, "2025-03-03T09:00:00Z");
    assert.equal(escalation.state.visits[0]?.stage, "stage-1");
  });

  test("refuses what the procedure or the facts do not allow", () => {
    const escalation = new Escalation(procedure("dorset"));
    const now = "2025-03-03T09:00:00Z";
    assert.equal(
      escalation.refuse(raiseCommand({ receivingAgencies: ["school"] }), now, school),
      "same-agency",
    );
    assert.equal(
      escalation.refuse(raiseCommand({ receivingAgencies: [] }), now, school),
      "no-receiving-agency",
    );
    assert.equal(
      escalation.refuse(raiseCommand({ raisingAgency: "police" }), now, school),
      "not-own-agency",
    );
    assert.equal(
      escalation.refuse(raiseCommand({ category: "made-up" }), now, school),
      "unknown-category",
    );
    assert.equal(escalation.refuse(raiseCommand({ child: null }), now, school), "child-required");
    assert.equal(
      escalation.refuse(raiseCommand({ thematic: true }), now, school),
      "thematic-child",
    );
    assert.equal(
      escalation.refuse(raiseCommand({ category: "strategic-theme" }), now, school),
      "thematic-category",
    );
    assert.equal(
      escalation.refuse(raiseCommand({ entry: "strategic" }), now, school),
      "entry-not-permitted",
    );
    assert.equal(
      escalation.refuse(raiseCommand({ track: "nonsense" }), now, school),
      "unknown-track",
    );
    assert.equal(
      escalation.refuse(
        raiseCommand({
          child: {
            reference: "Jonathan Alexander Smith-Robertson the Third",
            dateOfBirth: null,
            status: "none",
          },
        }),
        now,
        school,
      ),
      "child-reference",
    );
    assert.equal(
      escalation.refuse(
        raiseCommand({ child: { reference: "AB", dateOfBirth: "2015-02-30", status: "none" } }),
        now,
        school,
      ),
      "invalid-date",
    );
    assert.equal(
      escalation.refuse(
        raiseCommand({
          details: {
            ...(raiseCommand() as Extract<Command, { type: "raise" }>).details,
            outcomeSought: "  ",
          },
        }),
        now,
        school,
      ),
      "missing",
    );
    assert.equal(escalation.events.length, 0);
  });

  test("a thematic escalation holds no child and enters where the procedure says", () => {
    const escalation = new Escalation(procedure("dorset"));
    escalation.do(
      raiseCommand({ thematic: true, child: null, category: "agency-service-model" }),
      "2025-03-03T09:00:00Z",
      headOfService.agencyId === "csc" ? { ...headOfService, agencyId: "school" } : headOfService,
    );
    assert.equal(escalation.state.child, null);
    assert.equal(escalation.state.visits[0]?.stage, "stage-3");
  });

  test("a procedure without a thematic route refuses a thematic escalation", () => {
    const escalation = new Escalation(procedure("northamptonshire"));
    const code = escalation.refuse(
      raiseCommand({
        thematic: true,
        child: null,
        category: procedure("northamptonshire").categories[0]?.id ?? "",
      }),
      "2025-03-03T09:00:00Z",
      school,
    );
    assert.equal(code, "unknown-entry");
  });
});

describe("working a stage", () => {
  test("records a discussion that has happened, and refuses one in the future", () => {
    const escalation = dorset();
    const discussion: Command = {
      type: "record-discussion",
      heldAt: "2025-03-03T14:00:00Z",
      method: "phone",
      participants: "Team managers of both agencies",
      summary: "Agreed to review the referral together",
    };
    escalation.do(discussion, "2025-03-03T15:00:00Z", socialCare);
    assert.equal(escalation.state.discussions.length, 1);
    assert.equal(
      escalation.refuse(
        { ...discussion, heldAt: "2025-03-05T09:00:00Z" },
        "2025-03-03T15:00:00Z",
        socialCare,
      ),
      "discussion-in-future",
    );
  });

  test("agrees an action with an owner and a real date", () => {
    const escalation = dorset();
    const action: Command = {
      type: "agree-action",
      actionId: "a1",
      description: "Convene a strategy discussion",
      owner: "CSC team manager",
      dueDate: "2025-03-07",
    };
    escalation.do(action, "2025-03-03T15:00:00Z", socialCare);
    assert.equal(escalation.state.actions[0]?.owner, "CSC team manager");
    assert.equal(
      escalation.refuse({ ...action, dueDate: "07/03/2025" }, "2025-03-03T15:00:00Z", socialCare),
      "invalid-date",
    );
  });

  test("a deadline is extended only by a permitted role, with a reason, to a later time; both dates stay visible", () => {
    const escalation = dorset();
    const context = { procedure: escalation.definition, calendar };
    const extend: Command = {
      type: "extend-deadline",
      dueAt: "2025-03-07T17:00:00Z",
      reason: "the social worker is on leave",
    };
    assert.equal(
      escalation.refuse(extend, "2025-03-04T09:00:00Z", socialCare),
      "extension-not-permitted",
    );
    assert.equal(
      escalation.refuse(
        { ...extend, dueAt: "2025-03-04T12:00:00Z" },
        "2025-03-04T09:00:00Z",
        headOfService,
      ),
      "extension-not-later",
    );
    assert.equal(
      escalation.refuse({ ...extend, reason: "" }, "2025-03-04T09:00:00Z", headOfService),
      "missing",
    );
    escalation.do(extend, "2025-03-04T09:00:00Z", headOfService);
    const { stage } = deadlinesOf(escalation.state, context);
    assert.equal(stage.dueAt, "2025-03-07T17:00:00Z");
    assert.equal(stage.procedureDueAt, "2025-03-05T23:59:59.999+00:00");
    assert.equal(stage.extended, true);
    assert.match(
      stage.explanation,
      /extended from Wed 5 Mar 2025 .*because the social worker is on leave/,
    );
  });
});

describe("leaving a stage", () => {
  test("a resolution is proposed by one side and confirmed by the other", () => {
    const escalation = dorset();
    const resolve: Command = {
      type: "resolve",
      outcome: "An assessment will start",
      outstandingIssues: "None",
    };
    escalation.do(resolve, "2025-03-04T09:00:00Z", socialCare);
    assert.equal(escalation.state.status, "resolution-proposed");
    assert.equal(escalation.refuse(resolve, "2025-03-04T09:10:00Z", school), "resolution-pending");
    assert.equal(
      escalation.refuse({ type: "confirm-resolution" }, "2025-03-04T09:30:00Z", {
        ...socialCare,
        personId: "other",
      }),
      "confirm-other-side",
    );
    escalation.do({ type: "confirm-resolution" }, "2025-03-04T10:00:00Z", school);
    assert.equal(escalation.state.status, "resolved");
    assert.equal(escalation.state.resolution?.confirmedAt, "2025-03-04T10:00:00Z");
  });

  test("nothing changes a closed escalation", () => {
    const escalation = dorset();
    escalation.do(
      { type: "withdraw", reason: "Assessment started after all" },
      "2025-03-04T09:00:00Z",
      school,
    );
    assert.equal(escalation.state.status, "withdrawn");
    assert.equal(
      escalation.refuse({ type: "escalate", reason: "x" }, "2025-03-05T09:00:00Z", school),
      "closed",
    );
    assert.equal(
      escalation.refuse({ type: "confirm-resolution" }, "2025-03-05T09:00:00Z", school),
      "closed",
    );
  });

  test("only the raising agency withdraws; anyone acting may redirect with a reason", () => {
    const escalation = dorset();
    assert.equal(
      escalation.refuse({ type: "withdraw", reason: "x" }, "2025-03-04T09:00:00Z", socialCare),
      "not-raising-agency",
    );
    escalation.do(
      { type: "redirect", to: "LADO", reason: "It concerns a teacher's suitability" },
      "2025-03-04T09:00:00Z",
      socialCare,
    );
    assert.equal(escalation.state.status, "redirected");
  });

  test("Northamptonshire: escalation needs evidence that the stage was exhausted", () => {
    const escalation = new Escalation(procedure("northamptonshire"));
    escalation.do(
      raiseCommand({ category: escalation.definition.categories[0]?.id ?? "" }),
      "2025-03-03T09:00:00Z",
      school,
    );
    assert.equal(
      escalation.refuse(
        { type: "escalate", reason: "No agreement" },
        "2025-03-05T09:00:00Z",
        school,
      ),
      "evidence-required",
    );
    const decision = escalation.try(
      { type: "escalate", reason: "No agreement", evidence: "  " },
      "2025-03-05T09:00:00Z",
      school,
    );
    assert.ok(!decision.ok && /Before escalating to Stage 2/.test(decision.rejection.reason));
    escalation.do(
      { type: "escalate", reason: "No agreement", evidence: "Two calls on 3 and 4 March" },
      "2025-03-05T09:00:00Z",
      school,
    );
    assert.equal(escalation.state.visits.at(-1)?.stage, "stage-2");
  });

  test("a stage that does not repeat has no next round", () => {
    assert.equal(
      dorset().refuse({ type: "next-round", reason: "x" }, "2025-03-04T09:00:00Z", school),
      "not-repeating",
    );
  });

  test("the engine refuses to run an escalation under a different procedure version", () => {
    const escalation = dorset();
    const changed = { ...escalation.definition, version: "3.0" };
    assert.throws(
      () =>
        decide(
          escalation.state,
          { type: "withdraw", reason: "x" },
          { procedure: changed, calendar, now: "2025-03-04T09:00:00Z", actor: school },
        ),
      /runs under dorset 2\.0-r1, not 3\.0/,
    );
  });
});

describe("child-safety deadlines", () => {
  test("City & Hackney: a child-safety deadline earlier than one working week shortens the target, and both are shown", () => {
    const hackney = procedure("city-and-hackney");
    const escalation = new Escalation(hackney);
    escalation.do(
      raiseCommand({
        category: hackney.categories[0]?.id ?? "",
        childSafetyDueAt: "2025-03-05T12:00:00Z",
      }),
      "2025-03-03T09:00:00Z",
      school,
    );
    const { target } = deadlinesOf(escalation.state, { procedure: hackney, calendar });
    assert.equal(target?.dueAt, "2025-03-05T12:00:00Z");
    assert.equal(target?.procedureDueAt, "2025-03-10T23:59:59.999+00:00");
    assert.match(
      target?.explanation ?? "",
      /set to protect the child.*procedure's own deadline is due Mon 10 Mar 2025/,
    );
  });

  test("is refused where the procedure does not provide for one, in the past, or when not earlier", () => {
    assert.equal(
      dorset().refuse(
        { type: "set-child-safety-deadline", dueAt: "2025-03-04T09:00:00Z", reason: "x" },
        "2025-03-03T10:00:00Z",
        school,
      ),
      "child-safety-not-allowed",
    );
    const hackney = procedure("city-and-hackney");
    const escalation = new Escalation(hackney);
    escalation.do(
      raiseCommand({ category: hackney.categories[0]?.id ?? "" }),
      "2025-03-03T09:00:00Z",
      school,
    );
    const set = (dueAt: string) =>
      escalation.refuse(
        { type: "set-child-safety-deadline", dueAt, reason: "risk rising" },
        "2025-03-03T10:00:00Z",
        school,
      );
    assert.equal(set("2025-03-03T09:30:00Z"), "child-safety-past");
    assert.equal(set("2025-03-20T09:30:00Z"), "child-safety-not-earlier");
    assert.equal(set("not a time"), "invalid-time");
  });
});

describe("the follow-up check after a resolution", () => {
  const police: Actor = { personId: "police", agencyId: "police", roles: ["line-manager"] };
  const confirmed = "2025-05-06T15:00:00+01:00";
  /** Dorset, taken to stage 3 and resolved there; confirmed on Tue 6 May 2025. */
  const resolvedAtStage3 = (definition = procedure("dorset")) => {
    const escalation = new Escalation(definition);
    escalation.do(raiseCommand(), "2025-04-28T09:00:00+01:00", school);
    escalation.do(
      { type: "escalate", reason: "No agreement" },
      "2025-04-29T09:00:00+01:00",
      school,
    );
    escalation.do({ type: "escalate", reason: "Still none" }, "2025-04-30T09:00:00+01:00", school);
    escalation.do(
      { type: "resolve", outcome: "An assessment starts", outstandingIssues: "Review in a month" },
      "2025-05-06T11:00:00+01:00",
      headOfService,
    );
    escalation.do({ type: "confirm-resolution" }, confirmed, school);
    return escalation;
  };
  const context = (definition: Procedure, checkCalendar = calendar) => ({
    procedure: definition,
    calendar: checkCalendar,
  });

  test("falls due 20 working days after the confirmation where the procedure sets none, the bank holiday excluded, and says why", () => {
    const escalation = resolvedAtStage3();
    const check = followUpCheck(escalation.state, context(escalation.definition));
    assert.ok(check);
    // Day one Wed 7 May; Mon 26 May (spring bank holiday) is skipped, so day 20 is Wed 4 Jun.
    assert.equal(check.dueDate, "2025-06-04");
    assert.equal(check.fallsDueAt, "2025-06-04T00:00:00.000+01:00");
    assert.equal(check.dueAt, "2025-06-04T23:59:59.999+01:00");
    assert.equal(
      check.explanation,
      "due Wed 4 Jun 2025: 20 working days after Tue 6 May 2025 (day one Wed 7 May 2025); Mon 26 May 2025 bank holiday (Spring bank holiday) excluded. Dorset Safeguarding Children Partnership's procedure sets no time for it, so Resolve checks 20 working days after a resolution is confirmed",
    );
    assert.deepEqual(deadlinesOf(escalation.state, context(escalation.definition)).followUp, check);
  });

  test("follows the procedure's own number of working days, and a day the partnership adds moves it", () => {
    const definition = { ...procedure("dorset"), followUp: { workingDays: 5, note: "A week on." } };
    const escalation = resolvedAtStage3(definition);
    const check = followUpCheck(escalation.state, context(definition));
    assert.equal(check?.dueDate, "2025-05-13");
    assert.match(
      check?.explanation ?? "",
      /procedure checks 5 working days after a resolution is confirmed: A week on\.$/,
    );
    const closure = createCalendar({
      nation: "england-and-wales",
      official,
      addedDays: [{ date: "2025-05-12", title: "Local closure" }],
    });
    const moved = followUpCheck(escalation.state, context(definition, closure));
    assert.equal(moved?.dueDate, "2025-05-14");
    assert.match(
      moved?.explanation ?? "",
      /Mon 12 May 2025 added non-working day \(Local closure\)/,
    );
  });

  test("is answered only from its day, by a party; yes keeps it resolved and ends the check", () => {
    const escalation = resolvedAtStage3();
    const answer: Command = { type: "answer-follow-up", happened: true, note: "  " };
    assert.equal(
      escalation.refuse(answer, "2025-06-03T23:59:00+01:00", school),
      "follow-up-not-due",
    );
    assert.equal(
      escalation.refuse(answer, "2025-06-04T09:00:00+01:00", police),
      "follow-up-not-party",
    );
    const events = escalation.do(answer, "2025-06-04T00:00:00+01:00", headOfService);
    assert.deepEqual(
      events.map((event) => event.data),
      [{ type: "follow-up-confirmed", note: null }],
    );
    assert.equal(escalation.state.status, "resolved");
    assert.equal(escalation.state.followUp?.answer?.by.personId, "hos");
    assert.equal(followUpCheck(escalation.state, context(escalation.definition)), null);
    assert.equal(escalation.refuse(answer, "2025-06-05T09:00:00+01:00", school), "no-follow-up");
  });

  test("there is none for an escalation still open or closed without a resolution", () => {
    const open = dorset();
    const answer: Command = { type: "answer-follow-up", happened: true, note: "" };
    assert.equal(open.refuse(answer, "2025-06-05T09:00:00Z", school), "no-follow-up");
    assert.equal(followUpCheck(open.state, context(open.definition)), null);
    open.do({ type: "withdraw", reason: "Sorted" }, "2025-03-04T09:00:00Z", school);
    assert.equal(open.refuse(answer, "2025-06-05T09:00:00Z", school), "no-follow-up");
  });

  test("no reopens it at the stage it was resolved at, in a new round with a fresh deadline, and tells the partnership again", () => {
    const escalation = resolvedAtStage3();
    const reopenedAt = "2025-06-04T10:00:00+01:00";
    assert.equal(
      escalation.refuse(
        { type: "answer-follow-up", happened: false, note: " " },
        reopenedAt,
        school,
      ),
      "missing",
    );
    const events = escalation.do(
      { type: "answer-follow-up", happened: false, note: "The assessment has not started" },
      reopenedAt,
      school,
    );
    assert.deepEqual(
      events.map((event) => event.data.type),
      ["escalation-reopened", "stage-entered", "notification-required"],
    );
    assert.deepEqual(events[1]?.data, {
      type: "stage-entered",
      stage: "stage-3",
      round: 2,
      reason: "reopened",
    });
    const state = escalation.state;
    assert.equal(state.status, "open");
    assert.equal(state.closedAt, null);
    assert.equal(state.resolution, null);
    assert.equal(state.followUp, null);
    assert.equal(state.reopenedAt, reopenedAt);
    const ctx = context(escalation.definition);
    // Stage 3 counts 9 working days from the raise: from the reopening now, Day One Wed 4 Jun.
    const { stage } = deadlinesOf(state, ctx);
    assert.equal(stage.dueDate, "2025-06-16");
    assert.equal(
      stage.explanation,
      "due Mon 16 Jun 2025: day one Wed 4 Jun 2025; counted from Wed 4 Jun 2025, when the escalation was reopened",
    );
    // The first pass through stage 3 keeps the deadline it had.
    const first = state.visits.find((visit) => visit.stage === "stage-3" && visit.round === 1);
    assert.ok(first);
    assert.equal(visitDeadline(state, first, ctx).dueDate, "2025-05-09");
    // It can be worked and resolved again, and then has a check of its own.
    escalation.do(
      { type: "resolve", outcome: "Assessment booked", outstandingIssues: "None" },
      "2025-06-05T10:00:00+01:00",
      headOfService,
    );
    escalation.do({ type: "confirm-resolution" }, "2025-06-05T11:00:00+01:00", school);
    assert.equal(followUpCheck(escalation.state, ctx)?.dueDate, "2025-07-03");
  });
});

describe("the remaining rejections", () => {
  const now = "2025-03-04T09:00:00Z";

  test("an escalation is raised once, and nothing else happens before it is raised", () => {
    const escalation = dorset();
    assert.equal(escalation.refuse(raiseCommand(), now, school), "already-raised");
    assert.equal(
      new Escalation(procedure("dorset")).refuse({ type: "withdraw", reason: "x" }, now, school),
      "not-raised",
    );
  });

  test("a child's status must be one the procedure knows", () => {
    const escalation = new Escalation(procedure("dorset"));
    const child = { reference: "AB", dateOfBirth: null, status: "orphan" } as unknown as Child;
    assert.equal(escalation.refuse(raiseCommand({ child }), now, school), "child-status");
  });

  test("the time of an action must be real", () => {
    assert.equal(
      dorset().refuse({ type: "withdraw", reason: "x" }, "2025-02-30T09:00:00Z", school),
      "invalid-time",
    );
  });

  test("a discussion needs a known method", () => {
    const discussion = {
      type: "record-discussion",
      heldAt: "2025-03-03T14:00:00Z",
      method: "carrier-pigeon",
      participants: "Both",
      summary: "Talked",
    } as unknown as Command;
    assert.equal(dorset().refuse(discussion, now, socialCare), "invalid-method");
  });

  test("confirming needs a resolution waiting", () => {
    assert.equal(dorset().refuse({ type: "confirm-resolution" }, now, socialCare), "no-resolution");
  });

  test("while a resolution waits, only discussion, actions, escalation, withdrawal or redirection go ahead", () => {
    const escalation = dorset();
    escalation.do(
      { type: "resolve", outcome: "Agreed", outstandingIssues: "None" },
      now,
      socialCare,
    );
    assert.equal(
      escalation.refuse({ type: "next-round", reason: "x" }, now, school),
      "resolution-pending",
    );
    escalation.do({ type: "escalate", reason: "The school does not accept it" }, now, school);
    assert.equal(escalation.state.status, "open");
    assert.equal(escalation.state.visits.at(-1)?.stage, "stage-2");
  });

  test("a stage is left only by the outcomes it allows", () => {
    const escalation = dorset();
    assert.equal(
      escalation.refuse(
        {
          type: "close-with-disagreement",
          raisingPosition: "a",
          receivingPosition: "b",
          planContinues: "c",
        },
        now,
        school,
      ),
      "cannot-close-with-disagreement",
    );
    const definition = procedure("dorset");
    const general = definition.tracks.general;
    assert.ok(general);
    const noResolve: Procedure = {
      ...definition,
      tracks: {
        general: {
          ...general,
          stages: general.stages.map((stage) => ({
            ...stage,
            outcomes: stage.outcomes.filter((o) => o.outcome !== "resolve"),
          })),
        },
      },
    };
    const strict = new Escalation(noResolve);
    strict.do(raiseCommand(), now, school);
    assert.equal(
      strict.refuse({ type: "resolve", outcome: "a", outstandingIssues: "b" }, now, school),
      "cannot-resolve",
    );
    const last = new Escalation(definition);
    last.do(raiseCommand({ entry: "strategic" }), now, { ...school, roles: ["senior-leader"] });
    assert.equal(last.refuse({ type: "escalate", reason: "x" }, now, school), "cannot-escalate");
  });

  test("a stage with no timescale has no deadline to extend", () => {
    const sefton = procedure("sefton");
    const escalation = new Escalation(sefton);
    escalation.do(raiseCommand({ category: "referral-criteria" }), now, school);
    assert.equal(
      escalation.refuse(
        { type: "extend-deadline", dueAt: "2025-03-20T09:00:00Z", reason: "leave" },
        now,
        { ...school, roles: ["senior-manager"] },
      ),
      "no-deadline",
    );
  });

  test("a repeating stage stops at its limit of rounds", () => {
    const text = readFileSync(new URL("test/fixtures/procedures/kingsmere.yaml", root), "utf8");
    const loaded = parseProcedure(text, "kingsmere.yaml");
    assert.ok(loaded.ok);
    const escalation = new Escalation(loaded.procedure);
    escalation.do(raiseCommand({ category: "thresholds" }), "2025-03-14T10:00:00Z", school);
    escalation.do({ type: "escalate", reason: "No agreement" }, "2025-03-17T10:00:00Z", school);
    escalation.do({ type: "next-round", reason: "Second meeting" }, "2025-03-18T10:00:00Z", school);
    assert.equal(escalation.state.visits.at(-1)?.round, 2);
    assert.equal(
      escalation.refuse({ type: "next-round", reason: "Third" }, "2025-03-19T10:00:00Z", school),
      "too-many-rounds",
    );
  });
});

after(() => {
  // Every reject("…") in decide.ts must have been seen by a test above.
  const source = readFileSync(new URL("./decide.ts", import.meta.url), "utf8");
  const codes = new Set(
    [...source.matchAll(/reject\(\s*"([a-z-]+)"/g)].map((match) => match[1] ?? ""),
  );
  for (const outcome of ["escalate", "resolve", "close-with-disagreement"])
    codes.add(`cannot-${outcome}`);
  const untested = [...codes].filter((code) => !seen.has(code));
  assert.deepEqual(untested, [], `rejections without a test: ${untested.join(", ")}`);
});
