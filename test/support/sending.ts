import { eq } from "drizzle-orm";
import type { Executor } from "../../src/db/client.ts";
import { messages } from "../../src/db/schema.ts";

/**
 * Records how sending an email went, as the dispatcher leaves it once done: sent at `at`, or
 * given up on after `attempts` with its last error. For pages that show the outbox.
 */
export async function sendingWent(
  db: Executor,
  id: string,
  outcome:
    | { delivery: "sent"; at: string }
    | { delivery: "failed"; attempts: number; lastError: string },
): Promise<void> {
  await db
    .update(messages)
    .set(
      outcome.delivery === "sent"
        ? { delivery: "sent", sentAt: outcome.at, attempts: 1, nextAttemptAt: null }
        : {
            delivery: "failed",
            attempts: outcome.attempts,
            lastError: outcome.lastError,
            nextAttemptAt: null,
          },
    )
    .where(eq(messages.id, id));
}
