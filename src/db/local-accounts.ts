import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { people } from "./schema.ts";

// What a local account has besides the person: whether it has a password, and its
// authenticator app. Secrets stay here and in app/; nothing else reads them.

export interface LocalAccount {
  hasPassword: boolean;
  /** The authenticator app's secret once set up, else null. */
  totpSecret: string | null;
  /** A secret being set up, not yet confirmed with a code. */
  totpPendingSecret: string | null;
}

export async function findLocalAccount(
  db: Executor,
  personId: string,
): Promise<LocalAccount | undefined> {
  const [row] = await db
    .select({
      passwordHash: people.passwordHash,
      totpSecret: people.totpSecret,
      totpPendingSecret: people.totpPendingSecret,
    })
    .from(people)
    .where(eq(people.id, personId));
  if (row === undefined) return undefined;
  const { passwordHash, ...authenticator } = row;
  return { hasPassword: passwordHash !== null, ...authenticator };
}

export async function setPasswordHash(
  db: Executor,
  personId: string,
  passwordHash: string,
): Promise<void> {
  await db.update(people).set({ passwordHash }).where(eq(people.id, personId));
}

export async function setPendingTotpSecret(
  db: Executor,
  personId: string,
  secret: string,
): Promise<void> {
  await db.update(people).set({ totpPendingSecret: secret }).where(eq(people.id, personId));
}

/**
 * Takes the pending secret on, with the step of the code that confirmed it as the last used.
 * False if the pending secret has changed meanwhile (set up again in another tab).
 */
export async function confirmTotpSecret(
  db: Executor,
  personId: string,
  secret: string,
  step: number,
): Promise<boolean> {
  const confirmed = await db
    .update(people)
    .set({ totpSecret: secret, totpPendingSecret: null, totpLastStep: step })
    .where(and(eq(people.id, personId), eq(people.totpPendingSecret, secret)))
    .returning({ id: people.id });
  return confirmed.length > 0;
}

/**
 * Records a code's time step as used, if it is later than any used before: in one statement,
 * so the same code sent twice at once is accepted once. False for a replay.
 */
export async function useTotpStep(
  db: Executor,
  personId: string,
  secret: string,
  step: number,
): Promise<boolean> {
  const used = await db
    .update(people)
    .set({ totpLastStep: step })
    .where(
      and(
        eq(people.id, personId),
        eq(people.totpSecret, secret),
        or(isNull(people.totpLastStep), lt(people.totpLastStep, step)),
      ),
    )
    .returning({ id: people.id });
  return used.length > 0;
}

export async function removeTotp(db: Executor, personId: string): Promise<void> {
  await db
    .update(people)
    .set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null })
    .where(eq(people.id, personId));
}
