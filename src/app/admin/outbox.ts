import { requeueFailed } from "../../db/message-queries.ts";
import { type Actor, type AdminDeps, type Outcome, record, refuse } from "./changes.ts";

// The outbox: emails the dispatcher gave up on can be tried again by an administrator (after,
// say, correcting the person's email address), which the history records.

/**
 * Puts a failed email of the actor's partnership back in the queue, to be sent at once with a
 * fresh set of attempts. Refused when it is not a failed email of theirs (tried again already).
 */
export function retryEmail(deps: AdminDeps, actor: Actor, id: string): Promise<Outcome> {
  return deps.db.transaction(async (tx) => {
    const failed = await requeueFailed(tx, actor.partnershipId, id, deps.now());
    if (failed === undefined)
      return refuse("message", "This email is not waiting to be tried again");
    const snapshot = {
      name: failed.subject,
      recipient: `${failed.recipientName} (${failed.email})`,
    };
    return record(tx, deps, actor, {
      outcome: { ok: true, id },
      change: {
        kind: "email-retried",
        recordType: "message",
        recordId: id,
        before: { ...snapshot, delivery: failed.delivery },
        after: { ...snapshot, delivery: "pending" },
      },
    });
  });
}
