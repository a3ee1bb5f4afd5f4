import type { Database, Executor } from "../db/client.ts";
import { findPartnership, nextReference, type Partnership, type Person } from "../db/directory.ts";
import {
  appendEvents,
  ConcurrencyError,
  GENESIS_HASH,
  loadEvents,
  type StoredEvent,
} from "../db/escalation-store.ts";
import { type EscalationRow, saveReadModel } from "../db/read-model.ts";
import { type ActingFor, actAs, readAs } from "../db/visibility.ts";
import type { Calendar } from "../engine/calendar/index.ts";
import {
  type Actor,
  type Command,
  type DeadlineContext,
  deadlinesOf,
  decide,
  type EscalationDeadlines,
  type EscalationEvent,
  type EscalationState,
  type Rejection,
  replay,
} from "../engine/escalation/index.ts";
import { factsOf } from "../engine/policy/index.ts";
import type { Procedure } from "../engine/procedure/schema.ts";
import { messagesOnEvents } from "./notifications/on-events.ts";
import type { ProcedureStore } from "./procedure-registry.ts";
import { calendarOf } from "./procedures.ts";

/** What the escalation use cases need from outside: handed in, so tests can set the clock. */
export interface EscalationDeps {
  db: Database;
  /** Whose sight the database applies: a signed-in person's, or the service's own. */
  actingFor: ActingFor;
  procedures: ProcedureStore;
  /** The current instant, ISO 8601. */
  now: () => string;
  newId: () => string;
}

/** An escalation with everything needed to show it. */
export interface EscalationView {
  state: EscalationState;
  events: StoredEvent[];
  procedure: Procedure;
  partnership: Partnership;
  calendar: Calendar;
  deadlines: EscalationDeadlines;
}

export type RaiseInput = Omit<
  Extract<Command, { type: "raise" }>,
  "type" | "escalationId" | "registration" | "raisingAgency"
>;

export type Outcome<T> =
  | ({ ok: true } & T)
  | { ok: false; rejection: Rejection }
  | { ok: false; conflict: { changes: StoredEvent[] } };

export function actorOf(person: Person): Actor {
  return { personId: person.id, agencyId: person.agencyId ?? "", roles: person.roles };
}

function deadlineContext(
  partnership: Partnership,
  procedure: Procedure,
  calendar: Calendar,
): DeadlineContext {
  return {
    procedure,
    calendar,
    settings: partnership.timescaleSettings as Record<string, number | null>,
  };
}

/**
 * Raises an escalation under the partnership's current procedure version, with the id given
 * (the raise page's own, so that a form sent twice raises one) or a new one.
 */
export async function raiseEscalation(
  deps: EscalationDeps,
  person: Person,
  input: RaiseInput,
  id: string = deps.newId(),
): Promise<Outcome<{ id: string; reference: string }>> {
  const partnership = await requirePartnership(deps.db, person.partnershipId);
  const procedure = await deps.procedures(partnership.procedureId, partnership.procedureVersion);
  const calendar = calendarOf(partnership);
  const now = deps.now();
  const context = {
    ...deadlineContext(partnership, procedure, calendar),
    now,
    actor: actorOf(person),
  };
  const command = (reference: string): Command => ({
    ...input,
    type: "raise",
    escalationId: id,
    registration: { partnershipId: partnership.id, reference },
    raisingAgency: person.agencyId ?? "",
  });
  // Check first, so a refused raise does not use up a reference number.
  const trial = decide(null, command("unassigned"), context);
  if (!trial.ok) return trial;
  const reference = await deps.db.transaction(async (tx) => {
    await actAs(tx, deps.actingFor);
    const assigned = await nextReference(
      tx,
      partnership,
      Number(calendar.localDate(now).slice(0, 4)),
    );
    const decision = decide(null, command(assigned), context);
    if (!decision.ok) throw new Error(decision.rejection.reason);
    const stored = await appendEvents(tx, id, 0, GENESIS_HASH, decision.events);
    await project(tx, stored, partnership, procedure, calendar);
    await messagesOnEvents(tx, deps, stored, stored, { partnership, procedure, calendar });
    return assigned;
  });
  return { ok: true, id, reference };
}

/**
 * Takes an action on an escalation as it stood at `expectedVersion` (the version the person saw).
 * If it has changed since, nothing is saved and the changes are returned to show them.
 */
export async function actOnEscalation(
  deps: EscalationDeps,
  actor: Actor,
  escalationId: string,
  expectedVersion: number,
  command: Exclude<Command, { type: "raise" }>,
): Promise<Outcome<{ events: StoredEvent[] }>> {
  const view = await loadEscalation(deps, escalationId);
  if (view === undefined)
    return { ok: false, rejection: { code: "not-found", reason: "There is no such escalation." } };
  if (view.state.version !== expectedVersion) {
    return {
      ok: false,
      conflict: { changes: view.events.filter((event) => event.version > expectedVersion) },
    };
  }
  const decision = decide(view.state, command, {
    ...deadlineContext(view.partnership, view.procedure, view.calendar),
    now: deps.now(),
    actor,
  });
  if (!decision.ok) return decision;
  try {
    const events = await deps.db.transaction(async (tx) => {
      await actAs(tx, deps.actingFor);
      const previous = view.events.at(-1)?.hash ?? GENESIS_HASH;
      const stored = await appendEvents(
        tx,
        escalationId,
        expectedVersion,
        previous,
        decision.events,
      );
      await project(
        tx,
        [...view.events, ...stored],
        view.partnership,
        view.procedure,
        view.calendar,
      );
      await messagesOnEvents(tx, deps, [...view.events, ...stored], stored, view);
      return stored;
    });
    return { ok: true, events };
  } catch (error) {
    if (!(error instanceof ConcurrencyError)) throw error;
    const fresh = await readAs(deps.db, deps.actingFor, (tx) => loadEvents(tx, escalationId));
    return {
      ok: false,
      conflict: { changes: fresh.filter((event) => event.version > expectedVersion) },
    };
  }
}

/**
 * An escalation rebuilt from its events, with its procedure version, calendar and deadlines.
 * `partnership` saves reading it again where the caller has it (a signed-in request does).
 */
export async function loadEscalation(
  deps: Pick<EscalationDeps, "db" | "procedures" | "actingFor">,
  escalationId: string,
  partnership?: Partnership,
): Promise<EscalationView | undefined> {
  const events = await readAs(deps.db, deps.actingFor, (tx) => loadEvents(tx, escalationId));
  const state = replay(escalationId, events);
  if (state === null) return undefined;
  const { partnershipId } = state.registration;
  const ownPartnership =
    partnership?.id === partnershipId
      ? partnership
      : await requirePartnership(deps.db, partnershipId);
  const procedure = await deps.procedures(state.procedure.id, state.procedure.version);
  const calendar = calendarOf(ownPartnership);
  const deadlines = deadlinesOf(state, deadlineContext(ownPartnership, procedure, calendar));
  return { state, events, procedure, partnership: ownPartnership, calendar, deadlines };
}

async function requirePartnership(db: Executor, id: string): Promise<Partnership> {
  const partnership = await findPartnership(db, id);
  if (partnership === undefined) throw new Error(`No partnership ${id}`);
  return partnership;
}

/** Recomputes an escalation's read-model row from its full history, in the caller's transaction. */
export async function project(
  tx: Executor,
  events: readonly StoredEvent[],
  partnership: Partnership,
  procedure: Procedure,
  calendar: Calendar,
): Promise<void> {
  const first = events[0];
  const state = first === undefined ? null : replay(first.escalationId, events);
  if (state === null) throw new Error("An escalation's read model needs its events");
  const deadlines = deadlinesOf(state, deadlineContext(partnership, procedure, calendar));
  await saveReadModel(tx, readModelRow(state, deadlines, procedure, events));
}

export function readModelRow(
  state: EscalationState,
  deadlines: EscalationDeadlines,
  procedure: Procedure,
  events: readonly EscalationEvent[],
): EscalationRow {
  // When people last changed it: removing its details under the retention rule is not that.
  const updatedAt =
    events.findLast((event) => event.data.type !== "escalation-anonymised")?.at ?? state.raisedAt;
  const facts = factsOf(state, procedure, events);
  const visit = state.visits.at(-1);
  if (visit === undefined) throw new Error(`Escalation ${state.id} has not entered a stage`);
  const running = state.status === "open" || state.status === "resolution-proposed";
  const dues = [
    deadlines.stage.dueAt,
    deadlines.target?.dueAt ?? null,
    ...deadlines.clocks.map((clock) => clock.dueAt),
  ]
    .filter((due): due is string => due !== null)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  return {
    id: state.id,
    partnershipId: state.registration.partnershipId,
    reference: state.registration.reference,
    procedureId: state.procedure.id,
    procedureVersion: state.procedure.version,
    track: state.track,
    thematic: state.thematic,
    childReference: state.child?.reference ?? null,
    childDateOfBirth: state.child?.dateOfBirth ?? null,
    childStatus: state.child?.status ?? null,
    category: state.category,
    summary: state.details.challenged.slice(0, 300),
    raisingAgencyId: state.raisingAgency,
    receivingAgencyIds: [...state.receivingAgencies],
    raisedBy: state.raisedBy.personId,
    raisedAt: state.raisedAt,
    status: state.status,
    stage: visit.stage,
    stageTier: facts.stageTier,
    round: visit.round,
    stageEnteredAt: visit.enteredAt,
    stageDueAt: deadlines.stage.dueAt,
    targetDueAt: deadlines.target?.dueAt ?? null,
    nextDueAt: running ? (dues[0] ?? null) : null,
    followUpDueAt: deadlines.followUp?.fallsDueAt ?? null,
    closedAt: state.closedAt,
    updatedAt,
    anonymisedAt: state.anonymised?.at ?? null,
    version: state.version,
    participantIds: [...facts.participantIds],
  };
}
