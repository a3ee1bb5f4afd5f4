import type { Executor } from "./client.ts";
import { messages } from "./schema.ts";

/** A message to write, in the same transaction as whatever causes it. */
export interface NewMessage {
  partnershipId: string;
  /**
   * Names the cause, so writing it again changes nothing: e.g.
   * `reminder:<escalation id>:<stage>:<round>:<recipient id>`.
   */
  key: string;
  kind: string;
  recipientPersonId: string;
  escalationId: string | null;
  /** Plain text, no child details: only what the recipient may see. */
  subject: string;
  body: string;
  /** A path in Resolve, e.g. `/escalations/<id>`. */
  link: string | null;
  /** The address to email, or null to tell them in the app only. */
  email: string | null;
  /** Hold the email for the recipient's daily digest rather than sending it at once. */
  digest?: boolean;
}

/**
 * Writes messages that are not written yet (by key), at `at`: emails due at once, or held for
 * the digest. Returns how many were new.
 */
export async function enqueueMessages(
  tx: Executor,
  batch: readonly NewMessage[],
  at: string,
  newId: () => string,
): Promise<number> {
  if (batch.length === 0) return 0;
  const rows = batch.map(({ digest, ...message }) => {
    const delivery = message.email === null ? "none" : digest === true ? "digest" : "pending";
    return {
      ...message,
      id: newId(),
      createdAt: at,
      delivery,
      nextAttemptAt: delivery === "pending" ? at : null,
    } as const;
  });
  const inserted = await tx
    .insert(messages)
    .values(rows)
    .onConflictDoNothing({ target: messages.key })
    .returning({ id: messages.id });
  return inserted.length;
}
