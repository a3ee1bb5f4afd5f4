// Which parts of an event could identify a child or a family, and which are kept for good.
// The store keeps the two apart (docs/adr/0010-retention-and-a-redactable-history.md): the hash
// chain covers what is kept and a salted digest of the personal part, so the personal part can be
// deleted at the end of the partnership's retention period and the chain still holds.
import type { EscalationEvent, EventData } from "./types.ts";

/** What stands where personal text was, once it has been removed. */
export const REMOVED = "Removed under the retention rule";

type EventType = EventData["type"];
type DataOf<T extends EventType> = Extract<EventData, { type: T }>;

/** A field kept for as long as the escalation is: ids, stages, dates, categories, choices. */
const KEPT = "kept";

/** A field that may identify a child or family: removed, and `removedAs` shown in its place. */
interface Personal<V> {
  readonly removedAs: V;
}

/**
 * How one field is treated: kept, personal, or (for an object) field by field. Every field of
 * every event type must be decided, so a new event type or field fails type checking until it is.
 */
type Rule<V> =
  | typeof KEPT
  | Personal<V>
  | ([NonNullable<V>] extends [readonly unknown[]]
      ? never
      : [NonNullable<V>] extends [object]
        ? { readonly [K in keyof NonNullable<V>]-?: Rule<NonNullable<V>[K]> }
        : never);

type Rules<D> = { readonly [K in Exclude<keyof D, "type">]-?: Rule<D[K]> };

const TEXT: Personal<string> = { removedAs: REMOVED };

/** Every event type, field by field. */
export const PERSONAL_FIELDS: { readonly [T in EventType]: Rules<DataOf<T>> } = {
  "escalation-raised": {
    registration: KEPT,
    procedure: KEPT,
    track: KEPT,
    entry: KEPT,
    thematic: KEPT,
    // Initials or a local reference, date of birth and status: all of it goes.
    child: { removedAs: null },
    raisingAgency: KEPT,
    receivingAgencies: KEPT,
    category: KEPT,
    details: {
      challenged: TEXT,
      tried: TEXT,
      evidence: { kind: KEPT, text: TEXT },
      outcomeSought: TEXT,
      urgency: KEPT,
    },
  },
  "stage-entered": { stage: KEPT, round: KEPT, reason: KEPT },
  // Who is to be told may say something about the child: City & Hackney tells a child
  // protection chair only when the child has a plan, and an IRO only when the child is looked
  // after. So who, and the procedure's note on why, go with the personal details; the stage, the
  // trigger and whether it was the partnership are kept, and so is when the partnership was told.
  "notification-required": {
    stage: KEPT,
    round: KEPT,
    role: TEXT,
    partnership: KEPT,
    trigger: KEPT,
    note: TEXT,
  },
  "discussion-recorded": { heldAt: KEPT, method: KEPT, participants: TEXT, summary: TEXT },
  "action-agreed": { actionId: KEPT, description: TEXT, owner: TEXT, dueDate: KEPT },
  "child-safety-deadline-set": { scope: KEPT, dueAt: KEPT, reason: TEXT },
  "deadline-extended": { previousDueAt: KEPT, dueAt: KEPT, reason: TEXT },
  escalated: { from: KEPT, to: KEPT, reason: TEXT, evidence: TEXT },
  "resolution-proposed": { outcome: TEXT, outstandingIssues: TEXT, agencyId: KEPT },
  "resolution-confirmed": {},
  "closed-with-disagreement": {
    raisingPosition: TEXT,
    receivingPosition: TEXT,
    planContinues: TEXT,
  },
  withdrawn: { reason: TEXT },
  // Where it went (the LADO, an agency's own procedure) is kept, for the figures; why is not.
  redirected: { to: KEPT, reason: TEXT },
  "follow-up-confirmed": { note: TEXT },
  "escalation-reopened": { outstanding: TEXT },
  "escalation-anonymised": { closedAt: KEPT, retentionMonths: KEPT, sealed: KEPT },
};

/**
 * An event's personal fields by their dotted path within its data, e.g. "details.challenged".
 * A field that is null (no evidence given, a thematic escalation's child) holds nothing personal
 * and stays with what is kept.
 */
export type PersonalFields = Readonly<Record<string, unknown>>;

/** An event as the chain keeps it for good: its data without the personal fields. */
export interface KeptEvent {
  at: string;
  actor: EscalationEvent["actor"];
  data: { type: EventType } & Record<string, unknown>;
}

type Json = Record<string, unknown>;

interface PersonalPath {
  path: readonly string[];
  removedAs: unknown;
}

/** The paths of an event type's personal fields, with what stands in for each. */
export function personalPaths(type: EventType): PersonalPath[] {
  const paths: PersonalPath[] = [];
  const walk = (rules: Json, prefix: readonly string[]) => {
    for (const [key, rule] of Object.entries(rules)) {
      if (rule === KEPT) continue;
      if (typeof rule === "object" && rule !== null && "removedAs" in rule) {
        paths.push({ path: [...prefix, key], removedAs: rule.removedAs });
      } else {
        walk(rule as Json, [...prefix, key]);
      }
    }
  };
  walk(PERSONAL_FIELDS[type] as Json, []);
  return paths;
}

function read(data: Json, path: readonly string[]): unknown {
  let value: unknown = data;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Json)[key];
  }
  return value;
}

/** The object holding the last key of `path`, or undefined where a step on the way is not one. */
function holder(data: Json, path: readonly string[]): Json | undefined {
  const parent = read(data, path.slice(0, -1));
  return typeof parent === "object" && parent !== null ? (parent as Json) : undefined;
}

/** Splits an event into what is kept for good and its personal fields (null when it has none). */
export function splitEvent(event: EscalationEvent): {
  kept: KeptEvent;
  personal: PersonalFields | null;
} {
  const data = structuredClone(event.data) as KeptEvent["data"];
  const personal: Record<string, unknown> = {};
  for (const { path } of personalPaths(event.data.type)) {
    const value = read(data, path);
    if (value === undefined || value === null) continue;
    personal[path.join(".")] = value;
    delete (holder(data, path) as Json)[path.at(-1) as string];
  }
  const kept = { at: event.at, actor: event.actor, data };
  return { kept, personal: Object.keys(personal).length === 0 ? null : personal };
}

/**
 * Puts an event back together from what is kept and its personal fields; with `null` for those
 * (removed under the retention rule), each missing personal field reads as removed.
 */
export function joinEvent(kept: KeptEvent, personal: PersonalFields | null): EscalationEvent {
  const data = structuredClone(kept.data) as Json;
  for (const { path, removedAs } of personalPaths(kept.data.type)) {
    const name = path.join(".");
    const value = personal === null ? removedAs : personal[name];
    const parent = holder(data, path);
    const key = path.at(-1) as string;
    if (value === undefined || parent === undefined || key in parent) continue;
    parent[key] = structuredClone(value);
  }
  return { at: kept.at, actor: kept.actor, data: data as EventData };
}
