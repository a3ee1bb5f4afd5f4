import type { Config } from "../config.ts";
import type { Executor } from "../db/client.ts";
import { findPerson, findPersonByEmail } from "../db/directory.ts";
import { setPasswordHash } from "../db/local-accounts.ts";
import {
  createPasswordReset,
  findPasswordReset,
  spendPasswordReset,
} from "../db/password-resets.ts";
import { endAllSessions } from "../db/sessions.ts";
import { clearFailures } from "../db/sign-in-attempts.ts";
import type { Email } from "../notify/sender.ts";
import { hashPassword } from "./auth.ts";

/** How long an emailed link works. */
export const RESET_LINK_MINUTES = 60;
/** The shortest new password allowed, in characters. */
export const MIN_PASSWORD_LENGTH = 12;

/** Tokens are 32 random bytes in base64url; anything else is no token at all. */
const TOKEN_FORMAT = /^[\w-]{43}$/;

/**
 * Someone asked to reset the password of this email address. If it belongs to an active person
 * with a password, a reset token is made and the email carrying its link returned, to be sent;
 * otherwise nothing happens. Either way the asker is told the same.
 */
export async function requestPasswordReset(
  db: Executor,
  config: Pick<Config, "publicUrl">,
  email: string,
  now: Date,
): Promise<Email | null> {
  const person = await findPersonByEmail(db, email);
  if (person === undefined || !person.active || person.passwordHash === null) return null;
  const token = await createPasswordReset(
    db,
    person.id,
    now,
    new Date(now.getTime() + RESET_LINK_MINUTES * 60_000),
  );
  return {
    to: person.email,
    subject: "Reset your Resolve password",
    body: [
      "Someone asked to reset the password of the Resolve account for this email address.",
      "",
      "If you did not ask for this, you do not need to do anything: your password has not changed.",
      "",
      "To choose a new password, open this link. It works once, for 1 hour:",
    ].join("\n"),
    link: `${config.publicUrl}/reset-password?token=${token}`,
    kind: "password-reset",
    reference: null,
  };
}

/** True if the token from a link still works (known, not expired, not spent). */
export async function resetTokenWorks(db: Executor, token: string, now: Date): Promise<boolean> {
  return TOKEN_FORMAT.test(token) && (await findPasswordReset(db, token, now)) !== undefined;
}

/**
 * Sets the new password of the token's person and spends the token, all in one transaction:
 * every session of theirs ends, and the count of failed sign-ins starts again. False if the
 * token no longer works.
 */
export async function resetPassword(
  db: Executor,
  token: string,
  password: string,
  now: Date,
): Promise<boolean> {
  if (!TOKEN_FORMAT.test(token)) return false;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const personId = await spendPasswordReset(tx, token, now);
    const person = personId === undefined ? undefined : await findPerson(tx, personId);
    if (person === undefined) return false;
    await setPasswordHash(tx, person.id, passwordHash);
    await endAllSessions(tx, person.id);
    await clearFailures(tx, person.email);
    return true;
  });
}
