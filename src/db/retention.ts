import { and, asc, eq, gt, isNotNull, isNull, lt, notInArray, or, type SQL } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { escalations } from "./schema.ts";

/** Where a pass of the retention job has got to in a partnership: the last escalation it took. */
export interface RetentionPosition {
  closedAt: string;
  id: string;
}

/**
 * Up to `limit` of a partnership's closed escalations, not yet anonymised, that closed before
 * `cutoff` and come after `after` (oldest first), locked for this transaction. Rows another
 * transaction holds are skipped, so jobs running side by side never take the same escalation.
 */
export async function dueForRetention(
  tx: Executor,
  partnershipId: string,
  cutoff: string,
  after: RetentionPosition | null,
  limit: number,
): Promise<RetentionPosition[]> {
  const conditions: (SQL | undefined)[] = [
    eq(escalations.partnershipId, partnershipId),
    isNotNull(escalations.closedAt),
    isNull(escalations.anonymisedAt),
    notInArray(escalations.status, ["open", "resolution-proposed"]),
    lt(escalations.closedAt, cutoff),
  ];
  if (after !== null) {
    conditions.push(
      or(
        gt(escalations.closedAt, after.closedAt),
        and(eq(escalations.closedAt, after.closedAt), gt(escalations.id, after.id)),
      ),
    );
  }
  const rows = await tx
    .select({ id: escalations.id, closedAt: escalations.closedAt })
    .from(escalations)
    .where(and(...conditions))
    .orderBy(asc(escalations.closedAt), asc(escalations.id))
    .limit(limit)
    .for("update", { skipLocked: true });
  return rows.map((row) => ({ id: row.id, closedAt: row.closedAt ?? "" }));
}
