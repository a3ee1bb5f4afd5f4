import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../src/db/client.ts";
import { insertPerson, type Person } from "../../src/db/directory.ts";
import { messages, people } from "../../src/db/schema.ts";
import { formatInstant } from "../../src/engine/calendar/index.ts";

// Reading what Resolve has told people, for tests of notifications and the deadline scanner.

/** Someone more in a test partnership; the email is made unique. */
export function addPerson(
  db: Executor,
  partnershipId: string,
  name: string,
  agencyId: string | null,
  roles: string[],
): Promise<Person> {
  return insertPerson(db, {
    id: randomUUID(),
    partnershipId,
    agencyId,
    name,
    email: `${name.toLowerCase().replaceAll(" ", ".")}.${randomUUID().slice(0, 8)}@example.test`,
    roles,
  });
}

/** A message as a test reads it. */
export interface Told {
  key: string;
  kind: string;
  to: string;
  email: string | null;
  subject: string;
  body: string;
  link: string | null;
  /** London wall-clock time it was written, e.g. "08:00 Thu 2 Apr 2026". */
  at: string;
  delivery: string;
  digestId: string | null;
  id: string;
  escalationId: string | null;
}

/** Every message of the partnership, oldest first, with the recipient's name. */
export async function toldIn(db: Executor, partnershipId: string): Promise<Told[]> {
  const rows = await db
    .select({
      id: messages.id,
      key: messages.key,
      kind: messages.kind,
      to: people.name,
      email: messages.email,
      subject: messages.subject,
      body: messages.body,
      link: messages.link,
      createdAt: sql<string>`to_char(${messages.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      delivery: messages.delivery,
      digestId: messages.digestId,
      escalationId: messages.escalationId,
    })
    .from(messages)
    .innerJoin(people, eq(people.id, messages.recipientPersonId))
    .where(eq(messages.partnershipId, partnershipId))
    .orderBy(asc(messages.createdAt), asc(messages.kind), asc(people.name));
  return rows.map(({ createdAt, ...row }) => ({ ...row, at: formatInstant(createdAt) }));
}

/**
 * One line a message: when, what, to whom, and how its email goes — "pending" (now), "digest"
 * (held, or "in a digest" once one has gone), "none" (in the app only).
 */
export function line(told: Told): string {
  const delivery =
    told.delivery === "digest" && told.digestId !== null ? "in a digest" : told.delivery;
  return `${told.at} ${told.kind} to ${told.to}: ${delivery}`;
}
