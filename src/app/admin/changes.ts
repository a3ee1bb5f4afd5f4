import { lockDirectory, recordChange } from "../../db/administration.ts";
import type { Executor } from "../../db/client.ts";

// What every administrative change shares: who makes it, how it is refused, and the history
// row written in the same transaction as the change itself.

export interface AdminDeps {
  db: Executor;
  /** The current instant, ISO 8601. */
  now: () => string;
  newId: () => string;
}

/** Who makes a change: a signed-in person, or (id null) `resolve admin create`. */
export interface Actor {
  id: string | null;
  partnershipId: string;
}

/** Why a change was refused, about one field of the form that asked for it. */
export interface Refusal {
  field: string;
  message: string;
}

export type Outcome = { ok: true; id: string } | { ok: false; refusal: Refusal };

export const refuse = (field: string, message: string): Outcome => ({
  ok: false,
  refusal: { field, message },
});

/** The kinds of change, as the history records them. */
export const CHANGE_KINDS = [
  "partnership-created",
  "agency-added",
  "agency-changed",
  "agency-deactivated",
  "agency-reactivated",
  "person-added",
  "person-changed",
  "person-deactivated",
  "person-reactivated",
  "authenticator-removed",
  "inbox-added",
  "inbox-changed",
  "inbox-removed",
  "delegation-added",
  "delegation-removed",
  "settings-changed",
  "holiday-added",
  "holiday-removed",
  "email-retried",
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface Change {
  kind: ChangeKind;
  recordType: "partnership" | "agency" | "person" | "inbox" | "delegation" | "message";
  recordId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * Runs `work` in a transaction that holds the directory's lock (so checks such as "this email is
 * free" stay true until the change is saved) and records the change it returns, if any.
 */
export async function changing(
  deps: AdminDeps,
  actor: Actor,
  work: (tx: Executor) => Promise<Step>,
): Promise<Outcome> {
  return deps.db.transaction(async (tx) => {
    await lockDirectory(tx);
    return record(tx, deps, actor, await work(tx));
  });
}

/** What one step of a change decided, and the change to record if it went ahead. */
export interface Step {
  outcome: Outcome;
  change?: Change;
}

/** Records a step's change in the history, unless it was refused or changed nothing. */
export async function record(
  tx: Executor,
  deps: AdminDeps,
  actor: Actor,
  { outcome, change }: Step,
): Promise<Outcome> {
  // Saving a form unchanged is no change to record.
  const unchanged = JSON.stringify(change?.before) === JSON.stringify(change?.after);
  if (outcome.ok && change !== undefined && !unchanged) {
    await recordChange(tx, {
      partnershipId: actor.partnershipId,
      actorPersonId: actor.id,
      occurredAt: deps.now(),
      kind: change.kind,
      recordType: change.recordType,
      recordId: change.recordId,
      beforeValues: change.before,
      afterValues: change.after,
    });
  }
  return outcome;
}
