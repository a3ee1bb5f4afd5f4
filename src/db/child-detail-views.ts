import { and, desc, eq, lt, type SQL, sql } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { agencies, childDetailViews, people } from "./schema.ts";

// The record of who was shown a child's details: written as each page is shown, read by the
// partnership's administrators. Append-only (src/db/migrations/0008_child-detail-views.sql).

export type NewChildDetailView = Omit<typeof childDetailViews.$inferInsert, "id">;
export type ViewedPart = NewChildDetailView["viewed"];

/** Records one view. Under row-level security, only the acting person's own, of what they see. */
export async function recordChildDetailView(tx: Executor, view: NewChildDetailView): Promise<void> {
  await tx.insert(childDetailViews).values(view);
}

export interface ChildDetailViewFilter {
  /** An escalation's reference, exactly as the partnership gives them (DOR-2025-0001). */
  reference?: string | undefined;
  personId?: string | undefined;
}

export interface ChildDetailViewRow {
  id: number;
  /** ISO 8601. */
  viewedAt: string;
  viewed: ViewedPart;
  escalationReference: string;
  personName: string;
  /** The person's agency when they looked, or null for someone in none. */
  agencyName: string | null;
}

/**
 * One page of a partnership's record of views, newest first, filtered. Keyset pagination on the
 * id (the order they were recorded): the page before `before` costs the same however far back.
 */
export async function listChildDetailViews(
  db: Executor,
  partnershipId: string,
  filter: ChildDetailViewFilter,
  page: { before?: number | undefined; size: number },
): Promise<{ rows: ChildDetailViewRow[]; next: number | undefined }> {
  const conditions: SQL[] = [eq(childDetailViews.partnershipId, partnershipId)];
  if (filter.reference !== undefined) {
    conditions.push(eq(childDetailViews.escalationReference, filter.reference));
  }
  if (filter.personId !== undefined)
    conditions.push(eq(childDetailViews.personId, filter.personId));
  if (page.before !== undefined) conditions.push(lt(childDetailViews.id, page.before));
  const rows = await db
    .select({
      id: childDetailViews.id,
      // ISO 8601, as the rest of Resolve passes instants (PostgreSQL's own text form is not).
      viewedAt: sql<string>`to_char(${childDetailViews.viewedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      viewed: childDetailViews.viewed,
      escalationReference: childDetailViews.escalationReference,
      personName: people.name,
      agencyName: agencies.name,
    })
    .from(childDetailViews)
    .innerJoin(people, eq(people.id, childDetailViews.personId))
    .leftJoin(agencies, eq(agencies.id, childDetailViews.agencyId))
    .where(and(...conditions))
    .orderBy(desc(childDetailViews.id))
    .limit(page.size + 1);
  const shown = rows.slice(0, page.size);
  return {
    rows: shown,
    next: rows.length > page.size ? shown.at(-1)?.id : undefined,
  };
}
