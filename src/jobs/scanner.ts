import { Audience } from "../app/notifications/audience.ts";
import { deadlineMessages } from "../app/notifications/deadline-messages.ts";
import { sendHeld } from "../app/notifications/digest.ts";
import { reminderHorizon } from "../app/notifications/timing.ts";
import type { ProcedureStore } from "../app/procedure-registry.ts";
import { calendarOf } from "../app/procedures.ts";
import type { Database } from "../db/client.ts";
import {
  existingKeys,
  type FinishedDeadline,
  finishDeadlines,
  runningDueBetween,
} from "../db/deadline-scan.ts";
import { listPartnerships } from "../db/directory.ts";
import { enqueueMessages } from "../db/messages.ts";
import { directoryRows } from "../db/recipients.ts";

// The deadline scanner: one pass writes the reminders, overdue alerts and prompts to escalate
// that running escalations' deadlines call for by now, then sends the emails held for the digest.
// Everything is derived from the read model, never from timers: a pass that dies, or a scanner
// restarted, loses nothing, and the next pass writes what is missing. Every message has a unique
// key (src/app/notifications/deadline-messages.ts), so passes running side by side write each
// message once. It runs as the service itself ("system"), without row-level security.

/** How far back a pass looks for deadlines that have passed: a scanner stopped for up to about this long catches up. */
export const LOOKBACK_DAYS = 14;
/** Escalations worked out, checked against the messages written and written, per round trip. */
const CHUNK = 500;

export interface ScannerDeps {
  db: Database;
  procedures: ProcedureStore;
  newId: () => string;
}

/** What one pass did. */
export interface ScanReport {
  /** Running escalations with a deadline in the window. */
  escalations: number;
  /** Messages written by this pass (those already written are not counted). */
  written: number;
  digests: number;
  /** Held emails sent on their own. */
  sentAlone: number;
}

/**
 * One pass of the deadline scanner over every partnership, at `now` (ISO 8601). When `signal` is
 * aborted it stops between chunks: what it has not written, the next pass writes.
 */
export async function scanDeadlines(
  deps: ScannerDeps,
  now: string,
  signal?: AbortSignal,
): Promise<ScanReport> {
  const report: ScanReport = { escalations: 0, written: 0, digests: 0, sentAlone: 0 };
  const stopped = () => signal?.aborted === true;
  const from = new Date(Date.parse(now) - LOOKBACK_DAYS * 86_400_000).toISOString();
  for (const partnership of await listPartnerships(deps.db)) {
    if (stopped()) break;
    const calendar = calendarOf(partnership);
    const reminderWorkingDays = partnership.reminderWorkingDays;
    const due = await runningDueBetween(
      deps.db,
      partnership.id,
      from,
      reminderHorizon(now, calendar, reminderWorkingDays),
    );
    report.escalations += due.length;
    if (due.length > 0) {
      const audience = new Audience(
        await directoryRows(deps.db, partnership.id, calendar.localDate(now)),
        await deps.procedures(partnership.procedureId, partnership.procedureVersion),
      );
      for (let start = 0; start < due.length && !stopped(); start += CHUNK) {
        const planned = [];
        const finished: FinishedDeadline[] = [];
        for (const escalation of due.slice(start, start + CHUNK)) {
          const procedure = await deps.procedures(
            escalation.procedureId,
            escalation.procedureVersion,
          );
          const calls = deadlineMessages(escalation, {
            now,
            calendar,
            reminderWorkingDays,
            audience,
            procedure,
          });
          planned.push(...calls.planned);
          finished.push(...calls.finished);
        }
        const written = await existingKeys(
          deps.db,
          planned.map((message) => message.key),
        );
        const fresh = planned.filter((message) => !written.has(message.key));
        for (let at = 0; at < fresh.length; at += 1000) {
          const batch = fresh.slice(at, at + 1000).map((message) => message.make());
          report.written += await enqueueMessages(deps.db, batch, now, deps.newId);
        }
        // Only once their messages are written: a pass that dies first leaves them to the next.
        await finishDeadlines(deps.db, finished, now);
      }
    }
    const sent = await sendHeld(deps.db, partnership.id, calendar, now, deps.newId);
    report.digests += sent.digests;
    report.sentAlone += sent.alone;
  }
  return report;
}
