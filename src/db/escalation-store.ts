import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { EscalationEvent } from "../engine/escalation/index.ts";
import type { Executor } from "./client.ts";
import { escalationEvents, escalationParties, escalations } from "./schema.ts";

/** An event as recorded: its place in the escalation's history and its link in the chain. */
export interface StoredEvent extends EscalationEvent {
  escalationId: string;
  version: number;
  previousHash: string;
  hash: string;
  recordedAt: string;
}

/** Someone else changed the escalation first: the command must be decided again on fresh state. */
export class ConcurrencyError extends Error {
  readonly escalationId: string;
  constructor(escalationId: string) {
    super(`Escalation ${escalationId} changed while this action was being taken`);
    this.escalationId = escalationId;
  }
}

export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted, so the same event always hashes the same, whatever jsonb does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function eventHash(
  escalationId: string,
  version: number,
  event: EscalationEvent,
  previousHash: string,
): string {
  return createHash("sha256")
    .update(canonicalJson({ escalationId, version, event, previousHash }))
    .digest("hex");
}

/** The escalation's events in order, or an empty list for one that does not exist. */
export async function loadEvents(db: Executor, escalationId: string): Promise<StoredEvent[]> {
  const rows = await db
    .select()
    .from(escalationEvents)
    .where(eq(escalationEvents.escalationId, escalationId))
    .orderBy(asc(escalationEvents.version));
  return rows.map((row) => ({
    ...(row.payload as EscalationEvent),
    escalationId: row.escalationId,
    version: row.version,
    previousHash: row.previousHash,
    hash: row.hash,
    recordedAt: row.recordedAt,
  }));
}

/** Events as rows of the history, each numbered after `afterVersion` and chained to the one before. */
export function chainedRows(
  escalationId: string,
  afterVersion: number,
  previousHash: string,
  events: readonly EscalationEvent[],
) {
  let hash = previousHash;
  return events.map((event, index) => {
    const version = afterVersion + index + 1;
    const previous = hash;
    hash = eventHash(escalationId, version, event, previous);
    return {
      escalationId,
      version,
      type: event.data.type,
      payload: event,
      actorPersonId: event.actor.personId,
      occurredAt: event.at,
      previousHash: previous,
      hash,
    };
  });
}

/**
 * Appends events after `expectedVersion`, chaining each to the one before. Throws
 * ConcurrencyError when another writer got there first (the version is unique per escalation).
 */
export async function appendEvents(
  tx: Executor,
  escalationId: string,
  expectedVersion: number,
  previousHash: string,
  events: readonly EscalationEvent[],
): Promise<StoredEvent[]> {
  const rows = chainedRows(escalationId, expectedVersion, previousHash, events);
  if (rows.length === 0) return [];
  const inserted = await tx
    .insert(escalationEvents)
    .values(rows)
    .onConflictDoNothing()
    .returning({ version: escalationEvents.version, recordedAt: escalationEvents.recordedAt });
  if (inserted.length !== rows.length) throw new ConcurrencyError(escalationId);
  return rows.map((row, index) => ({
    ...row.payload,
    escalationId,
    version: row.version,
    previousHash: row.previousHash,
    hash: row.hash,
    recordedAt: inserted[index]?.recordedAt ?? "",
  }));
}

export interface ChainBreak {
  escalationId: string;
  version: number;
  problem: string;
}

/** Checks one escalation's chain: versions 1, 2, 3…, each hash recomputed and linked to the last. */
export function verifyChain(events: readonly StoredEvent[]): ChainBreak | null {
  let previous = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const at = { escalationId: event.escalationId, version: event.version };
    if (event.version !== index + 1) return { ...at, problem: `expected version ${index + 1}` };
    if (event.previousHash !== previous) {
      return { ...at, problem: "does not link to the event before it" };
    }
    const { escalationId, version, previousHash, hash, recordedAt: _recorded, ...payload } = event;
    if (eventHash(escalationId, version, payload, previousHash) !== hash) {
      return {
        ...at,
        problem: "its contents do not match its hash: it was changed after it was recorded",
      };
    }
    previous = hash;
  }
  return null;
}

/** Every escalation id with events, in a stable order, for verifying and rebuilding. */
export async function escalationIds(db: Executor): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: escalationEvents.escalationId })
    .from(escalationEvents)
    .orderBy(escalationEvents.escalationId);
  return rows.map((row) => row.id);
}

/** Empties the read models, before rebuilding them from the events. */
export async function clearReadModels(tx: Executor): Promise<void> {
  await tx.delete(escalationParties);
  await tx.delete(escalations);
}
