import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import type { Calendar } from "../calendar/index.ts";
import { CHILD_STATUSES, type Procedure } from "../procedure/schema.ts";
import { deadlinesOf, type EscalationDeadline, trackOf, visitDeadline } from "./deadlines.ts";
import { decide } from "./decide.ts";
import { evolve } from "./evolve.ts";
import type { Actor, Command, Context, EscalationState } from "./types.ts";

const Instant = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}" });

export const ScenarioSchema = Type.Object(
  {
    partnership: Type.String({ minLength: 1 }),
    track: Type.Optional(Type.String({ minLength: 1 })),
    raisedAt: Instant,
    thematic: Type.Optional(Type.Boolean()),
    childSafetyDueAt: Type.Optional(Type.Union([Instant, Type.Null()])),
    childStatus: Type.Optional(Type.Union(CHILD_STATUSES.map((status) => Type.Literal(status)))),
    startStage: Type.Optional(Type.String({ minLength: 1 })),
    steps: Type.Array(
      Type.Object(
        {
          at: Instant,
          action: Type.Union([
            Type.Literal("escalate"),
            Type.Literal("next-round"),
            Type.Literal("resolve"),
            Type.Literal("close"),
          ]),
          /** Evidence for an escalation; omitted means "recorded", "" means none was given. */
          evidence: Type.Optional(Type.String()),
          childSafetyDueAt: Type.Optional(Type.Union([Instant, Type.Null()])),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type Scenario = Static<typeof ScenarioSchema>;

type DeadlineOutput = Pick<EscalationDeadline, "dueAt" | "dueDate" | "explanation">;

export interface SimulationResult {
  procedure: { id: string; version: string };
  track: string;
  status: EscalationState["status"];
  stages: (DeadlineOutput & {
    stage: string;
    round: number;
    enteredAt: string;
    leftAt: string | null;
  })[];
  target: DeadlineOutput;
  notifications: { at: string; stage: string; round: number; role: string; trigger: string }[];
}

export type Simulation = { ok: true; result: SimulationResult } | { ok: false; reason: string };

/** Checks a scenario's shape, saying what is wrong where. */
export function scenarioErrors(value: unknown): string[] {
  return [...Value.Errors(ScenarioSchema, value)].map(
    (error) => `${error.path || "scenario"}: ${error.message}`,
  );
}

const RAISING = "raising-agency";
const RECEIVING = "receiving-agency";

/** Runs a scenario through the engine, step by step, as the people in it would. */
export function simulate(scenario: Scenario, procedure: Procedure, calendar: Calendar): Simulation {
  const roles = procedure.roles.map((role) => role.id);
  const raiser: Actor = { personId: "raiser", agencyId: RAISING, roles };
  const receiver: Actor = { personId: "receiver", agencyId: RECEIVING, roles };
  const context = (now: string, actor: Actor): Context => ({ procedure, calendar, now, actor });
  const trackId = scenario.track ?? "general";
  const track = procedure.tracks[trackId];
  if (track === undefined) {
    return { ok: false, reason: `${procedure.partnership}'s procedure has no track "${trackId}".` };
  }
  const thematic = scenario.thematic ?? false;
  const category =
    track.categories?.[0] ?? procedure.categories.find((c) => c.thematic !== true || thematic)?.id;
  if (category === undefined)
    return { ok: false, reason: "The procedure declares no category to use." };

  let state: EscalationState | null = null;
  const notifications: SimulationResult["notifications"] = [];
  const apply = (command: Command, now: string, actor: Actor): string | null => {
    const decision = decide(state, command, context(now, actor));
    if (!decision.ok) return decision.rejection.reason;
    for (const event of decision.events) {
      state = evolve(state, event, "simulation");
      if (event.data.type === "notification-required") {
        const { stage, round, role, trigger } = event.data;
        notifications.push({ at: event.at, stage, round, role, trigger });
      }
    }
    return null;
  };

  const raised = apply(
    {
      type: "raise",
      escalationId: "simulation",
      registration: { partnershipId: procedure.id, reference: "SIMULATION" },
      track: trackId,
      ...(scenario.startStage === undefined ? {} : { entry: scenario.startStage }),
      thematic,
      child: thematic
        ? null
        : { reference: "AB", dateOfBirth: null, status: scenario.childStatus ?? "none" },
      raisingAgency: RAISING,
      receivingAgencies: [RECEIVING],
      category,
      details: {
        challenged: "The decision under challenge",
        tried: "Discussion between practitioners",
        evidence: { kind: "evidence", text: "Recorded in the simulation" },
        outcomeSought: "A plan that keeps the child safe",
        urgency: "routine",
      },
      childSafetyDueAt: scenario.childSafetyDueAt ?? null,
    },
    scenario.raisedAt,
    raiser,
  );
  if (raised !== null) return { ok: false, reason: raised };

  let previous = scenario.raisedAt;
  for (const [index, step] of scenario.steps.entries()) {
    const where = `Step ${index + 1} (${step.action} at ${step.at})`;
    if (Number.isNaN(Date.parse(step.at)))
      return { ok: false, reason: `${where}: not a real time.` };
    if (Date.parse(step.at) < Date.parse(previous)) {
      return { ok: false, reason: `${where}: steps must be in time order, after the raise.` };
    }
    previous = step.at;
    const rejected = runStep(step, apply, raiser, receiver);
    if (rejected !== null) return { ok: false, reason: `${where}: ${rejected}` };
  }

  const final = state as EscalationState | null;
  if (final === null) return { ok: false, reason: "The escalation was not raised." };
  const deadlineContext = { procedure, calendar };
  const target = deadlinesOf(final, deadlineContext).target;
  return {
    ok: true,
    result: {
      procedure: { id: procedure.id, version: procedure.version },
      track: trackId,
      status: final.status,
      stages: final.visits.map((visit) => {
        const deadline = visitDeadline(final, visit, deadlineContext);
        return {
          stage: visit.stage,
          round: visit.round,
          enteredAt: visit.enteredAt,
          leftAt: visit.leftAt,
          dueAt: deadline.dueAt,
          dueDate: deadline.dueDate,
          explanation: deadline.explanation,
        };
      }),
      target:
        target === null
          ? {
              dueAt: null,
              dueDate: null,
              explanation: `${trackOf(procedure, trackId).name} has no whole-escalation target.`,
            }
          : { dueAt: target.dueAt, dueDate: target.dueDate, explanation: target.explanation },
      notifications,
    },
  };
}

function runStep(
  step: Scenario["steps"][number],
  apply: (command: Command, now: string, actor: Actor) => string | null,
  raiser: Actor,
  receiver: Actor,
): string | null {
  switch (step.action) {
    case "escalate":
      return apply(
        {
          type: "escalate",
          reason: "Not resolved at this stage",
          evidence: step.evidence ?? "Recorded in the simulation",
          childSafetyDueAt: step.childSafetyDueAt ?? null,
        },
        step.at,
        raiser,
      );
    case "next-round":
      return apply({ type: "next-round", reason: "Not resolved at this tier" }, step.at, raiser);
    case "resolve":
      return (
        apply(
          { type: "resolve", outcome: "Agreed in the simulation", outstandingIssues: "None" },
          step.at,
          raiser,
        ) ?? apply({ type: "confirm-resolution" }, step.at, receiver)
      );
    case "close":
      return apply(
        {
          type: "close-with-disagreement",
          raisingPosition: "Still disagrees",
          receivingPosition: "Maintains its decision",
          planContinues: "The plan continues with closer review",
        },
        step.at,
        raiser,
      );
  }
}
