import { and, asc, eq, gte, inArray, isNull, lte, not, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { RUNNING_STATUSES } from "./escalation-queries.ts";
import { deadlineScans, escalations, messages } from "./schema.ts";

// What the deadline scanner (src/jobs/scanner.ts) reads and writes: running escalations whose
// deadlines fall in a window around now, the messages already written, and the emails held for
// the daily digest.

/** An instant column as ISO 8601 in UTC, as the rest of Resolve passes instants. */
const iso = (column: typeof escalations.stageDueAt) =>
  sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A running escalation with a deadline in the window: what routing and wording need. */
export interface DueEscalation {
  id: string;
  partnershipId: string;
  reference: string;
  procedureId: string;
  procedureVersion: string;
  track: string;
  stage: string;
  round: number;
  stageTier: number;
  status: string;
  raisingAgencyId: string;
  receivingAgencyIds: string[];
  participantIds: string[];
  stageDueAt: string | null;
  targetDueAt: string | null;
}

/** Whether the scanner has finished with the deadline on this clock at this due instant. */
function finished(clock: SQL, dueAt: typeof escalations.stageDueAt): SQL {
  return sql`exists (select 1 from ${deadlineScans} where ${deadlineScans.escalationId} = ${escalations.id} and ${deadlineScans.clock} = ${clock} and ${deadlineScans.dueAt} = ${dueAt})`;
}

/**
 * The partnership's running escalations with a stage deadline or whole-escalation target from
 * `from` to `to` (ISO 8601) that the scanner has not finished with: two range scans of partial
 * indexes, however many escalations there are.
 */
export async function runningDueBetween(
  db: Executor,
  partnershipId: string,
  from: string,
  to: string,
): Promise<DueEscalation[]> {
  return db
    .select({
      id: escalations.id,
      partnershipId: escalations.partnershipId,
      reference: escalations.reference,
      procedureId: escalations.procedureId,
      procedureVersion: escalations.procedureVersion,
      track: escalations.track,
      stage: escalations.stage,
      round: escalations.round,
      stageTier: escalations.stageTier,
      status: escalations.status,
      raisingAgencyId: escalations.raisingAgencyId,
      receivingAgencyIds: escalations.receivingAgencyIds,
      participantIds: escalations.participantIds,
      stageDueAt: iso(escalations.stageDueAt),
      targetDueAt: iso(escalations.targetDueAt),
    })
    .from(escalations)
    .where(
      and(
        eq(escalations.partnershipId, partnershipId),
        inArray(escalations.status, [...RUNNING_STATUSES]),
        or(
          and(
            gte(escalations.stageDueAt, from),
            lte(escalations.stageDueAt, to),
            not(
              finished(
                sql`'stage:' || ${escalations.stage} || ':' || ${escalations.round}`,
                escalations.stageDueAt,
              ),
            ),
          ),
          and(
            gte(escalations.targetDueAt, from),
            lte(escalations.targetDueAt, to),
            not(finished(sql`'target'`, escalations.targetDueAt)),
          ),
        ),
      ),
    )
    .orderBy(asc(escalations.id));
}

/** Which of these message keys are written already. */
export async function existingKeys(db: Executor, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  // One array parameter rather than one parameter a key: thousands are checked at a time.
  const rows = await db
    .select({ key: messages.key })
    .from(messages)
    .where(sql`${messages.key} = any(${sql.param([...keys])}::text[])`);
  return new Set(rows.map((row) => row.key));
}

/** A deadline the scanner has finished with, once its messages are written. */
export interface FinishedDeadline {
  escalationId: string;
  /** "stage:<stage>:<round>" or "target". */
  clock: string;
  dueAt: string;
}

/** Records deadlines as finished with: later passes leave them out. */
export async function finishDeadlines(
  db: Executor,
  deadlines: readonly FinishedDeadline[],
  at: string,
): Promise<void> {
  if (deadlines.length === 0) return;
  await db
    .insert(deadlineScans)
    .values(deadlines.map((deadline) => ({ ...deadline, finishedAt: at })))
    .onConflictDoNothing();
}

/** An email held for the digest, as the digest lists it. */
export interface HeldMessage {
  id: string;
  recipientPersonId: string;
  email: string | null;
  subject: string;
}

/**
 * The partnership's emails held for the digest and not yet sent, oldest first, locked for this
 * transaction: rows another scanner has locked are skipped, so each is released once.
 */
export async function claimHeld(tx: Executor, partnershipId: string): Promise<HeldMessage[]> {
  return tx
    .select({
      id: messages.id,
      recipientPersonId: messages.recipientPersonId,
      email: messages.email,
      subject: messages.subject,
    })
    .from(messages)
    .where(
      and(
        eq(messages.partnershipId, partnershipId),
        eq(messages.delivery, "digest"),
        isNull(messages.digestId),
      ),
    )
    .orderBy(asc(messages.recipientPersonId), asc(messages.createdAt), asc(messages.id))
    .for("update", { skipLocked: true });
}

/** Marks held emails as gone out in the digest `digestId`. */
export async function includeInDigest(
  tx: Executor,
  ids: readonly string[],
  digestId: string,
): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(messages)
    .set({ digestId })
    .where(inArray(messages.id, [...ids]));
}

/** Sends held emails on their own after all: due for the dispatcher now. */
export async function releaseHeld(tx: Executor, ids: readonly string[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(messages)
    .set({ delivery: "pending", nextAttemptAt: at })
    .where(inArray(messages.id, [...ids]));
}
