import { createHash } from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { signInAttempts } from "./schema.ts";

// Failed sign-ins in a row, counted by email address typed, known or not (see the table).

function emailHash(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
}

/** When the lock on this email address ends, or null if it is not locked. */
export async function lockedUntil(db: Executor, email: string, now: Date): Promise<string | null> {
  const [row] = await db
    .select({ lockedUntil: signInAttempts.lockedUntil })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.emailHash, emailHash(email)),
        gt(signInAttempts.lockedUntil, now.toISOString()),
      ),
    );
  return row?.lockedUntil ?? null;
}

/**
 * Counts one more failure for the address, in one statement (so two at once both count), and
 * locks it until `lockUntil` when that makes `limit` in a row. A lock that has run out starts
 * the count again. Returns when the lock ends, or null if this failure did not lock it.
 */
export async function recordFailure(
  db: Executor,
  email: string,
  now: Date,
  rule: { limit: number; lockUntil: Date },
): Promise<string | null> {
  const at = now.toISOString();
  const until = rule.lockUntil.toISOString();
  const failures = sql`case when ${signInAttempts.lockedUntil} <= ${at}::timestamptz then 1 else ${signInAttempts.failures} + 1 end`;
  const [row] = await db
    .insert(signInAttempts)
    .values({
      emailHash: emailHash(email),
      failures: 1,
      lockedUntil: rule.limit <= 1 ? until : null,
      lastFailedAt: at,
    })
    .onConflictDoUpdate({
      target: signInAttempts.emailHash,
      set: {
        failures,
        lockedUntil: sql`case when ${failures} >= ${rule.limit} then ${until}::timestamptz end`,
        lastFailedAt: at,
      },
    })
    .returning({ lockedUntil: signInAttempts.lockedUntil });
  return row?.lockedUntil ?? null;
}

/** A successful sign-in: the count starts again from nothing. */
export async function clearFailures(db: Executor, email: string): Promise<void> {
  await db.delete(signInAttempts).where(eq(signInAttempts.emailHash, emailHash(email)));
}
