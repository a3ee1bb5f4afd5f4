import type { FastifyRequest } from "fastify";
import { type Access, actingFor } from "../../../app/access.ts";
import { recordViewing } from "../../../app/child-detail-views.ts";
import { type EscalationView, loadEscalation } from "../../../app/escalations.ts";
import type { Services } from "../../../app/services.ts";
import type { ViewedPart } from "../../../db/child-detail-views.ts";
import { type Person, personNames } from "../../../db/directory.ts";
import {
  type ActionType,
  availableActions,
  factsOf,
  maySee,
  type Offered,
} from "../../../engine/policy/index.ts";
import { HttpError } from "../../http-error.ts";
import { signedIn, signedInAccess } from "../../plugins/sessions.ts";
import type { Names, TimelineContext } from "../../presenters/timeline.ts";

const ESCALATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type { ActionType };

/** An escalation opened for the signed-in person, who may see it. */
export interface OpenEscalation {
  person: Person;
  access: Access;
  view: EscalationView;
  names: Names;
  timeline: TimelineContext;
  /** What this person may do now, and in which capacity. */
  offered: Offered[];
  /** The types of those actions. */
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
  const access = signedInAccess(request);
  // The database shows the person only what they may see: someone else's escalation is not
  // there for them, exactly as an id that was never used is not (row-level security).
  const view = await loadEscalation(
    actingFor(services, access),
    id.toLowerCase(),
    access.partnership,
  );
  if (view === undefined) throw new HttpError(404, "no such escalation, or not one they may see");
  const { state, procedure } = view;
  if (!maySee(access.subject, procedure, factsOf(state, procedure, view.events))) {
    throw new HttpError(404, "not an escalation this person may see");
  }
  const names = await namesIn(services, view, access);
  const offered = availableActions(access.subject, state, procedure, {
    now: services.now(),
    calendar: view.calendar,
    settings: view.partnership.timescaleSettings as Record<string, number | null>,
  });
  return {
    person,
    access,
    view,
    names,
    timeline: {
      procedure,
      calendar: view.calendar,
      settings: view.partnership.timescaleSettings as Record<string, number | null>,
      names,
    },
    offered,
    available: offered.map((action) => action.type),
  };
}

/**
 * Opens the escalation to show its child's details (its page, its printable record), recording
 * first that this person is shown them: a view that cannot be recorded fails the request, so
 * nothing is shown unrecorded. A HEAD request is sent no page, so it shows nothing and records
 * nothing. Forms and other pages that show no child details use `openEscalation` alone.
 */
export async function viewEscalation(
  services: Services,
  request: FastifyRequest,
  viewed: ViewedPart,
): Promise<OpenEscalation> {
  const open = await openEscalation(services, request);
  if (request.method === "HEAD") return open;
  await recordViewing(services, open.access, open.view, viewed);
  return open;
}

/** The names of the people and agencies in the escalation (its partnership is the person's). */
async function namesIn(services: Services, view: EscalationView, access: Access): Promise<Names> {
  const names = await personNames(
    services.db,
    view.events.map((event) => event.actor.personId),
  );
  const agencyNames = new Map(access.agencies.map((agency) => [agency.id, agency.name]));
  const partnershipTeam = `${view.procedure.partnership} team`;
  return {
    person: (id) => names.get(id) ?? "Someone no longer listed",
    agency: (id) =>
      id === "" ? partnershipTeam : (agencyNames.get(id) ?? "An agency no longer listed"),
  };
}
