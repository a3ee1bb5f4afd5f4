import type { Database } from "../db/client.ts";
import { findPartnership } from "../db/directory.ts";
import {
  type ChainBreak,
  clearReadModels,
  escalationIds,
  loadEvents,
  loadRecords,
  verifyChain,
} from "../db/escalation-store.ts";
import { replay } from "../engine/escalation/index.ts";
import { project } from "./escalations.ts";
import { procedureStore } from "./procedure-registry.ts";
import { calendarOf } from "./procedures.ts";

export interface VerifyReport {
  escalations: number;
  events: number;
  /** The first broken link found, or null when every chain holds. */
  firstBreak: ChainBreak | null;
}

/** Recomputes every escalation's hash chain, stopping at the first broken link. */
export async function verifyHistory(db: Database): Promise<VerifyReport> {
  const ids = await escalationIds(db);
  let events = 0;
  for (const [index, id] of ids.entries()) {
    const history = await loadRecords(db, id);
    events += history.length;
    const broken = verifyChain(history);
    if (broken !== null) return { escalations: index + 1, events, firstBreak: broken };
  }
  return { escalations: ids.length, events, firstBreak: null };
}

/** Throws away the read models and recreates them from the events, in one transaction. */
export async function rebuildReadModels(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    // Read procedure versions through the transaction: PGlite has one connection, held here.
    const procedures = procedureStore(tx);
    await clearReadModels(tx);
    const ids = await escalationIds(tx);
    for (const id of ids) {
      const events = await loadEvents(tx, id);
      const state = replay(id, events);
      if (state === null) continue;
      const partnership = await findPartnership(tx, state.registration.partnershipId);
      if (partnership === undefined)
        throw new Error(`Escalation ${id} names an unknown partnership`);
      const procedure = await procedures(state.procedure.id, state.procedure.version);
      await project(tx, events, partnership, procedure, calendarOf(partnership));
    }
    return ids.length;
  });
}
