import { randomBytes } from "node:crypto";
import argon2 from "argon2";
import type { Executor } from "../db/client.ts";
import { findPerson, findPersonByEmail, type Person } from "../db/directory.ts";

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

/** A demo person to sign in as, in demo mode only; anyone else is refused. */
export async function demoPerson(db: Executor, personId: string): Promise<Person | undefined> {
  const person = await findPerson(db, personId);
  return person?.demo === true && person.active ? person : undefined;
}
