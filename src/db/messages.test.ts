import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { testDatabase } from "../../test/support/database.ts";
import { testPartnership } from "../../test/support/partnership.ts";
import type { DatabaseHandle } from "./client.ts";
import { enqueueMessages, type NewMessage } from "./messages.ts";
import { messages } from "./schema.ts";

let database: DatabaseHandle;
before(async () => {
  database = await testDatabase();
});
after(() => database.close());

test("a message written twice for the same cause is kept once, and says how it will reach them", async () => {
  const { partnership, teacher: person } = await testPartnership(database.db);
  const message = (key: string, email: string | null, digest = false): NewMessage => ({
    partnershipId: partnership.id,
    key,
    kind: "reminder",
    recipientPersonId: person.id,
    escalationId: null,
    subject: "An escalation is due tomorrow",
    body: "It is due by 5pm tomorrow.",
    link: null,
    email,
    digest,
  });
  const at = "2026-11-23T09:00:00.000Z";
  const first = await enqueueMessages(
    database.db,
    [message("a", "a@example.org"), message("b", null), message("c", "c@example.org", true)],
    at,
    randomUUID,
  );
  assert.equal(first, 3);
  const again = await enqueueMessages(database.db, [message("a", "a@example.org")], at, randomUUID);
  assert.equal(again, 0);
  const rows = await database.db
    .select({ key: messages.key, delivery: messages.delivery, due: messages.nextAttemptAt })
    .from(messages)
    .where(eq(messages.recipientPersonId, person.id))
    .orderBy(messages.key);
  assert.deepEqual(
    rows.map((row) => [row.key, row.delivery, row.due === null]),
    [
      ["a", "pending", false],
      ["b", "none", true],
      ["c", "digest", true],
    ],
  );
});
