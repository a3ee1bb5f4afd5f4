// The jobs as people run them: inside `npm start` (src/main.ts), and in `resolve worker`, each a
// real process sending through a real SMTP server, stopped with SIGTERM. These run on PGlite in a
// folder of their own whatever DATABASE_URL says: a process opens its database from its own
// settings, and a test must not run jobs against the shared database's public schema.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { paths } from "../../src/app/paths.ts";
import { openDatabase } from "../../src/db/client.ts";
import { enqueueMessages } from "../../src/db/messages.ts";
import { messages } from "../../src/db/schema.ts";
import { type MailServer, startMailServer } from "../support/mail-server.ts";
import { testPartnership } from "../support/partnership.ts";

const PUBLIC_URL = "https://resolve.partnership.example";

/** A database folder holding one email waiting to be sent; returns the folder and its key. */
async function outboxWithOneEmail(): Promise<{ dataDir: string; key: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "resolve-jobs-"));
  const database = await openDatabase({ dataDir });
  try {
    await database.migrate();
    const world = await testPartnership(database.db);
    const key = `test:${randomUUID()}`;
    await enqueueMessages(
      database.db,
      [
        {
          partnershipId: world.partnership.id,
          key,
          kind: "decision",
          recipientPersonId: world.teacher.id,
          escalationId: null,
          subject: "A decision on your escalation",
          body: "There is a decision on an escalation you raised.",
          link: "/your-work",
          email: world.teacher.email,
        },
      ],
      new Date().toISOString(),
      randomUUID,
    );
    return { dataDir, key };
  } finally {
    await database.close();
  }
}

async function deliveryOf(dataDir: string, key: string): Promise<string | undefined> {
  const database = await openDatabase({ dataDir });
  try {
    const [row] = await database.db
      .select({ delivery: messages.delivery })
      .from(messages)
      .where(eq(messages.key, key));
    return row?.delivery;
  } finally {
    await database.close();
  }
}

/** The processes started and not yet ended: killed after the tests, should one fail midway. */
const running = new Set<ChildProcess>();

/** A Resolve process with its output kept, and a way to wait for a line of it. */
function start(args: string[], env: NodeJS.ProcessEnv) {
  const {
    DATABASE_URL: _shared,
    SMTP_URL: _smtp,
    NOTIFY_API_KEY: _notify,
    ...inherited
  } = process.env;
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: paths.root,
    env: { ...inherited, PORT: "0", HOST: "127.0.0.1", RESOLVE_PUBLIC_URL: PUBLIC_URL, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners: (() => void)[] = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return {
    output: () => output,
    exited,
    /** Resolves once the output matches, failing after two minutes (a busy machine is slow). */
    waitFor: (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`No ${pattern} in:\n${output}`)), 120_000);
        const check = () => {
          if (!pattern.test(output)) return;
          clearTimeout(timer);
          resolve();
        };
        listeners.push(check);
        check();
      }),
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

describe("background jobs in real processes, on PGlite", () => {
  let mail: MailServer;
  before(async () => {
    mail = await startMailServer();
  });
  after(async () => {
    for (const child of running) child.kill("SIGKILL");
    await mail.close();
  });
  const smtp = () => ({ SMTP_URL: mail.url, MAIL_FROM: "Resolve <resolve@partnership.example>" });

  test("npm start sends what is waiting in the outbox, and stops cleanly on SIGTERM", async () => {
    const { dataDir, key } = await outboxWithOneEmail();
    const server = start(["src/main.ts"], { RESOLVE_DATA_DIR: dataDir, ...smtp() });
    await server.waitFor(/Jobs: [^\n]*send emails[^\n]*, in this server/);
    const received = await mail.nextMessage(120_000);
    assert.equal(received.subject, "A decision on your escalation");
    assert.equal(
      received.text?.trim(),
      `There is a decision on an escalation you raised.\n\n${PUBLIC_URL}/your-work`,
    );
    assert.match(server.output(), /Email: through SMTP/);
    assert.equal(await server.stop(), 0, server.output());
    assert.match(server.output(), /SIGTERM: closing[\s\S]*Closed/);
    assert.equal(await deliveryOf(dataDir, key), "sent");
  });

  test("npm start with RESOLVE_JOBS=false leaves the outbox to workers", async () => {
    const { dataDir, key } = await outboxWithOneEmail();
    const server = start(["src/main.ts"], {
      RESOLVE_DATA_DIR: dataDir,
      RESOLVE_JOBS: "false",
      ...smtp(),
    });
    await server.waitFor(/Jobs: not run here \(RESOLVE_JOBS=false\)/);
    // Were the jobs running, the first pass would have begun as the server started listening.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal(await server.stop(), 0, server.output());
    assert.equal(await deliveryOf(dataDir, key), "pending");
    assert.equal(mail.received.length, 1, "only the first test's email");
  });

  test("npm start with no email set up starts, says the emails wait in the outbox, and stops", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "resolve-jobs-"));
    const server = start(["src/main.ts"], { RESOLVE_DATA_DIR: dataDir });
    await server.waitFor(/Open http:\/\/127\.0\.0\.1:\d+\/demo\/sign-in/);
    assert.match(server.output(), /Email: none set up, so emails wait in the outbox/);
    assert.equal(await server.stop(), 0, server.output());
  });

  test("resolve worker sends what is waiting, and on SIGTERM finishes its pass and exits", async () => {
    const { dataDir, key } = await outboxWithOneEmail();
    const worker = start(["bin/resolve.js", "worker"], { RESOLVE_DATA_DIR: dataDir, ...smtp() });
    await worker.waitFor(/Worker: [^\n]*send emails[^\n]*, until SIGTERM or SIGINT/);
    const received = await mail.nextMessage(120_000);
    assert.equal(received.subject, "A decision on your escalation");
    assert.equal(await worker.stop(), 0, worker.output());
    assert.match(worker.output(), /SIGTERM: finishing the passes under way\nWorker stopped/);
    assert.equal(await deliveryOf(dataDir, key), "sent");
  });
});
