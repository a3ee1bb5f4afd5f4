import type { EscalationEvent, EscalationState, StageVisit } from "./types.ts";

/** Applies one event to the state it follows. Pure: the same events always give the same state. */
export function evolve(
  state: EscalationState | null,
  event: EscalationEvent,
  escalationId = state?.id ?? "",
): EscalationState {
  const { data, at, actor } = event;
  if (data.type === "escalation-raised") {
    return {
      id: escalationId,
      registration: data.registration,
      version: 1,
      procedure: data.procedure,
      track: data.track,
      entry: data.entry,
      thematic: data.thematic,
      child: data.child,
      raisedAt: at,
      raisedBy: actor,
      raisingAgency: data.raisingAgency,
      receivingAgencies: data.receivingAgencies,
      category: data.category,
      details: data.details,
      status: "open",
      visits: [],
      targetChildSafetyDueAt: null,
      discussions: [],
      actions: [],
      resolution: null,
      followUp: null,
      reopenedAt: null,
      closedAt: null,
      anonymised: null,
    };
  }
  if (state === null) throw new Error(`An escalation must be raised before ${data.type}`);
  const next = { ...state, version: state.version + 1 };
  const current = (change: (visit: StageVisit) => StageVisit): EscalationState => ({
    ...next,
    visits: state.visits.map((visit, index) =>
      index === state.visits.length - 1 ? change(visit) : visit,
    ),
  });
  const ended = (status: EscalationState["status"]): EscalationState => ({
    ...current((visit) => ({ ...visit, leftAt: at })),
    status,
    closedAt: at,
  });

  switch (data.type) {
    case "stage-entered": {
      const left = current((visit) => (visit.leftAt === null ? { ...visit, leftAt: at } : visit));
      return {
        ...left,
        status: "open",
        resolution: null,
        visits: [
          ...left.visits,
          {
            stage: data.stage,
            round: data.round,
            enteredAt: at,
            leftAt: null,
            raisedClockFrom: state.reopenedAt ?? state.raisedAt,
            partnershipNotifiedAt: null,
            childSafetyDueAt: null,
            extensions: [],
          },
        ],
      };
    }
    case "notification-required":
      return data.trigger === "entry" && data.partnership
        ? current((visit) => ({
            ...visit,
            partnershipNotifiedAt: visit.partnershipNotifiedAt ?? at,
          }))
        : next;
    case "discussion-recorded":
      return { ...next, discussions: [...state.discussions, { ...data, at, by: actor }] };
    case "action-agreed":
      return { ...next, actions: [...state.actions, { ...data, at, by: actor }] };
    case "child-safety-deadline-set":
      return data.scope === "target"
        ? { ...next, targetChildSafetyDueAt: data.dueAt }
        : current((visit) => ({ ...visit, childSafetyDueAt: data.dueAt }));
    case "deadline-extended":
      return current((visit) => ({
        ...visit,
        extensions: [
          ...visit.extensions,
          {
            previousDueAt: data.previousDueAt,
            dueAt: data.dueAt,
            reason: data.reason,
            at,
            by: actor.personId,
          },
        ],
      }));
    case "escalated":
      return current((visit) => ({ ...visit, leftAt: at }));
    case "resolution-proposed":
      return {
        ...next,
        status: "resolution-proposed",
        resolution: {
          outcome: data.outcome,
          outstandingIssues: data.outstandingIssues,
          agencyId: data.agencyId,
          proposedAt: at,
          confirmedAt: null,
        },
      };
    case "resolution-confirmed": {
      const resolved = ended("resolved");
      return {
        ...resolved,
        resolution: state.resolution === null ? null : { ...state.resolution, confirmedAt: at },
        followUp: { resolvedAt: at, answer: null },
      };
    }
    case "follow-up-confirmed":
      return state.followUp === null
        ? next
        : { ...next, followUp: { ...state.followUp, answer: { at, by: actor, note: data.note } } };
    case "escalation-reopened":
      // The stage it was resolved at is entered again next, in a new round.
      return { ...next, status: "open", closedAt: null, followUp: null, reopenedAt: at };
    case "closed-with-disagreement":
      return ended("closed-with-disagreement");
    case "withdrawn":
      return ended("withdrawn");
    case "redirected":
      return ended("redirected");
    case "escalation-anonymised":
      // Closed for good: with its details gone, there is nothing left to follow up either.
      return {
        ...next,
        anonymised: { at, retentionMonths: data.retentionMonths },
        followUp: null,
      };
  }
}

/** Rebuilds an escalation's state from its history. */
export function replay(
  escalationId: string,
  events: readonly EscalationEvent[],
): EscalationState | null {
  return events.reduce<EscalationState | null>(
    (state, event) => evolve(state, event, escalationId),
    null,
  );
}
