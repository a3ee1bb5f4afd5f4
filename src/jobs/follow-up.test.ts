// The follow-up job on a real database: on the morning a resolution's check falls due it asks the
// raiser and the two people who agreed the resolution, once each, with nothing about the child in
// the message; an answered check asks no more; a bank holiday added moves the prompt with it.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { actNow, raiseNow } from "../../test/support/escalations.ts";
import { testPartnership } from "../../test/support/partnership.ts";
import { testServices } from "../../test/support/services.ts";
import { addHoliday } from "../app/admin/holidays.ts";
import type { Services } from "../app/services.ts";
import { messages } from "../db/schema.ts";
import { promptFollowUps } from "./follow-up.ts";

const database = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";

describe(`the follow-up job (on ${database})`, () => {
  const clock = { now: "2026-03-02T10:00:00Z" };
  let services: Services;
  let world: Awaited<ReturnType<typeof testPartnership>>;

  before(async () => {
    services = await testServices({}, { now: () => clock.now });
    world = await testPartnership(services.db, "dorset");
  });
  after(() => services?.database.close());

  /** Raised and resolved on Mon 2 Mar 2026: its check falls due on Mon 30 Mar 2026. */
  async function resolved(): Promise<string> {
    clock.now = "2026-03-02T10:00:00Z";
    const id = await raiseNow(services, world.teacher, world.socialCare.id, {
      child: { reference: "K.M.", dateOfBirth: "2016-09-01", status: "child-in-need" },
    });
    await actNow(services, world.teamManager, id, {
      type: "resolve",
      outcome: "An assessment of K.M.",
      outstandingIssues: "None",
    });
    await actNow(services, world.teacher, id, { type: "confirm-resolution" });
    return id;
  }
  const sentFor = async (id: string) =>
    (await services.db.select().from(messages).where(eq(messages.escalationId, id))).filter(
      (message) => message.kind === "follow-up",
    );
  const pass = (now: string) => promptFollowUps(services, now);

  test("on the morning of its day, the raiser and whoever agreed the resolution are asked, once", async () => {
    const id = await resolved();
    assert.deepEqual(await pass("2026-03-27T12:00:00Z"), { checks: 0, written: 0 });
    // Mon 30 Mar 2026 is in British Summer Time: the working day starts at 07:00 UTC.
    assert.deepEqual(await pass("2026-03-30T06:59:00Z"), { checks: 0, written: 0 });
    assert.deepEqual(await pass("2026-03-30T07:00:00Z"), { checks: 1, written: 2 });
    assert.deepEqual(await pass("2026-03-30T07:01:00Z"), { checks: 1, written: 0 });
    const sent = await sentFor(id);
    assert.deepEqual(
      sent.map((message) => message.recipientPersonId).sort(),
      [world.teacher.id, world.teamManager.id].sort(),
    );
    for (const message of sent) {
      assert.equal(message.kind, "follow-up");
      assert.match(message.key, new RegExp(`^follow-up:${id}:2026-03-30T00:00:00.000\\+01:00:`));
      assert.match(message.subject, /^DOR-2026-\d{4}: did the agreed actions happen\?$/);
      assert.match(
        message.body,
        /was resolved on Mon 2 Mar 2026\. Its follow-up check is due today/,
      );
      assert.match(
        message.body,
        /Deadline: answer the follow-up check by the end of Mon 30 Mar 2026/,
      );
      assert.doesNotMatch(`${message.subject} ${message.body}`, /K\.M\.|referral was closed/);
      assert.equal(message.link, `/escalations/${id}`);
      assert.equal(message.delivery, "pending");
    }
    // Answered, it asks no more.
    clock.now = "2026-03-30T09:00:00Z";
    await actNow(services, world.teamManager, id, {
      type: "answer-follow-up",
      happened: true,
      note: "",
    });
    const after = await pass("2026-03-31T09:00:00Z");
    assert.equal(after.written, 0);
  });

  test("a bank holiday added before the check moves its prompt to the next working day", async () => {
    const id = await resolved();
    clock.now = "2026-03-10T10:00:00Z";
    const added = await addHoliday(
      services,
      { id: null, partnershipId: world.partnership.id },
      { date: "2026-03-16", title: "Local closure" },
    );
    assert.ok(added.ok);
    assert.equal((await pass("2026-03-30T12:00:00Z")).written, 0, "not due on the old day");
    assert.equal((await pass("2026-03-31T07:00:00Z")).written, 2);
    const keys = (await sentFor(id)).map((message) => message.key);
    assert.ok(
      keys.every((key) => key.includes(":2026-03-31T00:00:00.000+01:00:")),
      keys.join(),
    );
  });
});
