import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { createCalendar, type OfficialHolidays } from "../calendar/index.ts";
import { decide, replay } from "../escalation/index.ts";
import type { Actor, Command, EscalationEvent, EscalationState } from "../escalation/types.ts";
import { parseProcedure } from "../procedure/load.ts";
import type { Procedure } from "../procedure/schema.ts";
import {
  availableActions,
  type EscalationFacts,
  factsOf,
  mayAdminister,
  mayRaise,
  maySee,
  maySeeFigures,
  type PolicyPerson,
  shownCount,
  stageTier,
  subjectOf,
  visibilityOf,
} from "./index.ts";

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
const dorset = procedure("dorset");
const northamptonshire = procedure("northamptonshire");

const person = (id: string, agencyId: string | null, roles: string[]): PolicyPerson => ({
  id,
  partnershipId: "p1",
  agencyId,
  roles,
  active: true,
});
const teacher = person("teacher", "school", ["practitioner"]);
const schoolLead = person("school-lead", "school", ["line-manager"]);
const otherTeacher = person("other-teacher", "school", ["practitioner"]);
const teamManager = person("team-manager", "csc", ["line-manager"]);
const socialWorker = person("social-worker", "csc", ["practitioner"]);
const cscHead = person("csc-head", "csc", ["head-of-service"]);
const police = person("police-manager", "police", ["line-manager", "head-of-service"]);
const businessTeam = person("business", null, ["partnership-business-team"]);
const administrator = person("admin", null, ["administrator"]);

const actorOf = (who: PolicyPerson): Actor => ({
  personId: who.id,
  agencyId: who.agencyId ?? "",
  roles: who.roles,
});

/** An escalation built through the engine, so its state is one the service could hold. */
function escalation(definition: Procedure, steps: [Command, PolicyPerson][]): EscalationState {
  const events: EscalationEvent[] = [];
  for (const [command, who] of steps) {
    const state = events.length === 0 ? null : replay("e1", events);
    const decision = decide(state, command, {
      procedure: definition,
      calendar,
      now: "2025-03-04T09:00:00Z",
      actor: actorOf(who),
    });
    assert.ok(decision.ok, decision.ok ? "" : decision.rejection.reason);
    events.push(...decision.events);
  }
  const state = replay("e1", events);
  assert.ok(state);
  return state;
}

const raise = (definition: Procedure, overrides: Partial<Command> = {}): Command =>
  ({
    type: "raise",
    escalationId: "e1",
    registration: { partnershipId: "p1", reference: "DOR-2025-0001" },
    thematic: false,
    child: { reference: "AB", dateOfBirth: "2015-04-01", status: "child-in-need" },
    raisingAgency: "school",
    receivingAgencies: ["csc"],
    category: definition.categories[0]?.id ?? "",
    details: {
      challenged: "Referral closed",
      tried: "Called",
      evidence: { kind: "evidence", text: "Disclosures" },
      outcomeSought: "Assessment",
      urgency: "routine",
    },
    ...overrides,
  }) as Command;

const escalate: Command = { type: "escalate", reason: "No agreement", evidence: "Two calls" };

/** The facts as the read model would hold them before anyone but the raiser has acted. */
const facts = (state: EscalationState, definition: Procedure): EscalationFacts =>
  factsOf(state, definition, []);

const offered = (who: PolicyPerson, state: EscalationState, definition = dorset) =>
  availableActions(subjectOf(who), state, definition).map((action) => action.type);
const sees = (who: PolicyPerson, state: EscalationState, definition = dorset) =>
  maySee(subjectOf(who), definition, facts(state, definition));

describe("the tier a stage is worked at", () => {
  test("is the lowest tier acting in it; stages outside the agencies are worked at the top", () => {
    assert.equal(stageTier(dorset, "general", "stage-1"), 2);
    assert.equal(stageTier(dorset, "general", "stage-3"), 4);
    assert.equal(stageTier(dorset, "general", "stage-4"), 5);
    const top = Math.max(
      ...northamptonshire.roles.filter((role) => role.level === "agency").map((role) => role.tier),
    );
    assert.equal(stageTier(northamptonshire, "general", "stage-5"), top);
    assert.equal(stageTier(dorset, "general", "no-such-stage"), 5);
  });
});

describe("who sees an escalation", () => {
  const atStage1 = escalation(dorset, [[raise(dorset), teacher]]);
  const atStage3 = escalation(dorset, [
    [raise(dorset), teacher],
    [escalate, schoolLead],
    [escalate, schoolLead],
  ]);

  test("the raiser always; the parties' people at or above the stage's tier; nobody else", () => {
    assert.ok(sees(teacher, atStage1));
    assert.ok(sees(schoolLead, atStage1));
    assert.ok(sees(teamManager, atStage1));
    assert.ok(sees(cscHead, atStage1));
    assert.ok(!sees(otherTeacher, atStage1), "a colleague of the raiser below the stage's tier");
    assert.ok(!sees(socialWorker, atStage1), "a practitioner in the other agency");
    assert.ok(!sees(police, atStage1), "a manager in an agency not party to it");
    assert.ok(!sees(administrator, atStage1), "administrators do not read children's details");
    assert.ok(!sees({ ...teamManager, partnershipId: "p2" }, atStage1), "another partnership");
  });

  test("at stage 3 the line managers drop out unless they took part; the business team comes in", () => {
    assert.ok(sees(teacher, atStage3));
    assert.ok(!sees(teamManager, atStage3));
    assert.ok(sees(cscHead, atStage3));
    assert.ok(!sees(businessTeam, atStage1));
    assert.ok(sees(businessTeam, atStage3));
    const tookPart = { ...facts(atStage3, dorset), participantIds: ["teacher", "team-manager"] };
    assert.ok(maySee(subjectOf(teamManager), dorset, tookPart));
  });

  test("a delegate sees what the absent colleague sees; an inbox member what the role sees", () => {
    const delegate = subjectOf(socialWorker, [teamManager]);
    assert.ok(maySee(delegate, dorset, facts(atStage1, dorset)));
    const inbox = subjectOf(socialWorker, [], [{ agencyId: "csc", role: "head-of-service" }]);
    assert.ok(maySee(inbox, dorset, facts(atStage3, dorset)));
    assert.ok(
      !maySee(
        subjectOf(socialWorker, [{ ...teamManager, active: false }]),
        dorset,
        facts(atStage1, dorset),
      ),
    );
  });

  test("an inactive person sees only what they took part in, and can do nothing", () => {
    const gone = { ...teamManager, active: false };
    assert.ok(!sees(gone, atStage1));
    assert.deepEqual(offered({ ...teacher, active: false }, atStage1), []);
  });

  test("visibility flattens for SQL: tiers by agency, people, overseen stages", () => {
    const visibility = visibilityOf(
      subjectOf(socialWorker, [teamManager], [{ agencyId: "police", role: "head-of-service" }]),
      dorset,
    );
    assert.deepEqual(visibility.agencyTiers, { csc: 2, police: 4 });
    assert.deepEqual(visibility.personIds, ["social-worker", "team-manager"]);
    assert.deepEqual(visibilityOf(subjectOf(businessTeam), dorset), {
      partnershipId: "p1",
      personIds: ["business"],
      agencyTiers: {},
      overseen: [
        { track: "general", stage: "stage-3" },
        { track: "general", stage: "stage-4" },
      ],
    });
  });
});

describe("the actions offered", () => {
  test("Dorset stage 1: the managers work it; the raiser records, withdraws; others nothing", () => {
    const state = escalation(dorset, [[raise(dorset), teacher]]);
    assert.deepEqual(offered(teamManager, state), [
      "record-discussion",
      "agree-action",
      "escalate",
      "resolve",
      "redirect",
    ]);
    assert.deepEqual(offered(schoolLead, state), [
      "record-discussion",
      "agree-action",
      "escalate",
      "resolve",
      "redirect",
      "withdraw",
    ]);
    assert.deepEqual(offered(teacher, state), ["record-discussion", "agree-action", "withdraw"]);
    assert.deepEqual(offered(socialWorker, state), []);
    assert.deepEqual(offered(police, state), []);
    assert.deepEqual(offered(administrator, state), []);
    assert.ok(offered(cscHead, state).includes("extend-deadline"));
    assert.ok(!offered(teamManager, state).includes("extend-deadline"));
  });

  test("a delegate acts in the absent colleague's place, and the offer says so", () => {
    const state = escalation(dorset, [[raise(dorset), teacher]]);
    const actions = availableActions(subjectOf(socialWorker, [teamManager]), state, dorset);
    const escalating = actions.find((action) => action.type === "escalate");
    assert.equal(escalating?.capacity.kind, "delegate");
    assert.equal(escalating?.capacity.personId, "team-manager");
  });

  test("a proposed resolution is confirmed only by the other side", () => {
    const state = escalation(dorset, [
      [raise(dorset), teacher],
      [{ type: "resolve", outcome: "Agreed", outstandingIssues: "None" }, teamManager],
    ]);
    assert.ok(offered(schoolLead, state).includes("confirm-resolution"));
    assert.ok(!offered(teamManager, state).includes("confirm-resolution"));
    assert.ok(!offered(teacher, state).includes("confirm-resolution"));
  });

  test("Northamptonshire stage 5: the independent mediator runs the stage without being a party", () => {
    const steps: [Command, PolicyPerson][] = [[raise(northamptonshire), teacher]];
    const director = person("director", "school", ["director", "senior-manager", "line-manager"]);
    for (let stage = 1; stage < 5; stage++) steps.push([escalate, director]);
    const state = escalation(northamptonshire, steps);
    const mediator = person("lead", null, ["strategic-lead"]);
    assert.deepEqual(offered(mediator, state, northamptonshire), [
      "record-discussion",
      "agree-action",
      "resolve",
      "close-with-disagreement",
    ]);
    assert.ok(sees(mediator, state, northamptonshire));
  });

  test("a closed escalation offers nothing to anyone", () => {
    const state = escalation(dorset, [
      [raise(dorset), teacher],
      [{ type: "withdraw", reason: "Sorted" }, teacher],
    ]);
    for (const who of [teacher, schoolLead, teamManager, cscHead]) {
      assert.deepEqual(offered(who, state), []);
    }
  });

  test("the follow-up check is offered from its day to the raiser and either side working the stage", () => {
    const resolved = escalation(dorset, [
      [raise(dorset), teacher],
      [{ type: "resolve", outcome: "Assessment", outstandingIssues: "None" }, teamManager],
      [{ type: "confirm-resolution" }, schoolLead],
    ]);
    // Confirmed Tue 4 Mar 2025: 20 working days on is Tue 1 Apr.
    const at = (now: string) => ({ now, calendar });
    const answering = (now: string) =>
      [teacher, schoolLead, teamManager, cscHead, otherTeacher, socialWorker, police]
        .concat([businessTeam, administrator])
        .filter((who) =>
          availableActions(subjectOf(who), resolved, dorset, at(now)).some(
            (action) => action.type === "answer-follow-up",
          ),
        )
        .map((who) => who.id);
    assert.deepEqual(answering("2025-03-31T22:59:59Z"), []);
    assert.deepEqual(answering("2025-03-31T23:00:00Z"), [
      "teacher",
      "school-lead",
      "team-manager",
      "csc-head",
    ]);
    assert.deepEqual(offered(teacher, resolved), [], "without the time, it is never offered");
    const delegate = availableActions(
      subjectOf(socialWorker, [teamManager]),
      resolved,
      dorset,
      at("2025-04-01T09:00:00Z"),
    );
    assert.deepEqual(
      delegate.map((action) => [action.type, action.capacity.kind]),
      [["answer-follow-up", "delegate"]],
    );
  });
});

describe("the parts of the service", () => {
  test("raising needs an agency; administration the administrator role", () => {
    assert.ok(mayRaise(teacher));
    assert.ok(!mayRaise(businessTeam));
    assert.ok(!mayRaise(administrator));
    assert.ok(!mayRaise({ ...teacher, active: false }));
    assert.ok(mayAdminister(administrator));
    assert.ok(!mayAdminister(cscHead));
    assert.ok(!mayAdminister({ ...administrator, active: false }));
  });
});

describe("the partnership's figures", () => {
  test("are for the partnership team, and whoever covers a team member's absence", () => {
    assert.ok(maySeeFigures(subjectOf(businessTeam), dorset));
    assert.ok(!maySeeFigures(subjectOf({ ...businessTeam, active: false }), dorset));
    for (const who of [administrator, teacher, schoolLead, cscHead, police]) {
      assert.ok(!maySeeFigures(subjectOf(who), dorset), who.id);
    }
    // The team's role is Dorset's: under Northamptonshire it is called something else.
    assert.ok(!maySeeFigures(subjectOf(businessTeam), northamptonshire));
    assert.ok(maySeeFigures(subjectOf(teamManager, [businessTeam]), dorset));
  });

  test("show no count from 1 to 4, and round the rest to the nearest 5", () => {
    assert.deepEqual([0, 1, 4, 5, 7, 8, 12, 13, 1002].map(shownCount), [
      0,
      null,
      null,
      5,
      5,
      10,
      10,
      15,
      1000,
    ]);
  });
});
