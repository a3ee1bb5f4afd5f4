// The administrators' outbox on the real services and a fresh database (PGlite, or PostgreSQL
// with DATABASE_URL), signed in through the real sign-in form.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { messageTo } from "../../../../test/support/messages.ts";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { sendingWent } from "../../../../test/support/sending.ts";
import { testServices } from "../../../../test/support/services.ts";
import { personWithPassword, signInAs } from "../../../../test/support/sign-in.ts";
import type { Services } from "../../../app/services.ts";
import type { Person } from "../../../db/directory.ts";
import type { NewMessage } from "../../../db/messages.ts";
import { adminChanges, messages } from "../../../db/schema.ts";
import { buildApp } from "../../app.ts";
import { type Browser, browser, followed, text } from "./test-support.ts";

const subjects = (html: string) =>
  [...html.matchAll(/data-qa="subject">([^<]*)</g)].map((match) => text(match[1] ?? "").trim());

describe(`The outbox on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  let services: Services;
  let app: FastifyInstance;
  let admin: Browser;
  let adminSession: { cookie: string; csrfToken: string };
  let practitioner: Browser;
  let world: Awaited<ReturnType<typeof testPartnership>>;
  const ids = { waiting: "", sent: "", failed: "", failedToo: "", digest: "", elsewhere: "" };
  const clock = "2025-03-04T10:00:00.000Z";
  const at = (minutes: number) => new Date(Date.parse(clock) - minutes * 60_000).toISOString();
  const emailTo = (person: Person, when: string, details: Partial<NewMessage> = {}) =>
    messageTo(services.db, person, when, { email: person.email, ...details });
  const row = async (id: string) => {
    const [found] = await services.db.select().from(messages).where(eq(messages.id, id));
    assert.ok(found);
    return found;
  };
  const historyRows = async () =>
    services.db
      .select()
      .from(adminChanges)
      .where(eq(adminChanges.partnershipId, world.partnership.id));

  before(async () => {
    services = await testServices({}, { now: () => clock });
    app = await buildApp(services);
    world = await testPartnership(services.db, "dorset");
    const administrator = await personWithPassword(services.db, {
      partnershipId: world.partnership.id,
      agencyId: null,
      name: "Ada Administrator",
      roles: ["administrator"],
    });
    const teacher = await personWithPassword(services.db, {
      partnershipId: world.partnership.id,
      agencyId: world.school.id,
      name: "Tia Teacher",
      roles: ["practitioner"],
    });
    adminSession = await signInAs(app, administrator.person, administrator.password);
    admin = browser(app, adminSession);
    practitioner = browser(app, await signInAs(app, teacher.person, teacher.password));

    ids.waiting = await emailTo(world.teamManager, at(50), { subject: "Waiting" });
    ids.sent = await emailTo(world.headOfService, at(40), { subject: "Sent" });
    await sendingWent(services.db, ids.sent, { delivery: "sent", at: at(39) });
    ids.failed = await emailTo(world.teacher, at(30), { subject: "Failed <b>bold</b>" });
    await sendingWent(services.db, ids.failed, {
      delivery: "failed",
      attempts: 5,
      lastError: "550 5.1.1 <amina@example.test>: mailbox unavailable",
    });
    ids.failedToo = await emailTo(world.teamManager, at(25), { subject: "Failed too" });
    await sendingWent(services.db, ids.failedToo, {
      delivery: "failed",
      attempts: 5,
      lastError: "connection refused",
    });
    ids.digest = await emailTo(world.teacher, at(20), { subject: "Digest", digest: true });
    await messageTo(services.db, world.teacher, at(10), { subject: "App only", email: null });
    const elsewhere = await testPartnership(services.db, "dorset");
    ids.elsewhere = await emailTo(elsewhere.teacher, at(5), { subject: "Elsewhere" });
    await sendingWent(services.db, ids.elsewhere, {
      delivery: "failed",
      attempts: 5,
      lastError: "refused",
    });
  });
  after(async () => {
    await app.close();
    await services.database.close();
  });

  test("every email of the partnership, newest first, with its status, attempts and last error", async () => {
    const page = await admin.get("/admin/outbox");
    assert.equal(page.statusCode, 200);
    assert.deepEqual(subjects(page.body), [
      "Digest",
      "Failed too",
      "Failed <b>bold</b>",
      "Sent",
      "Waiting",
    ]);
    assert.doesNotMatch(page.body, /<b>bold<\/b>/);
    const words = text(page.body);
    assert.match(
      words,
      /Failed <b>bold<\/b> Try again to send “Failed <b>bold<\/b>” to Amina Teacher Status Not sent To Amina Teacher \S+ Written 09:30 Tue 4 Mar 2025 Attempts 5 Last error/,
    );
    assert.match(words, /Last error 550 5\.1\.1 <amina@example\.test>: mailbox unavailable/);
    assert.match(words, /Held for the daily digest/);
    assert.match(words, /Waiting to send/);
    assert.match(words, /Sent 09:21 Tue 4 Mar 2025 Attempts 1/);
    assert.equal([...page.body.matchAll(/data-qa="retry"/g)].length, 2);
  });

  test("the administration pages say, loudly, how many emails could not be sent", async () => {
    for (const path of ["/admin/agencies", "/admin/people", "/admin/outbox"]) {
      const page = await admin.get(path);
      assert.match(text(page.body), /2 emails could not be sent/, path);
      assert.match(page.body, /href="\/admin\/outbox\?status=failed"/, path);
    }
  });

  test("filtered by how their sending stands", async () => {
    const cases: [string, string[]][] = [
      ["failed", ["Failed too", "Failed <b>bold</b>"]],
      ["waiting", ["Waiting"]],
      ["sent", ["Sent"]],
      ["digest", ["Digest"]],
    ];
    for (const [status, expected] of cases) {
      const page = await admin.get(`/admin/outbox?status=${status}`);
      assert.equal(page.statusCode, 200, status);
      assert.deepEqual(subjects(page.body), expected, status);
      assert.match(page.body, new RegExp(`<option value="${status}" selected>`), status);
    }
  });

  test("odd values in the address show every email and say so; nothing is changed", async () => {
    for (const query of [
      "status=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
      `status=${"x".repeat(10_000)}`,
      "status=failed&status=sent",
      "after=nonsense",
      `after=${ids.elsewhere}`,
    ]) {
      const page = await admin.get(`/admin/outbox?${query}`);
      assert.equal(page.statusCode, 200, query);
      assert.equal(subjects(page.body).length, 5, query);
      assert.match(page.body, /data-qa="ignored"/, query);
      assert.doesNotMatch(page.body, /<script>alert/, query);
    }
    const unknown = await admin.get("/admin/outbox?status[$ne]=1&other=%3Cscript%3E");
    assert.equal(unknown.statusCode, 200);
    assert.equal(subjects(unknown.body).length, 5);
    assert.equal((await row(ids.failed)).delivery, "failed");
  });

  test("only administrators see the outbox", async () => {
    const refused = await practitioner.get("/admin/outbox");
    assert.equal(refused.statusCode, 403);
    const signedOut = await app.inject({ method: "GET", url: "/admin/outbox" });
    assert.equal(signedOut.statusCode, 303);
  });

  test("trying a failed email again needs an administrator and the form's token, and is for the partnership's own", async () => {
    const refused = await practitioner.post(`/admin/outbox/${ids.failed}/retry`);
    assert.equal(refused.statusCode, 403);
    const forged = await app.inject({
      method: "POST",
      url: `/admin/outbox/${ids.failed}/retry`,
      headers: {
        cookie: adminSession.cookie,
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: "_csrf=forged",
    });
    assert.equal(forged.statusCode, 403);
    const elsewhere = await admin.post(`/admin/outbox/${ids.elsewhere}/retry`);
    assert.equal(elsewhere.statusCode, 404);
    for (const id of ["nonsense", "00000000-0000-4000-8000-000000000000"]) {
      assert.equal((await admin.post(`/admin/outbox/${id}/retry`)).statusCode, 404, id);
    }
    assert.equal((await row(ids.failed)).delivery, "failed");
    assert.equal((await row(ids.elsewhere)).delivery, "failed");
    assert.equal((await historyRows()).length, 0);
  });

  test("a failed email tried again waits to be sent with fresh attempts, and the history says who did it", async () => {
    const response = await admin.post(`/admin/outbox/${ids.failed}/retry`);
    const { page } = await followed(admin, response, /^\/admin\/outbox\?done=email-retried$/);
    assert.match(text(page.body), /The email is waiting to be sent again/);
    assert.match(text(page.body), /1 email could not be sent/);
    const retried = await row(ids.failed);
    assert.equal(retried.delivery, "pending");
    assert.equal(retried.attempts, 0);
    assert.equal(new Date(retried.nextAttemptAt ?? "").toISOString(), clock);
    assert.equal(retried.lastError, "550 5.1.1 <amina@example.test>: mailbox unavailable");

    // Pressed again (or by another administrator): nothing more happens.
    const again = await admin.post(`/admin/outbox/${ids.failed}/retry`);
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, "/admin/outbox?status=failed");
    assert.equal((await row(ids.failed)).attempts, 0);

    const history = await admin.get("/admin/history");
    const words = text(history.body);
    assert.match(words, /Ada Administrator Email to be tried again Failed <b>bold<\/b>/);
    assert.match(words, /Status: Not sent → Waiting to send/);
    assert.equal((await historyRows()).length, 1);
  });
});
