import { and, asc, eq, inArray, isNotNull, or } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { calendarData, escalations, partnerships } from "./schema.ts";

// What a change to a partnership's calendar touches: the days it adds to its nation's bank
// holidays, the escalations whose deadlines it moves, and the digest of the shipped bank-holiday
// data those deadlines were last worked out with.

export interface AddedHoliday {
  date: string;
  title: string;
}

export async function saveAddedHolidays(
  tx: Executor,
  partnershipId: string,
  days: readonly AddedHoliday[],
): Promise<void> {
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  await tx
    .update(partnerships)
    .set({ addedHolidays: sorted })
    .where(eq(partnerships.id, partnershipId));
}

/**
 * The ids of a partnership's escalations a calendar change can move: those still running, and
 * those resolved whose follow-up check waits (`everyResolved`: every resolved one, for when the
 * read model may not know yet which wait). Their read-model rows are locked, in id order, so an
 * action on one waits for the change rather than writing a row worked out on the old calendar.
 */
export async function lockEscalationsToReproject(
  tx: Executor,
  partnershipId: string,
  options: { everyResolved: boolean },
): Promise<{ id: string; procedureId: string; procedureVersion: string }[]> {
  return tx
    .select({
      id: escalations.id,
      procedureId: escalations.procedureId,
      procedureVersion: escalations.procedureVersion,
    })
    .from(escalations)
    .where(
      and(
        eq(escalations.partnershipId, partnershipId),
        or(
          inArray(escalations.status, ["open", "resolution-proposed"]),
          options.everyResolved
            ? eq(escalations.status, "resolved")
            : isNotNull(escalations.followUpDueAt),
        ),
      ),
    )
    .orderBy(asc(escalations.id))
    .for("update");
}

/** The digest of the shipped calendar data last worked with, or null before the first. */
export async function storedCalendarDigest(tx: Executor): Promise<string | null> {
  const [row] = await tx.select({ digest: calendarData.digest }).from(calendarData);
  return row?.digest ?? null;
}

export async function saveCalendarDigest(tx: Executor, digest: string, at: string): Promise<void> {
  await tx
    .insert(calendarData)
    .values({ id: true, digest, recordedAt: at })
    .onConflictDoUpdate({ target: calendarData.id, set: { digest, recordedAt: at } });
}
