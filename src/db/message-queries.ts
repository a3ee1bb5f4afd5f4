import {
  type AnyColumn,
  and,
  count,
  desc,
  eq,
  inArray,
  isNull,
  ne,
  type SQL,
  sql,
} from "drizzle-orm";
import { isUuid } from "./administration.ts";
import type { Executor } from "./client.ts";
import { messages, people } from "./schema.ts";

// Reading messages (src/db/messages.ts writes them): a person's own, newest first, for in-app
// notifications; a partnership's emails, for the administrators' outbox and the demo mailbox.
// Lists are keyset-paginated on (created_at, id), the order of the messages_recipient and
// messages_outbox indexes, so a page costs the same however far back it is.

export type Delivery = (typeof messages.$inferSelect)["delivery"];

/** An instant as ISO 8601 in UTC to the microsecond, as the rest of Resolve passes instants. */
const iso = <T extends string | null = string>(column: AnyColumn) =>
  sql<T>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const messageColumns = {
  id: messages.id,
  partnershipId: messages.partnershipId,
  recipientPersonId: messages.recipientPersonId,
  escalationId: messages.escalationId,
  subject: messages.subject,
  body: messages.body,
  link: messages.link,
  createdAt: iso(messages.createdAt),
  read: sql<boolean>`${messages.readAt} is not null`,
};

export type Message = {
  id: string;
  partnershipId: string;
  recipientPersonId: string;
  escalationId: string | null;
  subject: string;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
};

/** A page of a list: its rows, and the id of its last row when there is a next page. */
export interface Page<T> {
  rows: T[];
  next: string | undefined;
  /** True when `after` was given but is not a message of this list (a tampered link): page 1. */
  ignoredAfter: boolean;
}

/**
 * How many of the person's messages they have not read: one count over the partial index
 * messages_unread, which holds only unread messages.
 */
export async function countUnread(db: Executor, personId: string): Promise<number> {
  const [row] = await db.select({ value: count() }).from(messages).where(unreadBy(personId));
  return row?.value ?? 0;
}

/** The person's unread messages (for counting them in a subquery of a larger statement too). */
export function unreadBy(personId: SQL | string): SQL {
  return and(eq(messages.recipientPersonId, personId), isNull(messages.readAt)) as SQL;
}

/** The message with this id, whoever it is to, or undefined (an id that is not a UUID included). */
export async function findMessage(db: Executor, id: string): Promise<Message | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select(messageColumns).from(messages).where(eq(messages.id, id));
  return row;
}

/**
 * Where `after` (a message id) sits in a list whose rows all match `within`, as a condition for
 * the rows after it; null when it is not in that list.
 */
async function after(db: Executor, id: string, within: SQL | undefined): Promise<SQL | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ createdAt: messages.createdAt, id: messages.id })
    .from(messages)
    .where(and(eq(messages.id, id), within));
  if (row === undefined) return null;
  return sql`(${messages.createdAt}, ${messages.id}) < (${row.createdAt}::timestamptz, ${row.id}::uuid)`;
}

/** One page of rows matching `within`, newest first, after the message `afterId` if given. */
async function pageOf<T extends { id: string }>(
  db: Executor,
  within: SQL | undefined,
  page: { after?: string | undefined; size: number },
  select: (where: SQL | undefined, limit: number) => Promise<T[]>,
): Promise<Page<T>> {
  const position = page.after === undefined ? undefined : await after(db, page.after, within);
  const rows = await select(position ? and(within, position) : within, page.size + 1);
  const shown = rows.slice(0, page.size);
  return {
    rows: shown,
    next: rows.length > page.size ? shown.at(-1)?.id : undefined,
    ignoredAfter: position === null,
  };
}

/** The person's messages, newest first. */
export function listMessagesTo(
  db: Executor,
  personId: string,
  page: { after?: string | undefined; size: number },
): Promise<Page<Message>> {
  return pageOf(db, eq(messages.recipientPersonId, personId), page, (where, limit) =>
    db
      .select(messageColumns)
      .from(messages)
      .where(where)
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(limit),
  );
}

/** Marks one message read at `at`, unless it already is. */
export async function markRead(db: Executor, id: string, at: string): Promise<void> {
  await db
    .update(messages)
    .set({ readAt: at })
    .where(and(eq(messages.id, id), isNull(messages.readAt)));
}

/** Marks every unread message of the person read at `at`; returns how many there were. */
export async function markAllRead(db: Executor, personId: string, at: string): Promise<number> {
  const marked = await db
    .update(messages)
    .set({ readAt: at })
    .where(and(eq(messages.recipientPersonId, personId), isNull(messages.readAt)))
    .returning({ id: messages.id });
  return marked.length;
}

/** A message as an email in the outbox: its recipient and how its sending is going. */
export type OutboxMessage = Message & {
  recipientName: string;
  email: string | null;
  delivery: Delivery;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
};

const outboxColumns = {
  ...messageColumns,
  recipientName: people.name,
  email: messages.email,
  delivery: messages.delivery,
  attempts: messages.attempts,
  lastError: messages.lastError,
  sentAt: iso<string | null>(messages.sentAt),
};

/** Emails: every message but those for the app only. */
const EMAIL = ne(messages.delivery, "none");

/**
 * The partnership's emails, newest first: every message but those for the app only, or only
 * those whose delivery is one of `deliveries`.
 */
export function listOutbox(
  db: Executor,
  partnershipId: string,
  filter: { deliveries?: readonly Delivery[] | undefined },
  page: { after?: string | undefined; size: number },
): Promise<Page<OutboxMessage>> {
  const within = and(
    eq(messages.partnershipId, partnershipId),
    filter.deliveries === undefined ? EMAIL : inArray(messages.delivery, [...filter.deliveries]),
  );
  return pageOf(db, within, page, (where, limit) =>
    db
      .select(outboxColumns)
      .from(messages)
      .innerJoin(people, eq(people.id, messages.recipientPersonId))
      .where(where)
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(limit),
  );
}

/** How many of the partnership's emails the dispatcher gave up on. */
export async function countFailed(db: Executor, partnershipId: string): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(messages)
    .where(and(eq(messages.partnershipId, partnershipId), eq(messages.delivery, "failed")));
  return row?.value ?? 0;
}

/**
 * Puts a failed email of the partnership back in the queue, due at `at`, with a fresh set of
 * attempts; its last error stays until the next attempt. Returns the message as it was, or
 * undefined when there is no such failed email (already retried, or not the partnership's).
 */
export async function requeueFailed(
  db: Executor,
  partnershipId: string,
  id: string,
  at: string,
): Promise<OutboxMessage | undefined> {
  if (!isUuid(id)) return undefined;
  const failed = and(
    eq(messages.id, id),
    eq(messages.partnershipId, partnershipId),
    eq(messages.delivery, "failed"),
  );
  const [before] = await db
    .select(outboxColumns)
    .from(messages)
    .innerJoin(people, eq(people.id, messages.recipientPersonId))
    .where(failed)
    .for("update", { of: messages });
  if (before === undefined) return undefined;
  await db
    .update(messages)
    .set({ delivery: "pending", attempts: 0, nextAttemptAt: at, claimedUntil: null })
    .where(failed);
  return before;
}
