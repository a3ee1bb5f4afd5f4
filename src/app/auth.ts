import { randomBytes } from "node:crypto";
import argon2 from "argon2";
import type { Executor } from "../db/client.ts";
import { findPerson, findPersonByEmail, type Person } from "../db/directory.ts";
import { findLocalAccount } from "../db/local-accounts.ts";
import { clearFailures, lockedUntil, recordFailure } from "../db/sign-in-attempts.ts";
import { acceptTotpCode } from "./authenticator.ts";

/** Failed passwords or codes in a row that lock an email address, and for how long. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

// argon2id with the library's defaults (64 MiB, 3 passes): OWASP's recommended floor or above.
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

// Verifying against this when the email is unknown makes both answers take the same time.
const unknownPersonHash = hashPassword(randomBytes(16).toString("hex"));

/** The active person with this email and password, or undefined — never saying which was wrong. */
export async function checkPassword(
  db: Executor,
  email: string,
  password: string,
): Promise<Person | undefined> {
  const person = await findPersonByEmail(db, email);
  const hash = person?.passwordHash ?? (await unknownPersonHash);
  const matches = await argon2.verify(hash, password).catch(() => false);
  if (!matches || person === undefined || person.passwordHash === null || !person.active) {
    return undefined;
  }
  const { passwordHash: _hash, ...rest } = person;
  return rest;
}

export type Locked = { outcome: "locked"; until: string };
export type PasswordOutcome =
  | { outcome: "signed-in"; person: Person }
  | { outcome: "code-needed"; person: Person }
  | { outcome: "wrong" }
  | Locked;

/**
 * The first step of signing in with a local account. A locked address is refused before its
 * password is looked at; a wrong password counts towards the lock, whether or not anyone has the
 * address, so locking tells nothing. Someone with an authenticator app still needs its code,
 * and their count goes on until that is right too.
 */
export async function signInWithPassword(
  db: Executor,
  email: string,
  password: string,
  now: Date,
): Promise<PasswordOutcome> {
  const locked = await lockedUntil(db, email, now);
  if (locked !== null) return { outcome: "locked", until: locked };
  const person = await checkPassword(db, email, password);
  if (person === undefined) return failed(db, email, now);
  if ((await findLocalAccount(db, person.id))?.totpSecret)
    return { outcome: "code-needed", person };
  await clearFailures(db, email);
  return { outcome: "signed-in", person };
}

/**
 * Checks a code from the person's authenticator app, counting a wrong one towards the lock just
 * as a wrong password is; a right one starts the count again.
 */
export async function checkTotpCode(
  db: Executor,
  person: Pick<Person, "id" | "email">,
  code: string,
  now: Date,
): Promise<{ outcome: "right" } | { outcome: "wrong" } | Locked> {
  const locked = await lockedUntil(db, person.email, now);
  if (locked !== null) return { outcome: "locked", until: locked };
  if (!(await acceptTotpCode(db, person.id, code, now))) return failed(db, person.email, now);
  await clearFailures(db, person.email);
  return { outcome: "right" };
}

async function failed(
  db: Executor,
  email: string,
  now: Date,
): Promise<{ outcome: "wrong" } | Locked> {
  const until = await recordFailure(db, email, now, {
    limit: LOCK_AFTER_FAILURES,
    lockUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000),
  });
  return until === null ? { outcome: "wrong" } : { outcome: "locked", until };
}

/** A demo person to sign in as, in demo mode only; anyone else is refused. */
export async function demoPerson(db: Executor, personId: string): Promise<Person | undefined> {
  const person = await findPerson(db, personId);
  return person?.demo === true && person.active ? person : undefined;
}
