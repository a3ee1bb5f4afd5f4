// The dispatcher's side of the messages table: claiming the emails due, and recording what
// became of each. Every write after the claim names the claim (its lease), so an instance that
// lost its claim (it outlived its lease, and another instance took the message over) changes
// nothing.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { messages } from "./schema.ts";

/** An email claimed for sending. */
export interface ClaimedEmail {
  id: string;
  kind: string;
  email: string;
  subject: string;
  body: string;
  link: string | null;
  /** Attempts so far, this one included. */
  attempts: number;
  /** Why the last attempt failed, if one did. */
  lastError: string | null;
}

/**
 * Claims up to `limit` emails due at `now` — waiting to be sent, or claimed by an instance whose
 * lease has run out (it stopped or crashed) — until `leaseUntil`, counting an attempt for each.
 * Rows another instance is claiming at this moment are skipped, not waited for.
 */
export async function claimDue(
  db: Executor,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<ClaimedEmail[]> {
  const result = await db.execute(sql`
    with due as (
      select id from messages
      where delivery in ('pending', 'sending') and next_attempt_at <= ${now}
        and (delivery = 'pending' or claimed_until <= ${now})
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    update messages set delivery = 'sending', claimed_until = ${leaseUntil},
      attempts = messages.attempts + 1
    from due where messages.id = due.id
    returning messages.id, messages.kind, messages.email, messages.subject, messages.body,
      messages.link, messages.attempts, messages.last_error`);
  const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows;
  return rows.map((row) => ({
    id: String(row.id),
    kind: String(row.kind),
    email: String(row.email),
    subject: String(row.subject),
    body: String(row.body),
    link: row.link === null ? null : String(row.link),
    attempts: Number(row.attempts),
    lastError: row.last_error === null ? null : String(row.last_error),
  }));
}

/** The message as this claim holds it. */
const held = (id: string, leaseUntil: string) =>
  and(eq(messages.id, id), eq(messages.delivery, "sending"), eq(messages.claimedUntil, leaseUntil));

/** Records the email as sent. False if the claim was lost. */
export async function recordSent(
  db: Executor,
  id: string,
  leaseUntil: string,
  at: string,
  providerReference: string | null,
): Promise<boolean> {
  const updated = await db
    .update(messages)
    .set({ delivery: "sent", sentAt: at, providerReference, claimedUntil: null, lastError: null })
    .where(held(id, leaseUntil))
    .returning({ id: messages.id });
  return updated.length > 0;
}

/**
 * Records a failed attempt: to be tried again at `retryAt`, or, when that is null, given up on
 * (delivery 'failed', for administrators to see). False if the claim was lost.
 */
export async function recordFailure(
  db: Executor,
  id: string,
  leaseUntil: string,
  error: string,
  retryAt: string | null,
): Promise<boolean> {
  const updated = await db
    .update(messages)
    .set({
      delivery: retryAt === null ? "failed" : "pending",
      nextAttemptAt: retryAt,
      claimedUntil: null,
      lastError: error,
    })
    .where(held(id, leaseUntil))
    .returning({ id: messages.id });
  return updated.length > 0;
}

/** Gives claimed emails back unsent, due at once, their attempt not counted. */
export async function releaseClaims(
  db: Executor,
  ids: readonly string[],
  leaseUntil: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(messages)
    .set({ delivery: "pending", claimedUntil: null, attempts: sql`${messages.attempts} - 1` })
    .where(
      and(
        inArray(messages.id, [...ids]),
        eq(messages.delivery, "sending"),
        eq(messages.claimedUntil, leaseUntil),
      ),
    );
}
