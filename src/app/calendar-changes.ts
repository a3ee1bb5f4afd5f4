import { lockDirectory } from "../db/administration.ts";
import {
  lockEscalationsToReproject,
  saveCalendarDigest,
  storedCalendarDigest,
} from "../db/calendar.ts";
import type { Database, Executor } from "../db/client.ts";
import { listPartnerships, type Partnership } from "../db/directory.ts";
import { loadEvents } from "../db/escalation-store.ts";
import { project } from "./escalations.ts";
import { procedureStore } from "./procedure-registry.ts";
import { calendarOf, officialHolidaysDigest } from "./procedures.ts";

// A bank holiday added to (or taken off) the calendar moves the deadlines still running and the
// follow-up checks still waiting: their read-model rows, which the lists, the deadline scanner
// and the follow-up job read, are worked out again from their events on the new calendar. A
// deadline already missed stays missed: it belonged to a stage that has ended.

/**
 * Works out again, in the caller's transaction, the read model of each of the partnership's
 * escalations a calendar change can move, on its calendar as `partnership` now holds it.
 * `everyResolved` takes in every resolved escalation, not only those known to wait for a
 * follow-up check. Returns how many were worked out.
 */
export async function reprojectForCalendar(
  tx: Executor,
  partnership: Partnership,
  options: { everyResolved: boolean } = { everyResolved: false },
): Promise<number> {
  // Read procedure versions through the transaction: PGlite has one connection, held here.
  const procedures = procedureStore(tx);
  const calendar = calendarOf(partnership);
  const rows = await lockEscalationsToReproject(tx, partnership.id, options);
  for (const row of rows) {
    const procedure = await procedures(row.procedureId, row.procedureVersion);
    await project(tx, await loadEvents(tx, row.id), partnership, procedure, calendar);
  }
  return rows.length;
}

/**
 * At start: when the shipped bank holidays (data/bank-holidays.json) differ from those the read
 * model was worked out with, as after a release that brings newly announced dates, works out
 * every partnership's running deadlines and waiting follow-up checks again and records the new
 * digest, in one transaction. Instances starting together take turns (the directory's lock);
 * the first does the work. Before any digest was recorded, every resolved escalation is taken
 * in too, so the read model learns which follow-up checks wait. Returns how many escalations
 * were worked out, or null when the data has not changed.
 */
export async function reprojectIfCalendarDataChanged(
  db: Database,
  now: string,
): Promise<number | null> {
  const digest = officialHolidaysDigest();
  return db.transaction(async (tx) => {
    await lockDirectory(tx);
    const stored = await storedCalendarDigest(tx);
    if (stored === digest) return null;
    let count = 0;
    for (const partnership of await listPartnerships(tx)) {
      count += await reprojectForCalendar(tx, partnership, { everyResolved: stored === null });
    }
    await saveCalendarDigest(tx, digest, now);
    return count;
  });
}
