// The confirmation: the escalation's reference, where it started, its deadline and why, and what
// happens next. Only the person who raised it sees this page; everyone else is told it is not found.
import type { FastifyInstance } from "fastify";
import { accessOf, actingFor } from "../../../../app/access.ts";
import { deadlineStatus } from "../../../../app/deadline-status.ts";
import { type EscalationView, loadEscalation } from "../../../../app/escalations.ts";
import type { Services } from "../../../../app/services.ts";
import { listAgencies } from "../../../../db/directory.ts";
import type { Calendar } from "../../../../engine/calendar/index.ts";
import { dueWords } from "../../../../engine/escalation/deadlines.ts";
import {
  currentVisit,
  type EscalationDeadline,
  stageOf,
} from "../../../../engine/escalation/index.ts";
import { sentenceCase } from "../../../forms/index.ts";
import { signedIn } from "../../../plugins/sessions.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function confirmationRoutes(
  app: FastifyInstance,
  { services }: { services: Services },
) {
  app.get<{ Params: { id: string } }>("/raise/raised/:id", async (request, reply) => {
    const person = signedIn(request);
    const { id } = request.params;
    const acting = actingFor(services, await accessOf(services, person));
    const view = UUID.test(id) ? await loadEscalation(acting, id) : undefined;
    if (view === undefined || view.state.raisedBy.personId !== person.id)
      return reply.callNotFound();
    const agencies = await listAgencies(services.db, view.partnership.id);
    return reply.render("raise/confirmation/confirmation.njk", {
      ...confirmation(
        view,
        services.now(),
        (agencyId) => agencies.find((a) => a.id === agencyId)?.name,
      ),
    });
  });
}

/** What the confirmation shows, in words. */
export function confirmation(
  view: EscalationView,
  now: string,
  agencyName: (id: string) => string | undefined,
) {
  const { state, procedure, calendar, deadlines, events } = view;
  const stage = stageOf(procedure, state.track, currentVisit(state).stage);
  const roleName = (id: string) => procedure.roles.find((role) => role.id === id)?.name ?? id;
  const sideRoles = (side: string) =>
    stage.actors.filter((actor) => actor.side === side).map((actor) => roleName(actor.role));
  const told = events
    .map((event) => event.data)
    .filter((data) => data.type === "notification-required")
    .map((data) => roleName(data.role));
  return {
    id: state.id,
    reference: state.registration.reference,
    stage: { name: stage.name, summary: stage.summary },
    actors: {
      raising: sideRoles("raising"),
      receiving: sideRoles("receiving"),
      others: [...sideRoles("partnership"), ...sideRoles("independent")],
    },
    receivingAgencies: state.receivingAgencies.map(
      (agencyId) => agencyName(agencyId) ?? "the other agency",
    ),
    told: [...new Set(told)],
    thematic: state.thematic,
    deadline: describeDeadline(deadlines.stage, now, calendar),
    target: deadlines.target === null ? null : describeDeadline(deadlines.target, now, calendar),
  };
}

function describeDeadline(deadline: EscalationDeadline, now: string, calendar: Calendar) {
  const words = (dueAt: string | null) => (dueAt === null ? null : dueWords(dueAt, calendar));
  const status = deadlineStatus(deadline.dueAt, now, calendar);
  const protectsChild =
    deadline.childSafetyDueAt !== null && deadline.dueAt === deadline.childSafetyDueAt;
  return {
    name: deadline.name,
    due: words(deadline.dueAt),
    explanation: sentenceCase(deadline.explanation),
    /** Set when a deadline protecting the child is the one that applies: the procedure's own too. */
    childSafety: protectsChild ? words(deadline.childSafetyDueAt) : null,
    procedureDue: protectsChild ? words(deadline.procedureDueAt) : null,
    tag: {
      dueAt: status.dueAt,
      dueDate: words(deadline.dueAt),
      workingDaysLeft: status.workingDaysLeft,
      overdue: status.overdue,
    },
  };
}
