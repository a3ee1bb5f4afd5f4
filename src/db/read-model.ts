import { eq } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { escalationParticipants, escalationParties, escalations } from "./schema.ts";

export type EscalationRow = typeof escalations.$inferInsert;

/**
 * Writes an escalation's read-model row, its parties and its participants, in the caller's
 * transaction.
 */
export async function saveReadModel(tx: Executor, row: EscalationRow): Promise<void> {
  await tx
    .insert(escalations)
    .values(row)
    .onConflictDoUpdate({ target: escalations.id, set: { ...row, id: undefined } });
  await tx.delete(escalationParties).where(eq(escalationParties.escalationId, row.id));
  await tx.insert(escalationParties).values(partyRows(row));
  await tx.delete(escalationParticipants).where(eq(escalationParticipants.escalationId, row.id));
  const participants = participantRows(row);
  if (participants.length > 0) await tx.insert(escalationParticipants).values(participants);
}

/** What a page of escalations filters by, copied onto each row it walks (see schema.ts). */
function listed(row: EscalationRow) {
  return {
    updatedAt: row.updatedAt,
    status: row.status,
    category: row.category,
    stage: row.stage,
    nextDueAt: row.nextDueAt ?? null,
  };
}

/** The agencies party to an escalation, on each side, as rows of escalation_parties. */
export function partyRows(row: EscalationRow): (typeof escalationParties.$inferInsert)[] {
  // readModelRow always works the tier out; 1 is the column's default on escalations.
  const party = { escalationId: row.id, ...listed(row), stageTier: row.stageTier ?? 1 };
  return [
    { ...party, agencyId: row.raisingAgencyId, side: "raising" },
    ...row.receivingAgencyIds.map((agencyId) => ({ ...party, agencyId, side: "receiving" })),
  ];
}

/** Everyone who has taken part in an escalation, as rows of escalation_participants. */
export function participantRows(
  row: EscalationRow,
): (typeof escalationParticipants.$inferInsert)[] {
  return (row.participantIds ?? []).map((personId) => ({
    escalationId: row.id,
    personId,
    ...listed(row),
  }));
}
