import { eq } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { escalationParties, escalations } from "./schema.ts";

export type EscalationRow = typeof escalations.$inferInsert;

/** Writes an escalation's read-model row and its parties, in the caller's transaction. */
export async function saveReadModel(tx: Executor, row: EscalationRow): Promise<void> {
  await tx
    .insert(escalations)
    .values(row)
    .onConflictDoUpdate({ target: escalations.id, set: { ...row, id: undefined } });
  await tx.delete(escalationParties).where(eq(escalationParties.escalationId, row.id));
  await tx.insert(escalationParties).values(partyRows(row));
}

/** The agencies party to an escalation, on each side, as rows of escalation_parties. */
export function partyRows(row: EscalationRow): (typeof escalationParties.$inferInsert)[] {
  return [
    {
      escalationId: row.id,
      agencyId: row.raisingAgencyId,
      side: "raising",
      updatedAt: row.updatedAt,
    },
    ...row.receivingAgencyIds.map((agencyId) => ({
      escalationId: row.id,
      agencyId,
      side: "receiving",
      updatedAt: row.updatedAt,
    })),
  ];
}
