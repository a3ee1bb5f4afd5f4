import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import { londonDate } from "../engine/calendar/instant.ts";
import { type AccessFacts, accessFactColumns } from "./access-facts.ts";
import type { Executor } from "./client.ts";
import { type Person, personColumns } from "./directory.ts";
import { unreadBy } from "./message-queries.ts";
import {
  messages,
  partnerships,
  people,
  personRoles,
  sessions,
  signInChallenges,
} from "./schema.ts";

// Sessions are rows, so any instance serves any request. The browser holds a random token;
// the database holds only its hash, so a leaked table cannot be replayed as cookies.

export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps of a token: its SHA-256, so a leaked table cannot be replayed. */
export function hashOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * A live session, with everything about its person that every page needs: what access needs to
 * know (see accessFactColumns) and how many of their messages they have not read.
 */
export interface Session extends AccessFacts {
  csrfToken: string;
  person: Person;
  unread: number;
}

/** Starts a session for a person, returning the token for the cookie. */
export async function createSession(
  db: Executor,
  personId: string,
  now: Date,
  idleMinutes: number,
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  await db.insert(sessions).values({
    idHash: hashOf(token),
    personId,
    csrfToken,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + idleMinutes * 60_000).toISOString(),
  });
  return { token, csrfToken };
}

/** Activity closer together than this does not rewrite the session row: one write a minute at most. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * The statement that resumes a session: one for each database, prepared once, so that neither
 * Drizzle nor PostgreSQL works it out again for every request (planning it cost more than
 * running it).
 */
function resumeStatement(db: Executor) {
  return db
    .select({
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      person: personColumns,
      ...accessFactColumns(sql.placeholder("today")),
      unread: sql<number>`(select count(*)::integer from ${messages} where ${unreadBy(sql`${people.id}`)})`,
    })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .innerJoin(partnerships, eq(partnerships.id, people.partnershipId))
    .leftJoin(personRoles, eq(personRoles.personId, people.id))
    .where(
      and(
        eq(sessions.idHash, sql.placeholder("idHash")),
        gt(sessions.expiresAt, sql.placeholder("now")),
      ),
    )
    .groupBy(sessions.idHash, people.id, partnerships.id)
    .prepare("resume_session");
}

const resumeStatements = new WeakMap<Executor, ReturnType<typeof resumeStatement>>();

/**
 * The live session for a token, in one statement with its person, their roles, their
 * partnership, the colleagues they cover today, their role inboxes and their unread messages;
 * its idle expiry pushed back. Undefined once it has expired.
 */
export async function resumeSession(
  db: Executor,
  token: string,
  now: Date,
  idleMinutes: number,
): Promise<Session | undefined> {
  let statement = resumeStatements.get(db);
  if (statement === undefined) {
    statement = resumeStatement(db);
    resumeStatements.set(db, statement);
  }
  const [row] = await statement.execute({
    idHash: hashOf(token),
    now: now.toISOString(),
    today: londonDate(now.toISOString()),
  });
  if (row === undefined) return undefined;
  const { lastSeenAt, ...session } = row;
  if (now.getTime() - Date.parse(lastSeenAt) >= TOUCH_INTERVAL_MS) {
    await db
      .update(sessions)
      .set({
        lastSeenAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + idleMinutes * 60_000).toISOString(),
      })
      .where(eq(sessions.idHash, hashOf(token)));
  }
  return session;
}

export async function endSession(db: Executor, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, hashOf(token)));
}

/** Signs a person out everywhere, and ends any sign-in of theirs still waiting for a code. */
export async function endAllSessions(db: Executor, personId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.personId, personId));
  await db.delete(signInChallenges).where(eq(signInChallenges.personId, personId));
}

/**
 * A sign-in waiting for a code: the password was right, the authenticator app is still to come.
 * It is not a session (it opens no page); the browser holds its token in a cookie.
 */
export async function startChallenge(
  db: Executor,
  personId: string,
  returnTo: string,
  expiresAt: Date,
): Promise<string> {
  const token = randomToken();
  await db.insert(signInChallenges).values({
    idHash: hashOf(token),
    personId,
    returnTo,
    expiresAt: expiresAt.toISOString(),
  });
  return token;
}

/** Who a waiting sign-in is for and where it leads, or undefined once it has expired or ended. */
export async function findChallenge(
  db: Executor,
  token: string,
  now: Date,
): Promise<{ personId: string; returnTo: string } | undefined> {
  const [row] = await db
    .select({ personId: signInChallenges.personId, returnTo: signInChallenges.returnTo })
    .from(signInChallenges)
    .where(
      and(
        eq(signInChallenges.idHash, hashOf(token)),
        gt(signInChallenges.expiresAt, now.toISOString()),
      ),
    );
  return row;
}

/** Ends a waiting sign-in; true if it was still there (so it ends once, however many try). */
export async function endChallenge(db: Executor, token: string): Promise<boolean> {
  const ended = await db
    .delete(signInChallenges)
    .where(eq(signInChallenges.idHash, hashOf(token)))
    .returning({ idHash: signInChallenges.idHash });
  return ended.length > 0;
}
