import type { FastifyRequest } from "fastify";
import { maySee } from "../../../app/access.ts";
import { actorOf, type EscalationView, loadEscalation } from "../../../app/escalations.ts";
import type { Services } from "../../../app/services.ts";
import { listAgencies, type Person, personNames } from "../../../db/directory.ts";
import { type Actor, availableActions, currentVisit } from "../../../engine/escalation/index.ts";
import { HttpError } from "../../http-error.ts";
import { signedIn } from "../../plugins/sessions.ts";
import type { Names, TimelineContext } from "../../presenters/timeline.ts";

const ESCALATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ActionType = ReturnType<typeof availableActions>[number];

/** An escalation opened for the signed-in person, who may see it. */
export interface OpenEscalation {
  person: Person;
  actor: Actor;
  view: EscalationView;
  names: Names;
  timeline: TimelineContext;
  /** What this person may do now. */
  available: ActionType[];
}

/**
 * Loads the escalation named in the URL for the signed-in person: 404 for an id that is not an
 * escalation (or not an id at all), 403 when they may not see it. Nothing else is said either way.
 */
export async function openEscalation(
  services: Services,
  request: FastifyRequest,
): Promise<OpenEscalation> {
  const person = signedIn(request);
  const id = (request.params as { id?: unknown }).id;
  if (typeof id !== "string" || !ESCALATION_ID.test(id)) {
    throw new HttpError(404, "not an escalation id");
  }
  const view = await loadEscalation(services, id.toLowerCase());
  if (view === undefined) throw new HttpError(404, "no such escalation");
  const { state, procedure } = view;
  const seen = maySee(person, procedure, {
    partnershipId: state.registration.partnershipId,
    raisingAgencyId: state.raisingAgency,
    receivingAgencyIds: state.receivingAgencies,
    track: state.track,
    stage: currentVisit(state).stage,
  });
  if (!seen) throw new HttpError(403, "not a party to this escalation, nor overseeing it");
  const names = await namesIn(services, view);
  const actor = actorOf(person);
  return {
    person,
    actor,
    view,
    names,
    timeline: {
      procedure,
      calendar: view.calendar,
      settings: view.partnership.timescaleSettings as Record<string, number | null>,
      names,
    },
    available: availableActions(state, procedure, actor),
  };
}

async function namesIn(services: Services, view: EscalationView): Promise<Names> {
  const [names, agencies] = await Promise.all([
    personNames(
      services.db,
      view.events.map((event) => event.actor.personId),
    ),
    listAgencies(services.db, view.partnership.id),
  ]);
  const agencyNames = new Map(agencies.map((agency) => [agency.id, agency.name]));
  const partnershipTeam = `${view.procedure.partnership} team`;
  return {
    person: (id) => names.get(id) ?? "Someone no longer listed",
    agency: (id) =>
      id === "" ? partnershipTeam : (agencyNames.get(id) ?? "An agency no longer listed"),
  };
}
