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

export function viewerFor(person: Person, procedure: Procedure): Viewer {
  return {
    partnershipId: person.partnershipId,
    agencyId: person.agencyId,
    oversees: onPartnershipTeam(person, procedure) ? overseenStages(procedure) : [],
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
