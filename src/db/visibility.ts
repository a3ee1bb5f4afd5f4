import { type SQL, sql } from "drizzle-orm";
import { stageKey, type Visibility } from "../engine/policy/index.ts";
import type { Database, Executor } from "./client.ts";

// Row-level security (src/db/migrations/0007_access-policy.sql, made cheap per row in
// 0014_read-performance.sql) lets the application role see only the escalations the acting
// person may. These set who is acting, for one transaction.

/** Who a piece of work acts for: a person's visibility, or the service itself (jobs, seeding). */
export type ActingFor = Visibility | "system";

/** A PostgreSQL array literal of these values, each quoted, null where there is none. */
function arrayLiteral(values: readonly (string | null)[]): string {
  const element = (value: string | null) =>
    value === null ? "NULL" : `"${value.replaceAll(/["\\]/g, "\\$&")}"`;
  return `{${values.map(element).join(",")}}`;
}

/**
 * Row N (from 1): the agencies where the person acts at tier N or above, up to their highest
 * tier, each row padded with nulls to the same length (PostgreSQL's arrays are rectangular).
 */
function agenciesByTier(agencyTiers: Visibility["agencyTiers"]): string {
  const tiers = Object.entries(agencyTiers);
  const highest = Math.max(0, ...tiers.map(([, tier]) => tier));
  const rows = Array.from({ length: highest }, (_, index) => {
    const agencies = tiers.filter(([, tier]) => tier > index).map(([agency]) => agency);
    const padding = Array.from({ length: tiers.length - agencies.length }, () => null);
    return arrayLiteral([...agencies, ...padding]);
  });
  return `{${rows.join(",")}}`;
}

/**
 * The settings row-level security reads: as JSON (for policies that take them apart with
 * subqueries) and as PostgreSQL arrays (for the escalations policy in
 * 0014_read-performance.sql, which reads each once a query).
 */
function visibilitySettings(visibility: Visibility): [string, string][] {
  const stages = visibility.overseen.map(stageKey);
  return [
    ["resolve.partnership_id", visibility.partnershipId],
    ["resolve.person_ids", JSON.stringify(visibility.personIds)],
    ["resolve.agency_tiers", JSON.stringify(visibility.agencyTiers)],
    ["resolve.overseen", JSON.stringify(stages)],
    ["resolve.people", arrayLiteral(visibility.personIds)],
    ["resolve.stages", arrayLiteral(stages)],
    ["resolve.agencies_by_tier", agenciesByTier(visibility.agencyTiers)],
  ];
}

/**
 * Switches the transaction to the application role and tells PostgreSQL what the acting person
 * may see, in one statement. Both are local to the transaction: the connection goes back to the
 * pool as it was.
 */
export async function actAs(tx: Executor, actingFor: ActingFor): Promise<void> {
  if (actingFor === "system") return;
  const settings: SQL[] = visibilitySettings(actingFor).map(
    ([name, value]) => sql`set_config(${name}, ${value}, true)`,
  );
  await tx.execute(
    sql`select set_config('role', 'resolve_app', true), ${sql.join(settings, sql`, `)}`,
  );
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
