import {
  currentVisit,
  type DeadlineContext,
  followUpDue,
  stageOf,
  trackOf,
} from "../escalation/deadlines.ts";
import type { CommandType, EscalationState } from "../escalation/types.ts";
import type { Procedure, Stage } from "../procedure/schema.ts";
import { type Capacity, type Subject, tierOf } from "./subject.ts";
import { convenes, stageTier } from "./visibility.ts";

export type ActionType = Exclude<CommandType, "raise">;

/** An action open to the subject now, and the capacity they take it in. */
export interface Offered {
  type: ActionType;
  capacity: Capacity;
}

/**
 * The actions to offer the subject now, in the order a page lists them. An action is open when
 * the procedure allows it at the current stage and one of the subject's capacities may take it:
 * - working the stage (discussions, actions, deadlines, escalating, resolving, closing,
 *   redirecting) belongs to the parties' people at or above the tier the stage is worked at, and
 *   to whoever convenes a stage run outside the agencies (who may resolve or close it too);
 * - the raiser may always record a discussion, agree an action, set a child-safety deadline and
 *   withdraw their own escalation;
 * - confirming a resolution belongs to the side that did not propose it;
 * - extending a deadline belongs to the roles the procedure names;
 * - once its day has come (`at` gives the time and calendar; without it, it is never offered), the
 *   follow-up check of a resolution is answered by the raiser or either side's people at or above
 *   the tier of the stage it was resolved at: the resolution was agreed between the parties, who
 *   own its actions and pursue what is outstanding.
 * The capacity is the first that allows the action: the person's own before a colleague's.
 * The engine still checks every command.
 */
export function availableActions(
  subject: Subject,
  state: EscalationState,
  procedure: Procedure,
  at?: { now: string } & Omit<DeadlineContext, "procedure">,
): Offered[] {
  if (!subject.person.active) return [];
  if (state.registration.partnershipId !== subject.person.partnershipId) return [];
  const stage = stageOf(procedure, state.track, currentVisit(state).stage);
  const here: Here = {
    state,
    procedure,
    stage,
    parties: [state.raisingAgency, ...state.receivingAgencies],
    tier: stageTier(procedure, state.track, stage.id),
    followUpOpen: at !== undefined && followUpDue(state, { ...at, procedure }, at.now) !== null,
  };
  const offered: Offered[] = [];
  for (const type of actionsInOrder(here)) {
    const capacity = subject.capacities.find((candidate) => allows(here, candidate, type));
    if (capacity !== undefined) offered.push({ type, capacity });
  }
  return offered;
}

/** Where the escalation stands, worked out once for every action and capacity asked about. */
interface Here {
  state: EscalationState;
  procedure: Procedure;
  stage: Stage;
  parties: readonly string[];
  /** The tier the stage is worked at. */
  tier: number;
  /** The follow-up check of its resolution can be answered now. */
  followUpOpen: boolean;
}

/** Every action the procedure could allow now, whoever asks. */
function actionsInOrder({ state, procedure, stage, followUpOpen }: Here): ActionType[] {
  const leaves = (outcome: string) =>
    stage.outcomes.some((candidate) => candidate.outcome === outcome);
  if (state.status === "resolution-proposed") {
    return [
      "confirm-resolution",
      "record-discussion",
      "agree-action",
      ...(leaves("escalate") ? (["escalate"] as const) : []),
      "withdraw",
    ];
  }
  if (state.status === "resolved" && followUpOpen) return ["answer-follow-up"];
  if (state.status !== "open") return [];
  const override =
    stage.childSafetyOverride === true ||
    trackOf(procedure, state.track).target?.childSafetyOverride === true;
  return [
    "record-discussion",
    "agree-action",
    ...(override ? (["set-child-safety-deadline"] as const) : []),
    ...(stage.deadline !== undefined ? (["extend-deadline"] as const) : []),
    ...(leaves("escalate") ? (["escalate"] as const) : []),
    ...(stage.repeats !== undefined ? (["next-round"] as const) : []),
    ...(leaves("resolve") ? (["resolve"] as const) : []),
    ...(leaves("close-with-disagreement") ? (["close-with-disagreement"] as const) : []),
    "redirect",
    "withdraw",
  ];
}

function allows(here: Here, capacity: Capacity, type: ActionType): boolean {
  const { state, procedure, stage, parties } = here;
  const party =
    capacity.agencyId !== null &&
    parties.includes(capacity.agencyId) &&
    tierOf(capacity, procedure) >= here.tier;
  const raiser = capacity.kind !== "inbox" && capacity.personId === state.raisedBy.personId;
  const convening = state.status === "open" && convenes(stage, capacity);
  switch (type) {
    case "record-discussion":
    case "agree-action":
      return party || convening || raiser;
    case "set-child-safety-deadline":
      return party || raiser;
    case "extend-deadline":
      return (
        (party || convening) &&
        procedure.deadlineExtension.roles.some((role) => capacity.roles.includes(role))
      );
    case "confirm-resolution":
      return party && capacity.agencyId !== state.resolution?.agencyId;
    case "resolve":
    case "close-with-disagreement":
      return party || (convening && !parties.includes(capacity.agencyId ?? ""));
    case "escalate":
    case "next-round":
    case "redirect":
      return party;
    case "withdraw":
      return raiser || (party && capacity.agencyId === state.raisingAgency);
    case "answer-follow-up":
      return raiser || party;
  }
}
