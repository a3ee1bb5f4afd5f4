import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../src/db/client.ts";

/** The guarded tables of the history, each with the trigger that refuses changes to it. */
const GUARDS = {
  escalation_events: "escalation_events_append_only",
  escalation_event_personal: "escalation_event_personal_guard",
} as const;

/**
 * Changes the history as someone holding the database's keys could: the table's guarding trigger
 * set aside for the one statement, in a transaction. For tests that tampering is found out.
 */
export async function tamper(
  db: Executor,
  change: SQL,
  table: keyof typeof GUARDS = "escalation_events",
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`alter table ${sql.identifier(table)} disable trigger ${sql.identifier(GUARDS[table])}`,
    );
    await tx.execute(change);
    await tx.execute(
      sql`alter table ${sql.identifier(table)} enable trigger ${sql.identifier(GUARDS[table])}`,
    );
  });
}
