import { randomUUID } from "node:crypto";
import type { Executor } from "../../src/db/client.ts";
import type { Person } from "../../src/db/directory.ts";
import { enqueueMessages, type NewMessage } from "../../src/db/messages.ts";

/**
 * Writes one message to `person` as if made at `at` (ISO 8601), in the app only unless an email
 * is given; returns its id. Anything else about it can be set with `details`.
 */
export async function messageTo(
  db: Executor,
  person: Pick<Person, "id" | "partnershipId">,
  at: string,
  details: Partial<NewMessage> = {},
): Promise<string> {
  const id = randomUUID();
  await enqueueMessages(
    db,
    [
      {
        partnershipId: person.partnershipId,
        key: `test:${id}`,
        kind: "test",
        recipientPersonId: person.id,
        escalationId: null,
        subject: "A message",
        body: "Something to look at.",
        link: null,
        email: null,
        ...details,
      },
    ],
    at,
    () => id,
  );
  return id;
}
