import { and, isNull, lt, or } from "drizzle-orm";
import type { Executor } from "./client.ts";
import {
  passwordResets,
  sessions,
  signInAttempts,
  signInChallenges,
  singleSignOnAttempts,
} from "./schema.ts";

/** How long a run of failed sign-ins is remembered after the last one, when it locked nothing. */
export const FAILURES_FORGOTTEN_AFTER_MS = 24 * 60 * 60_000;

/** How many rows of each kind a pass removed. */
export interface Removed {
  sessions: number;
  signInChallenges: number;
  passwordResets: number;
  singleSignOnAttempts: number;
  signInAttempts: number;
}

/**
 * Removes what has run out: sessions past their idle expiry, sign-in challenges, password reset
 * links and single sign-on attempts past theirs, and counts of failed sign-ins a day after the
 * last failure once no lock is running. None of it is needed once expired, and some of it
 * (hashes of email addresses typed) is personal data kept no longer than it is useful.
 */
export async function removeExpired(db: Executor, now: string): Promise<Removed> {
  const forgotten = new Date(Date.parse(now) - FAILURES_FORGOTTEN_AFTER_MS).toISOString();
  const count = async (deleted: Promise<unknown[]>) => (await deleted).length;
  return {
    sessions: await count(
      db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.idHash }),
    ),
    signInChallenges: await count(
      db
        .delete(signInChallenges)
        .where(lt(signInChallenges.expiresAt, now))
        .returning({ id: signInChallenges.idHash }),
    ),
    passwordResets: await count(
      db
        .delete(passwordResets)
        .where(lt(passwordResets.expiresAt, now))
        .returning({ id: passwordResets.tokenHash }),
    ),
    singleSignOnAttempts: await count(
      db
        .delete(singleSignOnAttempts)
        .where(lt(singleSignOnAttempts.expiresAt, now))
        .returning({ id: singleSignOnAttempts.idHash }),
    ),
    signInAttempts: await count(
      db
        .delete(signInAttempts)
        .where(
          and(
            lt(signInAttempts.lastFailedAt, forgotten),
            or(isNull(signInAttempts.lockedUntil), lt(signInAttempts.lockedUntil, now)),
          ),
        )
        .returning({ id: signInAttempts.emailHash }),
    ),
  };
}
