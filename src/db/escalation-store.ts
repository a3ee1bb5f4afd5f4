import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import {
  type EscalationEvent,
  joinEvent,
  type KeptEvent,
  type PersonalFields,
  splitEvent,
} from "../engine/escalation/index.ts";
import type { Executor } from "./client.ts";
import {
  escalationEventPersonal,
  escalationEvents,
  escalationParticipants,
  escalationParties,
  escalations,
} from "./schema.ts";

// The history of each escalation: append-only, hash-chained, with each event's personal details
// (src/engine/escalation/personal.ts) held apart so the retention rule can remove them and the
// chain still holds. See docs/adr/0002-event-history.md and 0010-retention-and-a-redactable-history.md.

/** An event as recorded: its place in the escalation's history and its link in the chain. */
export interface StoredEvent extends EscalationEvent {
  escalationId: string;
  version: number;
  previousHash: string;
  hash: string;
  recordedAt: string;
}

/** One event as the database holds it: what is kept, and its personal details while they are. */
export interface EventRecord {
  escalationId: string;
  version: number;
  /** 1: the hash covers the whole event (recorded before migration 0010); 2: see redactableHash. */
  hashRule: number;
  kept: KeptEvent;
  personalDigest: string | null;
  /** Null when the event has none, or once they are removed. */
  personal: { fields: PersonalFields; salt: string | null } | null;
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

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Hash rule 1 (ADR 0002): the whole event. Kept to check the events recorded under it. */
export function wholeEventHash(
  escalationId: string,
  version: number,
  event: EscalationEvent,
  previousHash: string,
): string {
  return sha256(canonicalJson({ escalationId, version, event, previousHash }));
}

/** Hash rule 2 (ADR 0010): what is kept of the event, and the digest of its personal details. */
export function redactableHash(
  escalationId: string,
  version: number,
  kept: KeptEvent,
  personalDigest: string | null,
  previousHash: string,
): string {
  return sha256(canonicalJson({ escalationId, version, kept, personalDigest, previousHash }));
}

/** The salt (32 hex digits) then the fields: without the salt, a digest cannot be guessed at. */
export function personalDigest(salt: string, fields: PersonalFields): string {
  return sha256(`${salt}${canonicalJson(fields)}`);
}

/**
 * The seal the retention job puts on an event recorded under hash rule 1 before removing its
 * personal details: once they are gone its own hash cannot be recomputed, so the anonymisation
 * event, chained after it, vouches for everything that is left of it.
 */
export function sealOf(record: EventRecord): string {
  const { escalationId, version, kept, previousHash, hash } = record;
  return sha256(canonicalJson({ escalationId, version, kept, previousHash, hash }));
}

/** The event a record holds, with "removed" in each personal field that has been removed. */
export function eventOf(record: EventRecord): StoredEvent {
  const none = record.hashRule === 2 && record.personalDigest === null;
  const event = joinEvent(record.kept, record.personal?.fields ?? (none ? {} : null));
  const { escalationId, version, previousHash, hash, recordedAt } = record;
  return { ...event, escalationId, version, previousHash, hash, recordedAt };
}

/** The escalation's events as the database holds them, in order; none for one that does not exist. */
export async function loadRecords(db: Executor, escalationId: string): Promise<EventRecord[]> {
  const rows = await db
    .select({ event: escalationEvents, personal: escalationEventPersonal })
    .from(escalationEvents)
    .leftJoin(
      escalationEventPersonal,
      and(
        eq(escalationEventPersonal.escalationId, escalationEvents.escalationId),
        eq(escalationEventPersonal.version, escalationEvents.version),
      ),
    )
    .where(eq(escalationEvents.escalationId, escalationId))
    .orderBy(asc(escalationEvents.version));
  return rows.map(({ event, personal }) => ({
    escalationId: event.escalationId,
    version: event.version,
    hashRule: event.hashRule,
    kept: event.payload as KeptEvent,
    personalDigest: event.personalDigest,
    personal:
      personal === null ? null : { fields: personal.fields as PersonalFields, salt: personal.salt },
    previousHash: event.previousHash,
    hash: event.hash,
    recordedAt: event.recordedAt,
  }));
}

/** The escalation's events in order, or an empty list for one that does not exist. */
export async function loadEvents(db: Executor, escalationId: string): Promise<StoredEvent[]> {
  return (await loadRecords(db, escalationId)).map(eventOf);
}

/**
 * Events as rows of the history, each numbered after `afterVersion`, chained to the one before
 * under hash rule 2, with its personal details as a row of their own, salted.
 */
export function chainedRows(
  escalationId: string,
  afterVersion: number,
  previousHash: string,
  events: readonly EscalationEvent[],
  salt: () => string = () => randomBytes(16).toString("hex"),
) {
  let hash = previousHash;
  const personalRows: (typeof escalationEventPersonal.$inferInsert)[] = [];
  const eventRows = events.map((event, index) => {
    const version = afterVersion + index + 1;
    const previous = hash;
    const { kept, personal } = splitEvent(event);
    let digest: string | null = null;
    if (personal !== null) {
      const salted = salt();
      digest = personalDigest(salted, personal);
      personalRows.push({ escalationId, version, fields: personal, salt: salted });
    }
    hash = redactableHash(escalationId, version, kept, digest, previous);
    return {
      escalationId,
      version,
      type: event.data.type,
      payload: kept,
      actorPersonId: event.actor.personId,
      occurredAt: event.at,
      previousHash: previous,
      hash,
      hashRule: 2,
      personalDigest: digest,
    };
  });
  return { events: eventRows, personal: personalRows };
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
  if (rows.events.length === 0) return [];
  const inserted = await tx
    .insert(escalationEvents)
    .values(rows.events)
    .onConflictDoNothing()
    .returning({ version: escalationEvents.version, recordedAt: escalationEvents.recordedAt });
  if (inserted.length !== rows.events.length) throw new ConcurrencyError(escalationId);
  if (rows.personal.length > 0) await tx.insert(escalationEventPersonal).values(rows.personal);
  return rows.events.map((row, index) => ({
    ...(events[index] as EscalationEvent),
    escalationId,
    version: row.version,
    previousHash: row.previousHash,
    hash: row.hash,
    recordedAt: inserted[index]?.recordedAt ?? "",
  }));
}

/**
 * Deletes an escalation's personal details: the one change the history allows, and only once it
 * records that the escalation is anonymised (migration 0010's trigger checks). Returns how many
 * events had them.
 */
export async function removePersonalDetails(tx: Executor, escalationId: string): Promise<number> {
  const deleted = await tx
    .delete(escalationEventPersonal)
    .where(eq(escalationEventPersonal.escalationId, escalationId))
    .returning({ version: escalationEventPersonal.version });
  return deleted.length;
}

export interface ChainBreak {
  escalationId: string;
  version: number;
  problem: string;
}

const CHANGED = "its contents do not match its hash: it was changed after it was recorded";

/**
 * Checks one escalation's chain: versions 1, 2, 3…, each linked to the last, each hash recomputed
 * under its rule, and personal details either matching their digest or removed by a later
 * anonymisation (which, for events under rule 1, must vouch for what is left of them).
 */
export function verifyChain(records: readonly EventRecord[]): ChainBreak | null {
  const anonymisation = records.find((record) => record.kept.data.type === "escalation-anonymised");
  const seals = new Map(
    ((anonymisation?.kept.data.sealed ?? []) as { version: number; digest: string }[]).map(
      (seal) => [seal.version, seal.digest],
    ),
  );
  let previous = GENESIS_HASH;
  for (const [index, record] of records.entries()) {
    const at = { escalationId: record.escalationId, version: record.version };
    if (record.version !== index + 1) return { ...at, problem: `expected version ${index + 1}` };
    if (record.previousHash !== previous) {
      return { ...at, problem: "does not link to the event before it" };
    }
    const removed = anonymisation !== undefined && anonymisation.version > record.version;
    const problem = contentProblem(record, removed, seals);
    if (problem !== null) return { ...at, problem };
    previous = record.hash;
  }
  return null;
}

function contentProblem(
  record: EventRecord,
  removed: boolean,
  seals: ReadonlyMap<number, string>,
): string | null {
  const { escalationId, version, kept, personal, previousHash, hash } = record;
  if (record.hashRule === 2) {
    if (personal !== null) {
      if (record.personalDigest === null || personal.salt === null) {
        return "it holds personal details its hash does not cover";
      }
      if (personalDigest(personal.salt, personal.fields) !== record.personalDigest) {
        return "its personal details do not match their digest: they were changed after they were recorded";
      }
    } else if (record.personalDigest !== null && !removed) {
      return "its personal details are missing, but the escalation was never anonymised";
    }
    return redactableHash(escalationId, version, kept, record.personalDigest, previousHash) === hash
      ? null
      : CHANGED;
  }
  if (record.hashRule !== 1) return `it names hash rule ${record.hashRule}, which there is not`;
  if (personal !== null) {
    const event = joinEvent(kept, personal.fields);
    return wholeEventHash(escalationId, version, event, previousHash) === hash ? null : CHANGED;
  }
  // No personal details: either it never had any, or the retention rule removed them.
  if (wholeEventHash(escalationId, version, joinEvent(kept, {}), previousHash) === hash)
    return null;
  if (!removed) return CHANGED;
  return seals.get(version) === sealOf(record)
    ? null
    : "what is left of it after its personal details were removed does not match its seal";
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
  await tx.delete(escalationParticipants);
  await tx.delete(escalations);
}
