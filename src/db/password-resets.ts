import { and, eq, gt, lte } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { passwordResets } from "./schema.ts";
import { hashOf, randomToken } from "./sessions.ts";

// Emailed links to set a new password. The link holds a random token; the table its hash only.

/** A new reset token for a person, returned for the link; their expired ones are cleared away. */
export async function createPasswordReset(
  db: Executor,
  personId: string,
  now: Date,
  expiresAt: Date,
): Promise<string> {
  const token = randomToken();
  await db
    .delete(passwordResets)
    .where(
      and(eq(passwordResets.personId, personId), lte(passwordResets.expiresAt, now.toISOString())),
    );
  await db.insert(passwordResets).values({
    tokenHash: hashOf(token),
    personId,
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  });
  return token;
}

/** The person a token still works for, or undefined (unknown, expired or spent). */
export async function findPasswordReset(
  db: Executor,
  token: string,
  now: Date,
): Promise<string | undefined> {
  const [row] = await db
    .select({ personId: passwordResets.personId })
    .from(passwordResets)
    .where(
      and(
        eq(passwordResets.tokenHash, hashOf(token)),
        gt(passwordResets.expiresAt, now.toISOString()),
      ),
    );
  return row?.personId;
}

/**
 * Spends a token: every reset token of its person goes, so the link works once and older links
 * stop working too. Returns the person, or undefined if the token no longer worked.
 */
export async function spendPasswordReset(
  tx: Executor,
  token: string,
  now: Date,
): Promise<string | undefined> {
  const [row] = await tx
    .delete(passwordResets)
    .where(
      and(
        eq(passwordResets.tokenHash, hashOf(token)),
        gt(passwordResets.expiresAt, now.toISOString()),
      ),
    )
    .returning({ personId: passwordResets.personId });
  if (row === undefined) return undefined;
  await tx.delete(passwordResets).where(eq(passwordResets.personId, row.personId));
  return row.personId;
}
