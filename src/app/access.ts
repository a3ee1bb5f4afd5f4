import type { Person } from "../db/directory.ts";
import type { Viewer } from "../db/escalation-queries.ts";
import type { Procedure } from "../engine/procedure/schema.ts";

// Who may see which escalations, for now: their agency's, and those the procedure routes to the
// partnership team. The full access model (a pure policy module, row-level security) comes later.

/** The track and stage pairs the partnership team oversees under a procedure. */
export function overseenStages(procedure: Procedure): { track: string; stage: string }[] {
  return Object.entries(procedure.tracks).flatMap(([track, definition]) =>
    definition.stages
      .filter((stage) => stage.partnershipOversight === true)
      .map((stage) => ({ track, stage: stage.id })),
  );
}

/** True when the person holds a role the procedure places at partnership level. */
export function onPartnershipTeam(person: Person, procedure: Procedure): boolean {
  return procedure.roles.some(
    (role) => role.level === "partnership" && person.roles.includes(role.id),
  );
}

/** Stages the person runs from outside the agencies: a mediator's, a commissioner's, a panel's. */
export function convenedStages(
  person: Person,
  procedure: Procedure,
): { track: string; stage: string }[] {
  return Object.entries(procedure.tracks).flatMap(([track, definition]) =>
    definition.stages
      .filter((stage) =>
        stage.actors.some(
          (actor) =>
            (actor.side === "partnership" || actor.side === "independent") &&
            person.roles.includes(actor.role),
        ),
      )
      .map((stage) => ({ track, stage: stage.id })),
  );
}

export function viewerFor(person: Person, procedure: Procedure): Viewer {
  const team = onPartnershipTeam(person, procedure) ? overseenStages(procedure) : [];
  const convened = convenedStages(person, procedure).filter(
    (stage) => !team.some((routed) => routed.track === stage.track && routed.stage === stage.stage),
  );
  return {
    partnershipId: person.partnershipId,
    agencyId: person.agencyId,
    oversees: [...team, ...convened],
  };
}

/** Whether the person may see an escalation: the same rule as the log's query, for one row. */
export function maySee(
  person: Person,
  procedure: Procedure,
  escalation: {
    partnershipId: string;
    raisingAgencyId: string;
    receivingAgencyIds: readonly string[];
    track: string;
    stage: string;
  },
): boolean {
  const viewer = viewerFor(person, procedure);
  if (escalation.partnershipId !== viewer.partnershipId) return false;
  const parties = [escalation.raisingAgencyId, ...escalation.receivingAgencyIds];
  if (viewer.agencyId !== null && parties.includes(viewer.agencyId)) return true;
  return viewer.oversees.some(
    (routed) => routed.track === escalation.track && routed.stage === escalation.stage,
  );
}
