import { and, eq, gte, lte } from "drizzle-orm";
import { listInboxes } from "./administration.ts";
import type { Executor } from "./client.ts";
import { listPeople, type Person } from "./directory.ts";
import { absenceDelegations } from "./schema.ts";

// Who could hear about a partnership's escalations: its people and their roles, its role inboxes
// and who works them, and who is away on a day with the colleague covering for them. Read whole,
// once per scanner pass or per decision that tells anyone, and handed to the pure routing in
// src/app/notifications/audience.ts.

export interface DirectoryRows {
  /** Everyone in the partnership, active or not. */
  people: readonly Person[];
  /** Each role inbox with the ids of its active members. */
  inboxes: readonly { agencyId: string; role: string; memberIds: readonly string[] }[];
  /** Each delegation in force on the day: the person away and the colleague acting for them. */
  absences: readonly { personId: string; delegateId: string }[];
}

/** The partnership's directory as it stands on `date` (YYYY-MM-DD, its local date). */
export async function directoryRows(
  db: Executor,
  partnershipId: string,
  date: string,
): Promise<DirectoryRows> {
  // One after another: `db` may be a transaction, which runs one query at a time.
  const people = await listPeople(db, partnershipId);
  const inboxes = await listInboxes(db, partnershipId);
  const absences = await db
    .select({ personId: absenceDelegations.personId, delegateId: absenceDelegations.delegateId })
    .from(absenceDelegations)
    .where(
      and(
        eq(absenceDelegations.partnershipId, partnershipId),
        lte(absenceDelegations.startsOn, date),
        gte(absenceDelegations.endsOn, date),
      ),
    );
  return {
    people,
    inboxes: inboxes.map((inbox) => ({
      agencyId: inbox.agencyId,
      role: inbox.role,
      memberIds: inbox.members.filter((member) => member.active).map((member) => member.id),
    })),
    absences,
  };
}
