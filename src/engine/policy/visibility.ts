import { currentVisit } from "../escalation/deadlines.ts";
import { SERVICE_ACTOR } from "../escalation/retention.ts";
import type { EscalationState } from "../escalation/types.ts";
import type { Procedure, Stage } from "../procedure/schema.ts";
import { type Capacity, type Subject, tierOf } from "./subject.ts";

/** What decides who may see an escalation, as the read model holds it. */
export interface EscalationFacts {
  partnershipId: string;
  track: string;
  stage: string;
  /** The seniority the current stage is worked at (see `stageTier`). */
  stageTier: number;
  raisingAgencyId: string;
  receivingAgencyIds: readonly string[];
  /** The raiser and everyone who has recorded anything on it. */
  participantIds: readonly string[];
}

/**
 * The facts of an escalation from its state and history: what the read model keeps for
 * row-level security, and what the web layer checks before showing it.
 */
export function factsOf(
  state: EscalationState,
  procedure: Procedure,
  events: readonly { actor: { personId: string } }[],
): EscalationFacts {
  const { stage } = currentVisit(state);
  return {
    partnershipId: state.registration.partnershipId,
    track: state.track,
    stage,
    stageTier: stageTier(procedure, state.track, stage),
    raisingAgencyId: state.raisingAgency,
    receivingAgencyIds: state.receivingAgencies,
    participantIds: [
      ...new Set([
        state.raisedBy.personId,
        ...events
          .map((event) => event.actor.personId)
          // Resolve itself (the retention rule) takes part in nothing.
          .filter((personId) => personId !== SERVICE_ACTOR.personId),
      ]),
    ],
  };
}

/**
 * Everything about a viewer that visibility depends on, flattened so that SQL can apply it too:
 * the escalation queries filter by it, and row-level security checks it again.
 */
export interface Visibility {
  partnershipId: string;
  /** The person and the colleagues they act for: they see what they have taken part in. */
  personIds: readonly string[];
  /** For each agency they act in, their highest tier there. */
  agencyTiers: Readonly<Record<string, number>>;
  /** The stages the procedure routes to their team or that they convene. */
  overseen: readonly { track: string; stage: string }[];
}

/**
 * The seniority a stage is worked at: the lowest tier among the agency roles that act in it.
 * Stages run outside the agencies (a mediator, a panel) are worked at the agencies' top tier.
 */
export function stageTier(procedure: Procedure, track: string, stage: string): number {
  const tiers = new Map(procedure.roles.map((role) => [role.id, role.tier]));
  const actors = procedure.tracks[track]?.stages.find(
    (candidate) => candidate.id === stage,
  )?.actors;
  const acting = (actors ?? [])
    .filter((actor) => actor.side === "raising" || actor.side === "receiving")
    .map((actor) => tiers.get(actor.role) ?? 1);
  if (acting.length > 0) return Math.min(...acting);
  const agencyTiers = procedure.roles
    .filter((role) => role.level === "agency")
    .map((role) => role.tier);
  return agencyTiers.length > 0 ? Math.max(...agencyTiers) : 1;
}

/** The track and stage pairs the partnership team oversees under a procedure. */
export function overseenStages(procedure: Procedure): { track: string; stage: string }[] {
  return Object.entries(procedure.tracks).flatMap(([track, definition]) =>
    definition.stages
      .filter((stage) => stage.partnershipOversight === true)
      .map((stage) => ({ track, stage: stage.id })),
  );
}

/** Whether the capacity runs the stage from outside the agencies: a mediator, a panel. */
export function convenes(stage: Stage, capacity: Pick<Capacity, "roles">): boolean {
  return stage.actors.some(
    (actor) =>
      (actor.side === "partnership" || actor.side === "independent") &&
      capacity.roles.includes(actor.role),
  );
}

/** Stages a capacity runs from outside the agencies: a mediator's, a commissioner's, a panel's. */
export function convenedStages(
  capacity: Pick<Capacity, "roles">,
  procedure: Procedure,
): { track: string; stage: string }[] {
  return Object.entries(procedure.tracks).flatMap(([track, definition]) =>
    definition.stages
      .filter((stage) => convenes(stage, capacity))
      .map((stage) => ({ track, stage: stage.id })),
  );
}

/** True when the capacity holds a role the procedure places at partnership level. */
export function onPartnershipTeam(capacity: Capacity, procedure: Procedure): boolean {
  return procedure.roles.some(
    (role) => role.level === "partnership" && capacity.roles.includes(role.id),
  );
}

/** A stage as row-level security names it: "track/stage". */
export function stageKey({ track, stage }: { track: string; stage: string }): string {
  return `${track}/${stage}`;
}

/** What the subject may see under the partnership's procedure, ready for SQL. */
export function visibilityOf(subject: Subject, procedure: Procedure): Visibility {
  const agencyTiers: Record<string, number> = {};
  const overseen = new Map<string, { track: string; stage: string }>();
  const personIds = new Set<string>([subject.person.id]);
  if (subject.person.active) {
    for (const capacity of subject.capacities) {
      personIds.add(capacity.personId);
      const tier = tierOf(capacity, procedure);
      if (capacity.agencyId !== null && tier > 0) {
        agencyTiers[capacity.agencyId] = Math.max(agencyTiers[capacity.agencyId] ?? 0, tier);
      }
      const routed = onPartnershipTeam(capacity, procedure) ? overseenStages(procedure) : [];
      for (const stage of [...routed, ...convenedStages(capacity, procedure)]) {
        overseen.set(stageKey(stage), stage);
      }
    }
  }
  return {
    partnershipId: subject.person.partnershipId,
    personIds: [...personIds],
    agencyTiers,
    overseen: [...overseen.values()],
  };
}

/**
 * The visibility rule, for one escalation: in the viewer's partnership, and either they (or a
 * colleague they act for) took part in it; or their team oversees its stage or they convene it;
 * or they act, at or above the tier the stage is worked at, in an agency party to it.
 * The same rule is written in SQL in the access-policy migration; a test holds the two together.
 */
export function visibleTo(visibility: Visibility, facts: EscalationFacts): boolean {
  if (facts.partnershipId !== visibility.partnershipId) return false;
  if (facts.participantIds.some((id) => visibility.personIds.includes(id))) return true;
  if (
    visibility.overseen.some(({ track, stage }) => track === facts.track && stage === facts.stage)
  )
    return true;
  return [facts.raisingAgencyId, ...facts.receivingAgencyIds].some(
    (agency) => (visibility.agencyTiers[agency] ?? 0) >= facts.stageTier,
  );
}

export function maySee(subject: Subject, procedure: Procedure, facts: EscalationFacts): boolean {
  return visibleTo(visibilityOf(subject, procedure), facts);
}
