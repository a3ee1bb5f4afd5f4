import { sql } from "drizzle-orm";
import { stageKey, type Visibility } from "../engine/policy/index.ts";
import type { Database, Executor } from "./client.ts";

// Row-level security (src/db/migrations/0007_access-policy.sql) lets the application role see
// only the escalations the acting person may. These set who is acting, for one transaction.

/** Who a piece of work acts for: a person's visibility, or the service itself (jobs, seeding). */
export type ActingFor = Visibility | "system";

/**
 * Switches the transaction to the application role and tells PostgreSQL what the acting person
 * may see. Both are local to the transaction: the connection goes back to the pool as it was.
 */
export async function actAs(tx: Executor, actingFor: ActingFor): Promise<void> {
  if (actingFor === "system") return;
  await tx.execute(sql`select
    set_config('role', 'resolve_app', true),
    set_config('resolve.partnership_id', ${actingFor.partnershipId}, true),
    set_config('resolve.person_ids', ${JSON.stringify(actingFor.personIds)}, true),
    set_config('resolve.agency_tiers', ${JSON.stringify(actingFor.agencyTiers)}, true),
    set_config('resolve.overseen', ${JSON.stringify(actingFor.overseen.map(stageKey))}, true)`);
}

/** Runs `work` in a transaction that sees only what `actingFor` may. */
export function readAs<T>(
  db: Database,
  actingFor: ActingFor,
  work: (tx: Executor) => Promise<T>,
): Promise<T> {
  if (actingFor === "system") return work(db);
  return db.transaction(async (tx) => {
    await actAs(tx, actingFor);
    return work(tx);
  });
}
