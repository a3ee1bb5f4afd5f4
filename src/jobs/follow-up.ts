import { Audience } from "../app/notifications/audience.ts";
import { startOfWorkingDay } from "../app/notifications/timing.ts";
import { dueWords, messageFor, stageName } from "../app/notifications/wording.ts";
import type { ProcedureStore } from "../app/procedure-registry.ts";
import { calendarOf } from "../app/procedures.ts";
import type { Database } from "../db/client.ts";
import { findPartnership } from "../db/directory.ts";
import { loadEvents } from "../db/escalation-store.ts";
import { followUpsDueBetween } from "../db/follow-ups.ts";
import { enqueueMessages, type NewMessage } from "../db/messages.ts";
import { directoryRows } from "../db/recipients.ts";
import { formatDate } from "../engine/calendar/index.ts";
import { currentVisit, followUpDue, replay } from "../engine/escalation/index.ts";
import { factsOf } from "../engine/policy/index.ts";

// The follow-up job: on the morning a resolution's follow-up check falls due, it asks those who
// should answer whether the agreed actions happened: the practitioner who raised the escalation
// and the two people who agreed its resolution (who proposed it and who confirmed it), with
// whoever covers for them while they are away, each only if they may still see the escalation.
// Worked out from the read model and the events, never from timers: each message is keyed by the
// escalation, the instant its check fell due and the recipient, so a pass that dies, or passes
// running side by side, write each once; a check a bank holiday moves gets a prompt of its own.
// It runs as the service itself ("system"), without row-level security.

/** How far back a pass looks: a job stopped for up to about this long still prompts. */
export const FOLLOW_UP_LOOKBACK_DAYS = 14;

export interface FollowUpDeps {
  db: Database;
  procedures: ProcedureStore;
  newId: () => string;
}

/** One pass at `now`: how many checks were due, and how many messages it wrote. */
export async function promptFollowUps(
  deps: FollowUpDeps,
  now: string,
  signal?: AbortSignal,
): Promise<{ checks: number; written: number }> {
  const from = new Date(Date.parse(now) - FOLLOW_UP_LOOKBACK_DAYS * 86_400_000).toISOString();
  const due = await followUpsDueBetween(deps.db, from, now);
  const report = { checks: 0, written: 0 };
  const audiences = new Map<string, Audience>();
  for (const { id, partnershipId } of due) {
    if (signal?.aborted === true) break;
    const partnership = await findPartnership(deps.db, partnershipId);
    if (partnership === undefined) continue;
    const calendar = calendarOf(partnership);
    const events = await loadEvents(deps.db, id);
    const state = replay(id, events);
    if (state === null) continue;
    const procedure = await deps.procedures(state.procedure.id, state.procedure.version);
    const settings = partnership.timescaleSettings as Record<string, number | null>;
    const check = followUpDue(state, { procedure, calendar, settings }, now);
    // Not yet answerable (the read model is behind), or before the working day starts.
    if (check === null || Date.parse(now) < Date.parse(startOfWorkingDay(check.dueDate))) continue;
    report.checks += 1;
    let audience = audiences.get(partnershipId);
    if (audience === undefined) {
      audience = new Audience(
        await directoryRows(deps.db, partnershipId, calendar.localDate(now)),
        await deps.procedures(partnership.procedureId, partnership.procedureVersion),
      );
      audiences.set(partnershipId, audience);
    }
    const agreed = ["resolution-proposed", "resolution-confirmed"].map(
      (type) => events.findLast((event) => event.data.type === type)?.actor.personId ?? "",
    );
    const visit = currentVisit(state);
    const where = factsOf(state, procedure, events);
    const reference = state.registration.reference;
    const resolvedOn = formatDate(calendar.localDate(state.followUp?.resolvedAt ?? now));
    const about = {
      id,
      partnershipId,
      reference,
      stageName: stageName(procedure, { track: state.track, ...visit }),
      deadline: `answer the follow-up check by ${dueWords(check.dueAt, calendar)}`,
    };
    const messages: NewMessage[] = audience
      .whoMaySee(audience.withDelegates([state.raisedBy.personId, ...agreed]), where)
      .map((person) =>
        messageFor(person, about, {
          key: `follow-up:${id}:${check.fallsDueAt}:${person.id}`,
          kind: "follow-up",
          subject: `${reference}: did the agreed actions happen?`,
          lead: `Escalation ${reference} was resolved on ${resolvedOn}. Its follow-up check is due today: say whether the actions agreed then have happened. If they have not, the escalation opens again.`,
        }),
      );
    report.written += await enqueueMessages(deps.db, messages, now, deps.newId);
  }
  return report;
}
