import { and, asc, gt, lte } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { escalations } from "./schema.ts";

/**
 * Escalations whose follow-up check fell due after `from` and by `to` and still waits for an
 * answer, by partnership (the read model's follow_up_due_at, over its own index).
 */
export async function followUpsDueBetween(
  db: Executor,
  from: string,
  to: string,
): Promise<{ id: string; partnershipId: string }[]> {
  return db
    .select({ id: escalations.id, partnershipId: escalations.partnershipId })
    .from(escalations)
    .where(and(gt(escalations.followUpDueAt, from), lte(escalations.followUpDueAt, to)))
    .orderBy(asc(escalations.partnershipId), asc(escalations.followUpDueAt));
}
