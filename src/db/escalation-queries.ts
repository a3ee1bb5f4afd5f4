import { createHash } from "node:crypto";
import { and, desc, eq, getTableColumns, inArray, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, alias } from "drizzle-orm/pg-core";
import type { Visibility } from "../engine/policy/index.ts";
import type { Executor } from "./client.ts";
import { escalationParticipants, escalationParties, escalations } from "./schema.ts";

// A list never shows a child's details, so it never reads them: the escalation's columns but those.
const { childReference, childDateOfBirth, childStatus, ...listColumns } =
  getTableColumns(escalations);

export type EscalationListRow = Omit<
  typeof escalations.$inferSelect,
  "childReference" | "childDateOfBirth" | "childStatus"
>;

export const RUNNING_STATUSES = ["open", "resolution-proposed"] as const;

/** The columns a page filters and orders by, which every table it walks has. */
interface Walked {
  id: AnyPgColumn;
  updatedAt: AnyPgColumn;
  status: AnyPgColumn;
  category: AnyPgColumn;
  stage: AnyPgColumn;
  nextDueAt: AnyPgColumn;
}

const walkedOf = (table: typeof escalationParties | typeof escalationParticipants): Walked => ({
  id: table.escalationId,
  updatedAt: table.updatedAt,
  status: table.status,
  category: table.category,
  stage: table.stage,
  nextDueAt: table.nextDueAt,
});
const partyWalk = walkedOf(escalationParties);
const participantWalk = walkedOf(escalationParticipants);

function running(walked: Walked): SQL {
  return inArray(walked.status, [...RUNNING_STATUSES]);
}

/** Conditions on the rows of a page, whichever table it walks. */
type Filter = (walked: Walked) => SQL[];

const otherParty = alias(escalationParties, "other_party");

/** The escalation has this agency among its parties. */
function partyIs(escalationId: AnyPgColumn, agencyId: string): SQL {
  return sql`exists (select 1 from ${escalationParties} ${otherParty}
    where ${otherParty.escalationId} = ${escalationId} and ${otherParty.agencyId} = ${agencyId})`;
}

/**
 * One page of escalations the viewer may see (the rule in src/engine/policy/visibility.ts),
 * newest change first, in one statement. The page's ids are merged from one branch per way of
 * seeing, each walking an index in order: each agency they act in (its parties, keeping stages
 * worked at or below their tier there), each person they act as (what that person took part
 * in), and the stages routed to their team. The rows walked carry what the filters ask about,
 * in their index, so a branch reads index entries until it has `limit` that match (more of them
 * for a rarer filter), and only those are checked against their escalation by row-level
 * security: a page costs the same however many escalations there are.
 */
async function page(
  db: Executor,
  viewer: Visibility,
  filter: Filter,
  after: Cursor | undefined,
  limit: number,
): Promise<EscalationListRow[]> {
  // The indexes run (updated_at, id) DESC NULLS LAST; neither column is ever null.
  const walk = (table: SQL, walked: Walked, conditions: (SQL | undefined)[]) => {
    const before =
      after === undefined
        ? undefined
        : sql`(${walked.updatedAt}, ${walked.id}) < (${after.updatedAt}::timestamptz, ${after.id}::uuid)`;
    return sql`(select ${walked.id} as id, ${walked.updatedAt} as updated_at from ${table}
      where ${and(...conditions, ...filter(walked), before)}
      order by ${walked.updatedAt} desc nulls last, ${walked.id} desc nulls last limit ${limit})`;
  };
  const branches = [
    ...Object.entries(viewer.agencyTiers).map(([agencyId, tier]) =>
      walk(sql`${escalationParties}`, partyWalk, [
        eq(escalationParties.agencyId, agencyId),
        lte(escalationParties.stageTier, tier),
      ]),
    ),
    ...viewer.personIds.map((personId) =>
      walk(sql`${escalationParticipants}`, participantWalk, [
        eq(escalationParticipants.personId, personId),
      ]),
    ),
  ];
  if (viewer.overseen.length > 0) {
    const routed = or(
      ...viewer.overseen.map(({ track, stage }) =>
        and(eq(escalations.track, track), eq(escalations.stage, stage)),
      ),
    );
    branches.push(
      walk(sql`${escalations}`, escalations, [
        eq(escalations.partnershipId, viewer.partnershipId),
        routed,
      ]),
    );
  }
  const ids = sql`select id from (${sql.join(branches, sql` union `)}) as page
    order by updated_at desc, id desc limit ${limit}`;
  const query = db
    .select(listColumns)
    .from(escalations)
    .where(sql`${escalations.id} in (${ids})`)
    .orderBy(desc(escalations.updatedAt), desc(escalations.id));
  // Named by its text, so each connection prepares a page of each shape once and PostgreSQL can
  // keep its plan: planning this statement costs more than running it.
  const text = createHash("sha256").update(query.toSQL().sql).digest("base64url");
  return query.prepare(`page_${text}`).execute();
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
  const filters: Filter = (walked) => {
    const conditions: SQL[] = [];
    if (filter.stage !== undefined) conditions.push(eq(walked.stage, filter.stage));
    if (filter.category !== undefined) conditions.push(eq(walked.category, filter.category));
    if (filter.status !== undefined) conditions.push(eq(walked.status, filter.status));
    if (filter.agencyId !== undefined) conditions.push(partyIs(walked.id, filter.agencyId));
    if (filter.overdue === true) {
      conditions.push(running(walked), lt(walked.nextDueAt, now));
    }
    return conditions;
  };
  const rows = await page(db, viewer, filters, after, size + 1);
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
  return page(db, viewer, (walked) => [running(walked)], undefined, limit);
}
