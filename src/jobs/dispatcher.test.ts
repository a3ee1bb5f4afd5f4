// The dispatcher over the real database (PGlite, or PostgreSQL with DATABASE_URL), with a sender
// that records what it is given and fails or stalls when told to. SMTP and GOV.UK Notify, end to
// end, are in test/integration/email-*.test.ts.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { testDatabase } from "../../test/support/database.ts";
import { recordingLog } from "../../test/support/log.ts";
import { testPartnership } from "../../test/support/partnership.ts";
import type { DatabaseHandle } from "../db/client.ts";
import { enqueueMessages, type NewMessage } from "../db/messages.ts";
import { messages } from "../db/schema.ts";
import { type Email, SendError, type Sender, type Sent } from "../notify/sender.ts";
import { DISPATCH_LIMITS, dispatch, retryDelayMs } from "./dispatcher.ts";

const DATABASE = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
const PUBLIC_URL = "https://resolve.partnership.example";
const T0 = "2026-11-23T09:00:00.000Z";
const minutes = (n: number, from = T0) => new Date(Date.parse(from) + n * 60_000).toISOString();

/**
 * A provider that keeps every email it takes, by reference. `behave` may fail or stall an email
 * before it is taken; `findSent` looks emails up as GOV.UK Notify does.
 */
function recordingSender(behave?: (email: Email, call: number) => Promise<void> | void) {
  const taken = new Map<string, Email[]>();
  let calls = 0;
  const take = (email: Email): Sent => {
    const reference = email.reference ?? "";
    taken.set(reference, [...(taken.get(reference) ?? []), email]);
    return { providerReference: `provider-${reference}` };
  };
  const sender: Sender & { taken: Map<string, Email[]>; take: typeof take } = {
    name: "the test provider",
    taken,
    take,
    send: async (email) => {
      calls += 1;
      await behave?.(email, calls);
      return take(email);
    },
  };
  return sender;
}

describe(`the outbox dispatcher on ${DATABASE}`, () => {
  let database: DatabaseHandle;
  let world: Awaited<ReturnType<typeof testPartnership>>;
  let clock = T0;
  let log = recordingLog();

  before(async () => {
    database = await testDatabase();
    world = await testPartnership(database.db);
  });
  after(() => database.close());
  beforeEach(async () => {
    await database.db.delete(messages);
    clock = T0;
    log = recordingLog();
  });

  const services = (sender: Sender | null) => ({
    db: database.db,
    sender,
    now: () => clock,
    config: { publicUrl: PUBLIC_URL },
  });
  const run = (sender: Sender | null, options: Parameters<typeof dispatch>[3] = {}) =>
    dispatch(
      services(sender),
      clock,
      { log, signal: new AbortController().signal },
      {
        random: () => 0.5,
        ...options,
      },
    );
  const message = (key: string, overrides: Partial<NewMessage> = {}): NewMessage => ({
    partnershipId: world.partnership.id,
    key,
    kind: "reminder",
    recipientPersonId: world.teamManager.id,
    escalationId: null,
    subject: "An escalation is due tomorrow",
    body: "An escalation you are working on is due by the end of tomorrow.",
    link: "/escalations/5b1f3c0e-8a57-4d1e-9a44-0c5d2d6f7a10",
    email: world.teamManager.email,
    ...overrides,
  });
  const enqueue = (batch: NewMessage[], at = T0) =>
    enqueueMessages(database.db, batch, at, randomUUID);
  const row = async (key: string) => {
    const [found] = await database.db.select().from(messages).where(eq(messages.key, key));
    assert.ok(found, `no message ${key}`);
    return found;
  };
  const idOf = async (key: string) => (await row(key)).id;

  test("sends each email due once, its link made absolute, and leaves the rest alone", async () => {
    await enqueue([
      message("due"),
      message("in-app only", { email: null }),
      message("for the digest", { digest: true }),
      message("no link", { link: null }),
    ]);
    await enqueue([message("later")], minutes(60));
    const sender = recordingSender();

    assert.deepEqual(await run(sender), { sent: 2, retrying: 0, failed: 0 });
    const due = await row("due");
    assert.deepEqual(sender.taken.get(due.id), [
      {
        to: world.teamManager.email,
        subject: "An escalation is due tomorrow",
        body: "An escalation you are working on is due by the end of tomorrow.",
        link: `${PUBLIC_URL}/escalations/5b1f3c0e-8a57-4d1e-9a44-0c5d2d6f7a10`,
        kind: "reminder",
        reference: due.id,
      },
    ]);
    assert.equal(sender.taken.get(await idOf("no link"))?.[0]?.link, null);
    assert.equal(due.delivery, "sent");
    assert.equal(Date.parse(due.sentAt ?? ""), Date.parse(T0));
    assert.equal(due.providerReference, `provider-${due.id}`);
    assert.equal(due.attempts, 1);
    assert.equal(due.claimedUntil, null);
    assert.deepEqual(
      [
        (await row("in-app only")).delivery,
        (await row("for the digest")).delivery,
        (await row("later")).delivery,
      ],
      ["none", "digest", "pending"],
    );

    assert.deepEqual(await run(sender), { sent: 0, retrying: 0, failed: 0 }, "nothing twice");
    clock = minutes(60);
    assert.deepEqual(await run(sender), { sent: 1, retrying: 0, failed: 0 }, "the later one");
  });

  test("with no sender nothing is sent, and the emails wait in the outbox", async () => {
    await enqueue([message("waiting")]);
    assert.deepEqual(await run(null), { sent: 0, retrying: 0, failed: 0 });
    const waiting = await row("waiting");
    assert.equal(waiting.delivery, "pending");
    assert.equal(waiting.attempts, 0);
  });

  test("a provider that fails is tried again after waits that double, then the email goes", async () => {
    await enqueue([message("flaky")]);
    const sender = recordingSender((_email, call) => {
      if (call <= 2) throw new Error(`Service unavailable (${call})`);
    });

    assert.deepEqual(await run(sender), { sent: 0, retrying: 1, failed: 0 });
    let flaky = await row("flaky");
    assert.equal(flaky.delivery, "pending");
    assert.equal(flaky.attempts, 1);
    assert.equal(flaky.lastError, "Service unavailable (1)");
    assert.equal(Date.parse(flaky.nextAttemptAt ?? ""), Date.parse(minutes(2)), "2 minutes");
    assert.match(log.entries[0]?.message ?? "", /did not take an email: it will be tried again/);
    assert.equal(log.entries[0]?.level, "warn");

    clock = minutes(1);
    assert.deepEqual(await run(sender), { sent: 0, retrying: 0, failed: 0 }, "not yet");
    clock = minutes(2);
    assert.deepEqual(await run(sender), { sent: 0, retrying: 1, failed: 0 });
    flaky = await row("flaky");
    assert.equal(Date.parse(flaky.nextAttemptAt ?? ""), Date.parse(minutes(6)), "4 minutes more");

    clock = minutes(6);
    assert.deepEqual(await run(sender), { sent: 1, retrying: 0, failed: 0 });
    flaky = await row("flaky");
    assert.equal(flaky.delivery, "sent");
    assert.equal(flaky.attempts, 3);
    assert.equal(flaky.lastError, null);
    assert.equal(sender.taken.get(flaky.id)?.length, 1);
  });

  test("the waits double from 2 minutes, give or take a fifth", () => {
    const first = DISPATCH_LIMITS.firstRetryMs;
    assert.equal(first, 2 * 60_000);
    assert.deepEqual(
      [1, 2, 3, 7].map((attempts) => retryDelayMs(attempts, 0.5, first) / 60_000),
      [2, 4, 8, 128],
    );
    assert.equal(retryDelayMs(3, 0, first) / 60_000, 6.4);
    assert.equal(retryDelayMs(3, 1, first) / 60_000, 9.6);
  });

  test("after 8 attempts the email is given up on, loudly, and shows as failed", async () => {
    await enqueue([message("doomed")]);
    const sender = recordingSender(() => {
      throw new Error("Connection refused");
    });
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      const outcome = await run(sender);
      const doomed = await row("doomed");
      assert.equal(doomed.attempts, attempt);
      if (attempt < 8) {
        assert.deepEqual(outcome, { sent: 0, retrying: 1, failed: 0 });
        clock = doomed.nextAttemptAt ?? "";
      } else {
        assert.deepEqual(outcome, { sent: 0, retrying: 0, failed: 1 });
      }
    }
    const doomed = await row("doomed");
    assert.equal(doomed.delivery, "failed");
    assert.equal(doomed.lastError, "Connection refused");
    assert.equal(doomed.nextAttemptAt, null);
    const hours = (Date.parse(clock) - Date.parse(T0)) / 3_600_000;
    assert.ok(hours > 4 && hours < 4.3, `given up after ${hours} hours`);
    const errors = log.entries.filter((entry) => entry.level === "error");
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.details.messageId, doomed.id);
    assert.match(errors[0]?.message ?? "", /after 8 attempt\(s\): it is given up on/);

    clock = minutes(24 * 60);
    assert.deepEqual(await run(sender), { sent: 0, retrying: 0, failed: 0 }, "never again");
  });

  test("an email the provider refuses outright is given up on at the first attempt", async () => {
    await enqueue([message("refused", { email: "nobody@nowhere.invalid" })]);
    const sender = recordingSender(() => {
      throw new SendError("The address does not exist", true);
    });
    assert.deepEqual(await run(sender), { sent: 0, retrying: 0, failed: 1 });
    const refused = await row("refused");
    assert.equal(refused.delivery, "failed");
    assert.equal(refused.attempts, 1);
    assert.equal(refused.lastError, "The address does not exist");
  });

  test("a dispatcher that stops mid-batch: its claims wait out their lease, then another sends the rest, none twice", async () => {
    await enqueue(Array.from({ length: 25 }, (_, i) => message(`batch-${i}`)));
    // The first dispatcher takes three emails, then hangs for ever on the fourth, before the
    // provider takes it: as good as a process that stopped.
    let hung = () => {};
    const stalled = new Promise<void>((resolve) => {
      hung = resolve;
    });
    const first = recordingSender(async (_email, call) => {
      if (call === 4) {
        hung();
        await new Promise(() => {});
      }
    });
    void run(first, { batchSize: 10, sendTimeoutMs: 4 * 60_000 });
    await stalled;
    assert.equal(first.taken.size, 3);

    // Meanwhile another instance sends what was not claimed, and leaves the claimed alone.
    const second = recordingSender();
    assert.deepEqual(await run(second, { batchSize: 10 }), { sent: 15, retrying: 0, failed: 0 });
    const [claimed] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(messages)
      .where(eq(messages.delivery, "sending"));
    assert.equal(claimed?.n, 7, "the first one's unsent claims, the hung one among them");

    clock = minutes(4);
    assert.deepEqual(await run(second), { sent: 0, retrying: 0, failed: 0 }, "lease still on");
    clock = minutes(5);
    assert.deepEqual(await run(second), { sent: 7, retrying: 0, failed: 0 });

    const all = await database.db.select().from(messages);
    assert.equal(all.length, 25);
    assert.ok(all.every((sent) => sent.delivery === "sent"));
    for (const sent of all) {
      const times =
        (first.taken.get(sent.id)?.length ?? 0) + (second.taken.get(sent.id)?.length ?? 0);
      assert.equal(times, 1, `${sent.key} sent ${times} times`);
    }
    const retaken = all.filter((sent) => sent.attempts === 2).length;
    assert.equal(retaken, 7, "the claims taken over count as a second attempt");
  });

  test("an email the provider took but whose answer never came is found by its reference, not sent again", async () => {
    await enqueue([message("answer lost")]);
    const sender = recordingSender((email, call) => {
      if (call === 1) {
        sender.take(email); // the provider has it…
        throw new Error("socket hang up"); // …but the answer is lost on the way back
      }
    });
    const lookups: string[] = [];
    sender.findSent = async (reference) => {
      lookups.push(reference);
      return sender.taken.has(reference) ? { providerReference: `provider-${reference}` } : null;
    };

    assert.deepEqual(await run(sender), { sent: 0, retrying: 1, failed: 0 });
    clock = minutes(2);
    assert.deepEqual(await run(sender), { sent: 1, retrying: 0, failed: 0 });
    const lost = await row("answer lost");
    assert.deepEqual(lookups, [lost.id], "looked up once, before the second attempt");
    assert.equal(sender.taken.get(lost.id)?.length, 1, "taken once");
    assert.equal(lost.delivery, "sent");
    assert.equal(lost.providerReference, `provider-${lost.id}`);
  });

  test("when the lease runs short mid-batch, the rest is given back unsent and uncounted", async () => {
    await enqueue(Array.from({ length: 5 }, (_, i) => message(`slow-${i}`)));
    // Each send takes two minutes by the clock: the third would end too near the lease's end.
    const sender = recordingSender(() => {
      clock = minutes(2, clock);
    });
    assert.deepEqual(await run(sender, { sendTimeoutMs: 90_000 }), {
      sent: 2,
      retrying: 0,
      failed: 0,
    });
    const rows = await database.db.select().from(messages).orderBy(messages.key);
    assert.deepEqual(
      rows.map((one) => [one.delivery, one.attempts]),
      [
        ["sent", 1],
        ["sent", 1],
        ["pending", 0],
        ["pending", 0],
        ["pending", 0],
      ],
    );
    assert.match(
      log.entries.at(-1)?.message ?? "",
      /claim on the rest of the batch was given back/,
    );
  });
});
