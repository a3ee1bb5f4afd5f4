import { and, arrayOverlaps, desc, eq, inArray, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { Visibility } from "../engine/policy/index.ts";
import type { Executor } from "./client.ts";
import { escalationParties, escalations } from "./schema.ts";

export type EscalationListRow = typeof escalations.$inferSelect;

export const RUNNING_STATUSES = ["open", "resolution-proposed"] as const;

/** The escalation has this agency among its parties. */
function partyIs(agencyId: string): SQL {
  return sql`exists (select 1 from ${escalationParties} where ${escalationParties.escalationId} = ${escalations.id} and ${escalationParties.agencyId} = ${agencyId})`;
}

// The indexes run (updated_at, id) DESC NULLS LAST, as Drizzle writes them; the branches order
// the same way so PostgreSQL walks an index instead of sorting. Neither column is ever null.

/**
 * One page of escalations the viewer may see (the rule in src/engine/policy/visibility.ts),
 * newest change first, in one statement. The page's ids are merged from one branch per way of
 * seeing: each agency they act in (walking that agency's index of parties in order, keeping
 * stages worked at or below their tier there), what they took part in, and the stages routed to
 * their team. Each branch stops after `limit` rows, so a page costs the same however many
 * escalations there are. Row-level security applies the same rule again underneath.
 */
async function page(
  db: Executor,
  viewer: Visibility,
  conditions: readonly SQL[],
  after: Cursor | undefined,
  limit: number,
): Promise<EscalationListRow[]> {
  const where = (extra: SQL[]) =>
    and(eq(escalations.partnershipId, viewer.partnershipId), ...conditions, ...extra);
  const before = (updatedAt: SQL, id: SQL): SQL[] =>
    after === undefined
      ? []
      : [sql`(${updatedAt}, ${id}) < (${after.updatedAt}::timestamptz, ${after.id}::uuid)`];
  const newestFirst = (updatedAt: SQL, id: SQL) =>
    sql`order by ${updatedAt} desc nulls last, ${id} desc nulls last limit ${limit}`;
  const byLog = before(sql`${escalations.updatedAt}`, sql`${escalations.id}`);
  const logOrder = newestFirst(sql`${escalations.updatedAt}`, sql`${escalations.id}`);
  // Each agency's branch walks its index of parties in order and looks each escalation up. The
  // lookup is fenced (offset 0) so that PostgreSQL cannot turn it round, reading every escalation
  // that matches the filters and sorting them, which it would otherwise judge cheaper because it
  // cannot see how few rows row-level security lets through.
  const branches: SQL[] = Object.entries(viewer.agencyTiers).map(([agencyId, tier]) => {
    const partyUpdated = sql`${escalationParties.updatedAt}`;
    const partyId = sql`${escalationParties.escalationId}`;
    const walked = [
      sql`${escalationParties.agencyId} = ${agencyId}`,
      ...before(partyUpdated, partyId),
    ];
    return sql`(select found.id, found.updated_at from ${escalationParties}
      cross join lateral (select ${escalations.id} as id, ${escalations.updatedAt} as updated_at
        from ${escalations}
        where ${escalations.id} = ${escalationParties.escalationId}
          and ${where([lte(escalations.stageTier, tier)])}
        offset 0) as found
      where ${and(...walked)}
      ${newestFirst(partyUpdated, partyId)})`;
  });
  branches.push(sql`(select ${escalations.id} as id, ${escalations.updatedAt} as updated_at
    from ${escalations}
    where ${arrayOverlaps(escalations.participantIds, [...viewer.personIds])} and ${where(byLog)}
    ${logOrder})`);
  if (viewer.overseen.length > 0) {
    const routed = or(
      ...viewer.overseen.map(({ track, stage }) =>
        and(eq(escalations.track, track), eq(escalations.stage, stage)),
      ),
    ) as SQL;
    branches.push(sql`(select ${escalations.id} as id, ${escalations.updatedAt} as updated_at
      from ${escalations} where ${routed} and ${where(byLog)} ${logOrder})`);
  }
  const ids = sql`select id from (${sql.join(branches, sql` union `)}) as page
    order by updated_at desc, id desc limit ${limit}`;
  return db
    .select()
    .from(escalations)
    .where(sql`${escalations.id} in (${ids})`)
    .orderBy(desc(escalations.updatedAt), desc(escalations.id));
}

export interface LogFilter {
  stage?: string | undefined;
  agencyId?: string | undefined;
  category?: string | undefined;
  status?: string | undefined;
  overdue?: boolean | undefined;
}

/** A position in the log: the last row of the previous page, (updatedAt, id) descending. */
export interface Cursor {
  updatedAt: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.updatedAt}|${cursor.id}`).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The cursor in a link, or undefined when it is not one of ours (a tampered link starts over). */
export function decodeCursor(text: string | undefined): Cursor | undefined {
  if (text === undefined || text.length > 200) return undefined;
  const [updatedAt, id, extra] = Buffer.from(text, "base64url").toString("utf8").split("|");
  if (updatedAt === undefined || id === undefined || extra !== undefined) return undefined;
  if (!UUID.test(id) || Number.isNaN(Date.parse(updatedAt))) return undefined;
  return { updatedAt, id };
}

/**
 * One page of the escalations a viewer may see, newest change first, filtered. Keyset
 * pagination: the page after `after` costs the same however deep into the log it is.
 */
export async function escalationLog(
  db: Executor,
  viewer: Visibility,
  filter: LogFilter,
  now: string,
  { after, size }: { after?: Cursor | undefined; size: number },
): Promise<{ rows: EscalationListRow[]; next: Cursor | undefined }> {
  const conditions: SQL[] = [];
  if (filter.stage !== undefined) conditions.push(eq(escalations.stage, filter.stage));
  if (filter.category !== undefined) conditions.push(eq(escalations.category, filter.category));
  if (filter.status !== undefined) conditions.push(eq(escalations.status, filter.status));
  if (filter.agencyId !== undefined) {
    conditions.push(partyIs(filter.agencyId));
  }
  if (filter.overdue === true) {
    conditions.push(
      inArray(escalations.status, [...RUNNING_STATUSES]),
      lt(escalations.nextDueAt, now),
    );
  }
  const rows = await page(db, viewer, conditions, after, size + 1);
  const shown = rows.slice(0, size);
  const last = shown.at(-1);
  return {
    rows: shown,
    next:
      rows.length > size && last !== undefined
        ? { updatedAt: last.updatedAt, id: last.id }
        : undefined,
  };
}

/** Running escalations waiting on the viewer's agency or team, most recently changed first. */
export async function yourWork(
  db: Executor,
  viewer: Visibility,
  limit = 50,
): Promise<EscalationListRow[]> {
  const running = [inArray(escalations.status, [...RUNNING_STATUSES])];
  return page(db, viewer, running, undefined, limit);
}
