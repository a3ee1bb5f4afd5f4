// What every page of the raise journey needs to know about the person raising: their partnership,
// the procedure version it runs now, its calendar, and the other agencies they can challenge.
import { actorOf, type RaiseInput } from "../../../app/escalations.ts";
import { calendarOf } from "../../../app/procedures.ts";
import type { Services } from "../../../app/services.ts";
import {
  type Agency,
  findPartnership,
  listAgencies,
  type Partnership,
  type Person,
} from "../../../db/directory.ts";
import type { Calendar } from "../../../engine/calendar/index.ts";
import {
  deadlinesOf,
  decide,
  type EscalationDeadline,
  type EscalationState,
  evolve,
  type Rejection,
  stageOf,
} from "../../../engine/escalation/index.ts";
import { mayRaise } from "../../../engine/policy/index.ts";
import type { Procedure, Stage } from "../../../engine/procedure/schema.ts";

export interface RaiseContext {
  services: Services;
  person: Person & { agencyId: string };
  partnership: Partnership;
  procedure: Procedure;
  calendar: Calendar;
  /** The partnership's other active agencies, by name: the ones this person can challenge. */
  otherAgencies: Agency[];
  /** The person's own agency's name. */
  agencyName: string;
  /** Now, and today's date in the partnership's time zone. */
  now: string;
  today: string;
}

/** The context, or null when the person belongs to no agency (only agencies raise escalations). */
export async function raiseContext(
  services: Services,
  person: Person,
): Promise<RaiseContext | null> {
  const { agencyId } = person;
  if (agencyId === null || !mayRaise(person)) return null;
  const partnership = await findPartnership(services.db, person.partnershipId);
  if (partnership === undefined) throw new Error(`No partnership ${person.partnershipId}`);
  const procedure = await services.procedures(
    partnership.procedureId,
    partnership.procedureVersion,
  );
  const calendar = calendarOf(partnership);
  const agencies = await listAgencies(services.db, partnership.id);
  const now = services.now();
  return {
    services,
    person: { ...person, agencyId },
    partnership,
    procedure,
    calendar,
    otherAgencies: agencies.filter((agency) => agency.active && agency.id !== agencyId),
    agencyName: agencies.find((agency) => agency.id === agencyId)?.name ?? "your agency",
    now,
    today: calendar.localDate(now),
  };
}

/** Where an escalation raised now would start, and its deadline there. */
export interface Preview {
  stage: Stage;
  deadline: EscalationDeadline;
  target: EscalationDeadline | null;
}

/**
 * Asks the engine, without saving anything, whether it would raise this escalation now: its
 * reasons if not (shown on the form, before the person checks their answers), else where it
 * would start and when that stage would be due. raiseEscalation decides again when it is raised.
 */
export function previewRaise(
  context: RaiseContext,
  input: RaiseInput,
): { ok: true; preview: Preview } | { ok: false; rejection: Rejection } {
  const { procedure, calendar, partnership, person, now } = context;
  const deadlineContext = {
    procedure,
    calendar,
    settings: partnership.timescaleSettings as Record<string, number | null>,
  };
  const decision = decide(
    null,
    {
      ...input,
      type: "raise",
      escalationId: "preview",
      registration: { partnershipId: partnership.id, reference: "preview" },
      raisingAgency: person.agencyId,
    },
    { ...deadlineContext, now, actor: actorOf(person) },
  );
  if (!decision.ok) return decision;
  let state: EscalationState | null = null;
  for (const event of decision.events) state = evolve(state, event, "preview");
  if (state === null) throw new Error("A raise decided no events");
  const deadlines = deadlinesOf(state, deadlineContext);
  const stageId = state.visits.at(-1)?.stage ?? "";
  return {
    ok: true,
    preview: {
      stage: stageOf(procedure, state.track, stageId),
      deadline: deadlines.stage,
      target: deadlines.target,
    },
  };
}
