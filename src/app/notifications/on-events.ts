import type { Executor } from "../../db/client.ts";
import type { Partnership } from "../../db/directory.ts";
import type { StoredEvent } from "../../db/escalation-store.ts";
import { enqueueMessages, type NewMessage } from "../../db/messages.ts";
import { directoryRows } from "../../db/recipients.ts";
import type { Calendar } from "../../engine/calendar/index.ts";
import {
  currentVisit,
  deadlinesOf,
  type EscalationState,
  type EventData,
  replay,
} from "../../engine/escalation/index.ts";
import { factsOf } from "../../engine/policy/index.ts";
import type { Procedure } from "../../engine/procedure/schema.ts";
import type { EscalationDeps } from "../escalations.ts";
import { Audience, roleHolders, stageOwners } from "./audience.ts";
import { type AboutEscalation, deadlineLine, dueWords, messageFor, stageName } from "./wording.ts";

// Messages caused by an escalation's new events, written in the same transaction as the events:
// - the people a procedure says must be told (its `notification-required` events): the role's
//   holders, inboxes and delegates, as src/app/notifications/audience.ts finds them;
// - the raising practitioner (and whoever covers for them while they are away), told of every
//   decision on their escalation that someone else made;
// - the people who act at a stage the escalation has just entered (raised, escalated, a new round,
//   reopened), told that it waits on them, rather than first hearing of it in the reminder before
//   its deadline. Anyone told something else by the same command is not told this as well.
// Each recipient must be able to see the escalation under the access policy: anyone who cannot
// is sent nothing, since a message they could not follow would only tell them it exists.

/** Where the escalation is filed and the rules it runs under. */
export interface Setting {
  partnership: Partnership;
  procedure: Procedure;
  calendar: Calendar;
}

/**
 * Writes the messages the new events call for. `history` is every event of the escalation, the
 * new ones (`fresh`) last. Reads the directory only when someone is to be told.
 */
export async function messagesOnEvents(
  tx: Executor,
  deps: Pick<EscalationDeps, "procedures" | "newId">,
  history: readonly StoredEvent[],
  fresh: readonly StoredEvent[],
  { partnership, procedure, calendar }: Setting,
): Promise<void> {
  const last = fresh.at(-1);
  if (last === undefined) return;
  const state = replay(last.escalationId, history);
  if (state === null) return;
  const actorId = last.actor.personId;
  const decision =
    state.raisedBy.personId === actorId ? null : decisionIn(fresh, state, procedure, calendar);
  const notices = fresh.filter(
    (
      event,
    ): event is StoredEvent & { data: Extract<EventData, { type: "notification-required" }> } =>
      event.data.type === "notification-required",
  );
  // Reopened by its follow-up check: those who agreed the resolution are told, as is the raiser.
  const reopened = fresh.find((event) => event.data.type === "escalation-reopened");
  const entered = fresh.findLast((event) => event.data.type === "stage-entered");
  if (
    decision === null &&
    notices.length === 0 &&
    reopened === undefined &&
    entered === undefined
  ) {
    return;
  }

  const visit = currentVisit(state);
  const where = { ...factsOf(state, procedure, history), round: visit.round };
  const audience = new Audience(
    await directoryRows(tx, partnership.id, calendar.localDate(last.at)),
    await deps.procedures(partnership.procedureId, partnership.procedureVersion),
  );
  const deadlines = deadlinesOf(state, {
    procedure,
    calendar,
    settings: partnership.timescaleSettings as Record<string, number | null>,
  });
  const about: AboutEscalation = {
    id: state.id,
    partnershipId: partnership.id,
    reference: state.registration.reference,
    stageName: stageName(procedure, { track: state.track, ...visit }),
    deadline: deadlineLine(
      deadlines.stage.dueAt,
      state.status === "open" || state.status === "resolution-proposed",
      calendar,
    ),
  };
  const tell = (ids: readonly string[], version: number, kind: string, words: Words) =>
    audience
      .whoMaySee(audience.withDelegates(ids), where)
      .filter((person) => person.id !== actorId)
      .map(
        (person): NewMessage =>
          messageFor(person, about, {
            key: `event:${state.id}:${version}:${person.id}`,
            kind,
            ...words,
          }),
      );

  const messages: NewMessage[] = [];
  if (decision !== null) {
    messages.push(...tell([state.raisedBy.personId], decision.version, "decision", decision));
  }
  if (reopened !== undefined) {
    const agreed = ["resolution-proposed", "resolution-confirmed"].map(
      (type) =>
        history.findLast((event) => event.data.type === type && event.version < reopened.version)
          ?.actor.personId ?? "",
    );
    const ref = about.reference;
    messages.push(
      ...tell(
        agreed.filter((id) => id !== state.raisedBy.personId),
        reopened.version,
        "decision",
        {
          subject: `${ref} has been reopened`,
          lead: `Escalation ${ref}, whose resolution you agreed, has been reopened: its follow-up check found that the agreed actions had not happened. It is back at ${about.stageName}.`,
        },
      ),
    );
  }
  for (const notice of notices) {
    const role = procedure.roles.find((candidate) => candidate.id === notice.data.role);
    const holders = roleHolders(audience, procedure, notice.data.role, where);
    const words = noticeWords(
      notice.data,
      state,
      about.reference,
      procedure,
      role?.name ?? notice.data.role,
    );
    messages.push(...tell(holders, notice.version, "procedure-notice", words));
  }
  if (entered !== undefined && state.status === "open") {
    const told = new Set(messages.map((message) => message.recipientPersonId));
    const owners = stageOwners(audience, procedure, where).all;
    const ref = about.reference;
    messages.push(
      ...tell(owners, entered.version, "stage-entered", {
        subject: `${ref} is waiting on you at ${about.stageName}`,
        lead: `Escalation ${ref} is now at ${about.stageName}, a stage you act at.`,
      }).filter((message) => !told.has(message.recipientPersonId)),
    );
  }
  await enqueueMessages(tx, messages, last.at, deps.newId);
}

interface Words {
  subject: string;
  lead: string;
}

/**
 * What the raiser is told of one decision (the events of one command): a subject from its main
 * event and a sentence for each event that changed where the escalation stands. Discussions and
 * agreed actions are the work of a stage, not decisions about the escalation.
 */
function decisionIn(
  fresh: readonly StoredEvent[],
  state: EscalationState,
  procedure: Procedure,
  calendar: Calendar,
): (Words & { version: number }) | null {
  const ref = state.registration.reference;
  const escalated = fresh.some((event) => event.data.type === "escalated");
  const name = (stage: string, round = 1) =>
    stageName(procedure, { track: state.track, stage, round });
  const current = name(currentVisit(state).stage, currentVisit(state).round);
  const said = fresh.flatMap((event) => {
    const words = decisionWords(event.data, { ref, escalated, name, current, calendar });
    return words === null ? [] : [{ ...words, version: event.version }];
  });
  const first = said[0];
  if (first === undefined) return null;
  return {
    version: first.version,
    subject: first.subject,
    lead: [...new Set(said.map((words) => words.lead))].join(" "),
  };
}

function decisionWords(
  data: EventData,
  context: {
    ref: string;
    escalated: boolean;
    name: (stage: string, round?: number) => string;
    current: string;
    calendar: Calendar;
  },
): Words | null {
  const { ref, name, current, calendar } = context;
  switch (data.type) {
    case "escalated":
      return {
        subject: `${ref} has been escalated to ${name(data.to)}`,
        lead: `Escalation ${ref}, which you raised, has been escalated to ${name(data.to)}.`,
      };
    case "stage-entered":
      // Entering the first stage is the raise itself; entering the next is told as the escalation.
      // Reopening is told as such (below).
      if (data.reason === "raised" || data.reason === "reopened" || context.escalated) return null;
      return {
        subject: `${ref} is now at ${name(data.stage, data.round)}`,
        lead: `Escalation ${ref}, which you raised, is now at ${name(data.stage, data.round)}.`,
      };
    case "resolution-proposed":
      return {
        subject: `${ref}: a resolution has been proposed`,
        lead: `A resolution of escalation ${ref}, which you raised, has been proposed. It is settled once the other side confirms it.`,
      };
    case "resolution-confirmed":
      return {
        subject: `${ref} has been resolved`,
        lead: `Escalation ${ref}, which you raised, has been resolved: both sides have confirmed the resolution.`,
      };
    case "closed-with-disagreement":
      return {
        subject: `${ref} has been closed with the disagreement recorded`,
        lead: `Escalation ${ref}, which you raised, has been closed without agreement. Each side's position is recorded on the escalation.`,
      };
    case "withdrawn":
      return {
        subject: `${ref} has been withdrawn`,
        lead: `Escalation ${ref}, which you raised, has been withdrawn.`,
      };
    case "redirected":
      return {
        subject: `${ref} has been redirected`,
        lead: `Escalation ${ref}, which you raised, has been redirected to be dealt with outside this procedure.`,
      };
    case "follow-up-confirmed":
      return {
        subject: `${ref}: the agreed actions happened`,
        lead: `The follow-up check of escalation ${ref}, which you raised, found that the agreed actions happened. It stays resolved.`,
      };
    case "escalation-reopened":
      return {
        subject: `${ref} has been reopened`,
        lead: `Escalation ${ref}, which you raised, has been reopened: its follow-up check found that the agreed actions had not happened. It is back at ${current}.`,
      };
    case "child-safety-deadline-set":
      return {
        subject: `${ref}: an earlier deadline has been set to protect the child`,
        lead:
          data.scope === "stage"
            ? `An earlier deadline has been set to protect the child: ${current} of escalation ${ref} is now due by ${dueWords(data.dueAt, calendar)}.`
            : `An earlier deadline has been set to protect the child: escalation ${ref} as a whole is now due by ${dueWords(data.dueAt, calendar)}.`,
      };
    case "deadline-extended":
      return {
        subject: `${ref}: the deadline has been extended`,
        lead: `The deadline for ${current} of escalation ${ref} has been extended from ${dueWords(data.previousDueAt, calendar)} to ${dueWords(data.dueAt, calendar)}.`,
      };
    default:
      return null;
  }
}

/** What the holders of a role are told when the procedure says they must be. */
function noticeWords(
  notice: Extract<EventData, { type: "notification-required" }>,
  state: EscalationState,
  ref: string,
  procedure: Procedure,
  roleName: string,
): Words {
  const stage = stageName(procedure, { track: state.track, ...notice });
  // The procedure's note is left out: one such as "when the child is looked after" would say
  // the child's status.
  const why = `You are told as ${roleName}: ${procedure.partnership}'s procedure asks for this`;
  if (notice.trigger === "entry") {
    return {
      subject: `${ref} has reached ${stage}`,
      lead: `Escalation ${ref} has reached ${stage}. ${why} when an escalation reaches this stage.`,
    };
  }
  const ended =
    state.status === "closed-with-disagreement"
      ? "it was closed without agreement, with each side's position recorded"
      : "it has been resolved";
  return {
    subject: `${ref}: the outcome of ${stage}`,
    lead: `Escalation ${ref} has ended at ${stage}: ${ended}. ${why} when an escalation ends at this stage.`,
  };
}
