// The outbox under pressure: two dispatchers at once over 1,000 due emails, and a dispatcher
// killed mid-batch. Emails go through SMTP to a real server started here and are counted there,
// by the message id in each Message-ID: each must arrive exactly once.
//
// On PostgreSQL (DATABASE_URL) the two dispatchers have pools of their own on the same schema,
// as two instances would, and the killed one is a child process on that schema. On PGlite, which
// one process opens at a time, the two share the database (their statements interleave), and the
// killed child has the database folder to itself until it dies; then this process opens it.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { paths } from "../../src/app/paths.ts";
import { type Database, type DatabaseTarget, openDatabase } from "../../src/db/client.ts";
import { enqueueMessages, type NewMessage } from "../../src/db/messages.ts";
import { messages } from "../../src/db/schema.ts";
import { DISPATCH_LIMITS, dispatch } from "../../src/jobs/dispatcher.ts";
import type { Sender } from "../../src/notify/sender.ts";
import { smtpSender } from "../../src/notify/smtp.ts";
import { testDatabase } from "../support/database.ts";
import { recordingLog } from "../support/log.ts";
import { type MailServer, startMailServer } from "../support/mail-server.ts";
import { testPartnership } from "../support/partnership.ts";

const URL = process.env.DATABASE_URL || null;
const PUBLIC_URL = "https://resolve.partnership.example";
const FROM = "Resolve <resolve@partnership.example>";

const now = () => new Date().toISOString();

/** `count` emails due a second ago, to people of a partnership, each with a key of its own. */
async function dueEmails(db: Database, count: number): Promise<void> {
  const world = await testPartnership(db);
  const people = [world.teacher, world.teamManager, world.headOfService];
  const batch = Array.from({ length: count }, (_, i): NewMessage => {
    const person = people[i % people.length] ?? world.teacher;
    return {
      partnershipId: world.partnership.id,
      key: `load:${randomUUID()}`,
      kind: "reminder",
      recipientPersonId: person.id,
      escalationId: null,
      subject: `Reminder ${i + 1}`,
      body: "An escalation you are working on is due by the end of tomorrow.",
      link: "/your-work",
      email: person.email,
    };
  });
  await enqueueMessages(db, batch, new Date(Date.now() - 1000).toISOString(), randomUUID);
}

/** How many times each message id arrived at the mail server, from position `from` on. */
function arrivals(mail: MailServer, from = 0): Map<string, number> {
  const counts = new Map<string, number>();
  for (const received of mail.received.slice(from)) {
    const id = /^<([^@]+)@/.exec(received.messageId ?? "")?.[1] ?? "";
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

async function deliveries(db: Database): Promise<Record<string, number>> {
  const rows = await db
    .select({ delivery: messages.delivery, n: sql<number>`count(*)::int` })
    .from(messages)
    .groupBy(messages.delivery);
  return Object.fromEntries(rows.map((row) => [row.delivery, row.n]));
}

describe(`the outbox under pressure on ${URL === null ? "PGlite" : "PostgreSQL"}`, () => {
  let mail: MailServer;
  before(async () => {
    mail = await startMailServer();
  });
  after(() => mail.close());

  test("two dispatchers at once over 1,000 due emails: each email sent exactly once", async () => {
    const first = await testDatabase();
    const [{ schema } = { schema: "" }] = (
      (await first.db.execute(sql`select current_schema() as schema`)) as unknown as {
        rows: { schema: string }[];
      }
    ).rows;
    const second =
      URL === null ? first : await openDatabase({ url: URL, schema, maxConnections: 5 });
    try {
      await dueEmails(first.db, 1000);
      const sender = smtpSender({ smtpUrl: mail.url, from: FROM });
      const instance = (db: Database) =>
        dispatch({ db, sender, now, config: { publicUrl: PUBLIC_URL } }, now(), {
          log: recordingLog(),
          signal: new AbortController().signal,
        });
      const start = mail.received.length;
      const [a, b] = await Promise.all([instance(first.db), instance(second.db)]);

      assert.equal(a.sent + b.sent, 1000);
      assert.ok(a.sent > 0 && b.sent > 0, `both took part: ${a.sent} and ${b.sent}`);
      assert.deepEqual(await deliveries(first.db), { sent: 1000 });
      const counts = arrivals(mail, start);
      assert.equal(counts.size, 1000, "1,000 different emails arrived");
      assert.deepEqual([...new Set(counts.values())], [1], "none twice");
      const ids = await first.db.select({ id: messages.id }).from(messages);
      assert.ok(
        ids.every(({ id }) => counts.get(id) === 1),
        "each is a message in the outbox",
      );
    } finally {
      if (second !== first) await second.close();
      await first.close();
    }
  });

  test("a dispatcher killed mid-batch: after a restart every email is sent, none twice", async () => {
    // PostgreSQL: a schema of its own; PGlite: a folder the child can open after this closes it.
    const first = URL === null ? null : await testDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), "resolve-outbox-"));
    let target: DatabaseTarget = { dataDir };
    if (first !== null && URL !== null) {
      const result = (await first.db.execute(
        sql`select current_schema() as schema`,
      )) as unknown as {
        rows: { schema: string }[];
      };
      target = { url: URL, schema: result.rows[0]?.schema ?? "" };
    }
    const seeding = first ?? (await openDatabase(target));
    await seeding.migrate();
    await dueEmails(seeding.db, 120);
    if (first === null) await seeding.close();

    // 120 due: the child claims a batch of 50, sends 30, and dies holding the other 20.
    const start = mail.received.length;
    const script = join(paths.root, "test/support/dispatch-then-die.ts");
    const child = await new Promise<{ signal: NodeJS.Signals | null; stderr: string }>(
      (resolve) => {
        const dying = execFile(
          process.execPath,
          [script, JSON.stringify(target), mail.url, "30"],
          (_error, _stdout, stderr) => resolve({ signal: dying.signalCode, stderr }),
        );
      },
    );
    assert.equal(child.signal, "SIGKILL", child.stderr);
    assert.equal(mail.received.length - start, 30, "30 sent before it died");

    const restarted = first ?? (await openDatabase(target));
    try {
      assert.deepEqual(await deliveries(restarted.db), { sent: 30, sending: 20, pending: 70 });
      const sender: Sender = smtpSender({ smtpUrl: mail.url, from: FROM });
      const dispatchAt = (at: string) =>
        dispatch(
          { db: restarted.db, sender, now: () => at, config: { publicUrl: PUBLIC_URL } },
          at,
          {
            log: recordingLog(),
            signal: new AbortController().signal,
          },
        );
      // At once, the dead one's claims still hold: only the unclaimed 70 go.
      assert.equal((await dispatchAt(now())).sent, 70);
      // Once its lease has run out, the 20 it held go too.
      const later = new Date(Date.now() + DISPATCH_LIMITS.leaseMs + 1000).toISOString();
      assert.equal((await dispatchAt(later)).sent, 20);

      assert.deepEqual(await deliveries(restarted.db), { sent: 120 });
      const counts = arrivals(mail, start);
      assert.equal(counts.size, 120, "every email arrived");
      assert.deepEqual([...new Set(counts.values())], [1], "none twice");
      const [again] = (
        (await restarted.db.execute(
          sql`select count(*)::int as n from messages where attempts = 2`,
        )) as unknown as { rows: { n: number }[] }
      ).rows;
      assert.equal(again?.n, 20, "the claims taken over count a second attempt");
    } finally {
      await restarted.close();
    }
  });
});
