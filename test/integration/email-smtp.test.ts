// Emails through SMTP, end to end: the dispatcher sends through Resolve's SMTP adapter to a real
// SMTP server started here, and the test reads what arrived. PGlite, or PostgreSQL with
// DATABASE_URL.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { type RaiseInput, raiseEscalation } from "../../src/app/escalations.ts";
import type { Services } from "../../src/app/services.ts";
import { enqueueMessages, type NewMessage } from "../../src/db/messages.ts";
import { messages } from "../../src/db/schema.ts";
import { dispatch } from "../../src/jobs/dispatcher.ts";
import { smtpSender } from "../../src/notify/smtp.ts";
import { recordingLog } from "../support/log.ts";
import { type MailServer, startMailServer } from "../support/mail-server.ts";
import { testPartnership } from "../support/partnership.ts";
import { testServices } from "../support/services.ts";

const DATABASE = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
const PUBLIC_URL = "https://resolve.partnership.example";
const FROM = "Resolve <resolve@partnership.example>";
const T0 = "2026-11-23T09:00:00.000Z";

const raise: RaiseInput = {
  thematic: false,
  child: { reference: "JS-0042", dateOfBirth: "2016-09-01", status: "child-in-need" },
  receivingAgencies: [],
  category: "referral-threshold",
  details: {
    challenged: "The referral was closed with no assessment",
    tried: "Spoke to the duty social worker on Monday",
    evidence: { kind: "evidence", text: "Three disclosures in a fortnight" },
    outcomeSought: "A child and family assessment",
    urgency: "routine",
  },
};
/** What must never travel by email. */
const CHILD_DETAILS = [
  "JS-0042",
  "2016-09-01",
  "child-in-need",
  "disclosures",
  "duty social worker",
];

/** Everything of a received email that could carry words: its headers and its text. */
const wordsOf = (mail: ParsedMail) =>
  `${mail.headerLines.map((header) => header.line).join("\n")}\n${mail.text ?? ""}${mail.html || ""}`;

describe(`emails through SMTP on ${DATABASE}`, () => {
  let mail: MailServer;
  let services: Services;
  let world: Awaited<ReturnType<typeof testPartnership>>;
  let clock = T0;
  let log = recordingLog();

  before(async () => {
    mail = await startMailServer({ refuses: (address) => address.endsWith("@refused.example") });
    services = await testServices(
      { publicUrl: PUBLIC_URL, mail: { smtpUrl: mail.url, from: FROM } },
      { now: () => clock },
    );
    world = await testPartnership(services.db);
  });
  after(async () => {
    await services.database.close();
    await mail.close();
  });
  beforeEach(async () => {
    await services.db.delete(messages);
    clock = T0;
    log = recordingLog();
  });

  const run = (sender = services.sender) =>
    dispatch({ ...services, sender }, clock, { log, signal: new AbortController().signal });
  const row = async (key: string) => {
    const [found] = await services.db.select().from(messages).where(eq(messages.key, key));
    assert.ok(found);
    return found;
  };
  const message = (key: string, email: string): NewMessage => ({
    partnershipId: world.partnership.id,
    key,
    kind: "decision",
    recipientPersonId: world.teacher.id,
    escalationId: null,
    subject: "A decision on your escalation",
    body: "There is a decision on an escalation you raised.",
    link: "/your-work",
    email,
  });

  test("each email arrives once: to, from, subject, body, the link made absolute, and no child details", async () => {
    const raised = await raiseEscalation(services, world.teacher, {
      ...raise,
      receivingAgencies: [world.socialCare.id],
    });
    assert.ok(raised.ok, JSON.stringify(raised));
    // Raising it told social care's line manager that it waits on them: that email goes first.
    assert.deepEqual(await run(), { sent: 1, retrying: 0, failed: 0 });
    const about = (person: typeof world.teacher, key: string, body: string): NewMessage => ({
      partnershipId: world.partnership.id,
      key,
      kind: "raised",
      recipientPersonId: person.id,
      escalationId: raised.id,
      subject: `Escalation ${raised.reference} has been raised`,
      body,
      link: `/escalations/${raised.id}`,
      email: person.email,
    });
    await enqueueMessages(
      services.db,
      [
        about(
          world.teamManager,
          "to the manager",
          "Hillside Primary School has raised an escalation with your agency.",
        ),
        about(
          world.teacher,
          "to the teacher",
          "Your escalation has been sent to Children's Social Care.",
        ),
      ],
      T0,
      randomUUID,
    );
    const before = mail.received.length;
    assert.deepEqual(await run(), { sent: 2, retrying: 0, failed: 0 });
    assert.deepEqual(await run(), { sent: 0, retrying: 0, failed: 0 });

    const arrived = mail.received.slice(before);
    assert.equal(arrived.length, 2);
    for (const [key, person, body] of [
      [
        "to the manager",
        world.teamManager,
        "Hillside Primary School has raised an escalation with your agency.",
      ],
      ["to the teacher", world.teacher, "Your escalation has been sent to Children's Social Care."],
    ] as const) {
      const sent = await row(key);
      const received = arrived.find((one) => one.messageId === `<${sent.id}@partnership.example>`);
      assert.ok(received, `${key}: arrived, with the message id in its Message-ID`);
      assert.equal(received.to && "text" in received.to ? received.to.text : "", person.email);
      assert.equal(received.from?.text, '"Resolve" <resolve@partnership.example>');
      assert.equal(received.subject, `Escalation ${raised.reference} has been raised`);
      assert.equal(received.text?.trimEnd(), `${body}\n\n${PUBLIC_URL}/escalations/${raised.id}`);
      assert.equal(received.html, false, "plain text only");
      for (const detail of CHILD_DETAILS) assert.ok(!wordsOf(received).includes(detail), detail);
      assert.equal(sent.delivery, "sent");
      assert.equal(sent.providerReference, received.messageId);
    }
  });

  test("an address the server refuses is given up on at once, with the server's reply", async () => {
    await enqueueMessages(
      services.db,
      [message("refused", "nobody@refused.example")],
      T0,
      randomUUID,
    );
    assert.deepEqual(await run(), { sent: 0, retrying: 0, failed: 1 });
    const refused = await row("refused");
    assert.equal(refused.delivery, "failed");
    assert.match(refused.lastError ?? "", /550 No such mailbox here/);
  });

  test("a server that cannot be reached: tried again after a wait, then the email goes", async () => {
    await enqueueMessages(
      services.db,
      [message("unreachable", world.teacher.email)],
      T0,
      randomUUID,
    );
    // A server that has stopped: its port refuses connections.
    const stopped = await startMailServer();
    await stopped.close();
    const down = smtpSender({ smtpUrl: stopped.url, from: FROM });
    assert.deepEqual(await run(down), { sent: 0, retrying: 1, failed: 0 });
    const waiting = await row("unreachable");
    assert.equal(waiting.delivery, "pending");
    assert.match(waiting.lastError ?? "", /ECONNREFUSED/);
    const wait = Date.parse(waiting.nextAttemptAt ?? "") - Date.parse(T0);
    assert.ok(wait >= 96_000 && wait <= 144_000, `about 2 minutes, not ${wait} ms`);

    const before = mail.received.length;
    clock = waiting.nextAttemptAt ?? "";
    assert.deepEqual(await run(), { sent: 1, retrying: 0, failed: 0 });
    assert.equal(mail.received.length, before + 1);
    assert.equal((await row("unreachable")).attempts, 2);
  });
});
