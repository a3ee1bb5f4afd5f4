import { and, desc, eq, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { escalationParties, escalations } from "./schema.ts";

export type EscalationListRow = typeof escalations.$inferSelect;

export const RUNNING_STATUSES = ["open", "resolution-proposed"] as const;

/** Who is asking, as far as what they may see: their agency and the stages routed to their team. */
export interface Viewer {
  partnershipId: string;
  agencyId: string | null;
  /** Track and stage pairs the partnership team oversees, when the viewer is on that team. */
  oversees: readonly { track: string; stage: string }[];
}

/** The escalation has this agency among its parties. */
function partyIs(agencyId: string): SQL {
  return sql`exists (select 1 from ${escalationParties} where ${escalationParties.escalationId} = ${escalations.id} and ${escalationParties.agencyId} = ${agencyId})`;
}

/** Escalations the viewer's agency is party to, or that the procedure routes to their team. */
export function visibleTo(viewer: Viewer): SQL {
  const mine = viewer.agencyId === null ? sql`false` : partyIs(viewer.agencyId);
  const routed = viewer.oversees.map(
    ({ track, stage }) => and(eq(escalations.track, track), eq(escalations.stage, stage)) as SQL,
  );
  return and(eq(escalations.partnershipId, viewer.partnershipId), or(mine, ...routed)) as SQL;
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
  viewer: Viewer,
  filter: LogFilter,
  now: string,
  page: { after?: Cursor | undefined; size: number },
): Promise<{ rows: EscalationListRow[]; next: Cursor | undefined }> {
  const conditions: SQL[] = [visibleTo(viewer)];
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
  if (page.after !== undefined) {
    conditions.push(
      sql`(${escalations.updatedAt}, ${escalations.id}) < (${page.after.updatedAt}::timestamptz, ${page.after.id}::uuid)`,
    );
  }
  const rows = await db
    .select()
    .from(escalations)
    .where(and(...conditions))
    .orderBy(desc(escalations.updatedAt), desc(escalations.id))
    .limit(page.size + 1);
  const shown = rows.slice(0, page.size);
  const last = shown.at(-1);
  return {
    rows: shown,
    next:
      rows.length > page.size && last !== undefined
        ? { updatedAt: last.updatedAt, id: last.id }
        : undefined,
  };
}

/** Running escalations waiting on the viewer's agency or team, most recently changed first. */
export async function yourWork(
  db: Executor,
  viewer: Viewer,
  limit = 50,
): Promise<EscalationListRow[]> {
  return db
    .select()
    .from(escalations)
    .where(and(visibleTo(viewer), inArray(escalations.status, [...RUNNING_STATUSES])))
    .orderBy(desc(escalations.updatedAt), desc(escalations.id))
    .limit(limit);
}
