import type { Procedure } from "../procedure/schema.ts";
import { currentVisit, stageOf, trackOf } from "./deadlines.ts";
import type { Actor, CommandType, EscalationState } from "./types.ts";

/**
 * The actions to offer this person now: those the procedure allows at the current stage and
 * that their part in the escalation lets them take. The engine still checks every command.
 */
export function availableActions(
  state: EscalationState,
  procedure: Procedure,
  actor: Actor,
): Exclude<CommandType, "raise">[] {
  const parties = [state.raisingAgency, ...state.receivingAgencies];
  const party = parties.includes(actor.agencyId);
  if (state.status === "resolution-proposed") {
    const confirm = party && actor.agencyId !== state.resolution?.agencyId;
    return [
      ...(confirm ? (["confirm-resolution"] as const) : []),
      ...(party ? (["record-discussion", "agree-action", "escalate"] as const) : []),
      ...(actor.agencyId === state.raisingAgency ? (["withdraw"] as const) : []),
    ].filter((action) => action !== "escalate" || canLeaveBy(state, procedure, "escalate"));
  }
  if (state.status !== "open") return [];
  const stage = stageOf(procedure, state.track, currentVisit(state).stage);
  const target = trackOf(procedure, state.track).target;
  // A mediator, commissioner or panel convener runs their stage without being a party to it.
  const convenes = stage.actors.some(
    (role) =>
      (role.side === "partnership" || role.side === "independent") &&
      actor.roles.includes(role.role),
  );
  const actions: Exclude<CommandType, "raise">[] = [];
  if (party || convenes) actions.push("record-discussion", "agree-action");
  if (convenes && !party) {
    if (canLeaveBy(state, procedure, "resolve")) actions.push("resolve");
    if (canLeaveBy(state, procedure, "close-with-disagreement"))
      actions.push("close-with-disagreement");
  }
  if (party) {
    if (stage.childSafetyOverride === true || target?.childSafetyOverride === true) {
      actions.push("set-child-safety-deadline");
    }
  }
  if (
    stage.deadline !== undefined &&
    procedure.deadlineExtension.roles.some((role) => actor.roles.includes(role))
  ) {
    actions.push("extend-deadline");
  }
  if (party) {
    if (canLeaveBy(state, procedure, "escalate")) actions.push("escalate");
    if (stage.repeats !== undefined) actions.push("next-round");
    if (canLeaveBy(state, procedure, "resolve")) actions.push("resolve");
    if (canLeaveBy(state, procedure, "close-with-disagreement"))
      actions.push("close-with-disagreement");
    actions.push("redirect");
  }
  if (actor.agencyId === state.raisingAgency) actions.push("withdraw");
  return actions;
}

function canLeaveBy(state: EscalationState, procedure: Procedure, outcome: string): boolean {
  const stage = stageOf(procedure, state.track, currentVisit(state).stage);
  return stage.outcomes.some((candidate) => candidate.outcome === outcome);
}
