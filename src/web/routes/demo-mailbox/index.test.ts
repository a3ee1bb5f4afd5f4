// The demo mailbox on the real services and a fresh database (PGlite, or PostgreSQL with
// DATABASE_URL): in demo mode everyone signed in reads every email of their partnership.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { messageTo } from "../../../../test/support/messages.ts";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { sendingWent } from "../../../../test/support/sending.ts";
import { testServices } from "../../../../test/support/services.ts";
import { personWithPassword, signInAs } from "../../../../test/support/sign-in.ts";
import type { Services } from "../../../app/services.ts";
import type { Person } from "../../../db/directory.ts";
import type { NewMessage } from "../../../db/messages.ts";
import { buildApp } from "../../app.ts";
import { type Browser, browser, text } from "../admin/test-support.ts";
import { MAILBOX_PAGE_SIZE } from "./index.ts";

const subjects = (html: string) =>
  [...html.matchAll(/data-qa="subject">([^<]*)</g)].map((match) => text(match[1] ?? "").trim());
const statuses = (html: string) =>
  [...html.matchAll(/data-qa="status">([^<]*)</g)].map((match) => match[1]);

describe(`The demo mailbox on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  let services: Services;
  let app: FastifyInstance;
  let notDemo: FastifyInstance;
  let teacher: Browser;
  let teacherSession: { cookie: string; csrfToken: string };
  let world: Awaited<ReturnType<typeof testPartnership>>;
  const clock = "2025-03-04T10:00:00.000Z";
  /** An email to the person, written as the rules write them. */
  const emailTo = (person: Person, when: string, details: Partial<NewMessage> = {}) =>
    messageTo(services.db, person, when, { email: person.email, ...details });
  const at = (minutes: number) => new Date(Date.parse(clock) - minutes * 60_000).toISOString();

  before(async () => {
    services = await testServices({ demo: true }, { now: () => clock });
    app = await buildApp(services, { demo: true });
    notDemo = await buildApp({ ...services, config: { ...services.config, demo: false } });
    world = await testPartnership(services.db, "dorset");
    const made = await personWithPassword(services.db, {
      partnershipId: world.partnership.id,
      agencyId: world.school.id,
      name: "Tess Teacher",
      roles: ["practitioner"],
    });
    teacherSession = await signInAs(app, made.person, made.password);
    teacher = browser(app, teacherSession);
  });
  after(async () => {
    await app.close();
    await notDemo.close();
    await services.database.close();
  });

  test("everyone's emails of the partnership, newest first, with how each stands; not app-only messages, not other partnerships'", async () => {
    const empty = await teacher.get("/demo/mailbox");
    assert.equal(empty.statusCode, 200);
    assert.match(text(empty.body), /There are no emails yet/);

    await emailTo(world.teamManager, at(50), { subject: "Waiting one" });
    const sent = await emailTo(world.headOfService, at(40), {
      subject: "Sent one",
      body: "Line one\nLine two",
      escalationId: "5b0a2c39-6f39-4f0c-9b61-1a7f7a0f2a01",
      link: "/escalations/5b0a2c39-6f39-4f0c-9b61-1a7f7a0f2a01",
    });
    await sendingWent(services.db, sent, { delivery: "sent", at: at(39) });
    const failed = await emailTo(world.teacher, at(30), { subject: "Failed one" });
    await sendingWent(services.db, failed, {
      delivery: "failed",
      attempts: 5,
      lastError: "550 mailbox unavailable",
    });
    await emailTo(world.teacher, at(20), { subject: "Digest one", digest: true });
    await emailTo(world.teacher, at(10), { subject: "App only", email: null });
    const elsewhere = await testPartnership(services.db, "dorset");
    await emailTo(elsewhere.teacher, at(5), { subject: "Another partnership's" });

    const page = await teacher.get("/demo/mailbox");
    assert.equal(page.statusCode, 200);
    assert.deepEqual(subjects(page.body), ["Digest one", "Failed one", "Sent one", "Waiting one"]);
    assert.deepEqual(statuses(page.body), [
      "Held for the daily digest",
      "Not sent",
      "Sent",
      "Waiting to send",
    ]);
    const words = text(page.body);
    assert.match(words, /In a real service, these would be emails to the people named/);
    assert.match(
      words,
      new RegExp(`Hana Head ${world.headOfService.email.replaceAll(".", "\\.")}`),
    );
    assert.match(page.body, /Line one<br>Line two/);
    assert.match(page.body, /href="\/escalations\/5b0a2c39-6f39-4f0c-9b61-1a7f7a0f2a01"/);
    // The demo banner leads here.
    assert.match(page.body, /href="\/demo\/mailbox" data-qa="demo-mailbox-link"/);
  });

  test("pages of twenty, and odd values in the address show the first page", async () => {
    for (let i = 0; i < MAILBOX_PAGE_SIZE; i++) {
      await emailTo(world.teamManager, at(60 + i), { subject: `Older ${i}` });
    }
    const first = await teacher.get("/demo/mailbox");
    const next = /href="(\/demo\/mailbox\?after=[^"]+)"/.exec(first.body)?.[1];
    assert.ok(next);
    const second = await teacher.get(next);
    assert.equal(second.statusCode, 200);
    assert.equal(subjects(first.body).length + subjects(second.body).length, MAILBOX_PAGE_SIZE + 4);
    assert.match(second.body, /data-qa="first-page"/);
    for (const query of ["after=%3Cscript%3E", `after=${"z".repeat(5000)}`, "after=1&after=2"]) {
      const page = await teacher.get(`/demo/mailbox?${query}`);
      assert.equal(page.statusCode, 200, query);
      assert.deepEqual(subjects(page.body), subjects(first.body), query);
      assert.match(page.body, /data-qa="ignored-page"/, query);
    }
  });

  test("outside demo mode there is no demo mailbox, and no link to one", async () => {
    const response = await notDemo.inject({
      method: "GET",
      url: "/demo/mailbox",
      headers: { cookie: teacherSession.cookie },
    });
    assert.equal(response.statusCode, 404);
    const yourWork = await notDemo.inject({
      method: "GET",
      url: "/your-work",
      headers: { cookie: teacherSession.cookie },
    });
    assert.doesNotMatch(yourWork.body, /demo-mailbox-link/);
  });

  test("signed out, it asks you to sign in, and the banner does not offer it", async () => {
    const response = await app.inject({ method: "GET", url: "/demo/mailbox" });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, "/sign-in?returnTo=%2Fdemo%2Fmailbox");
    const signIn = await app.inject({ method: "GET", url: "/sign-in" });
    assert.match(signIn.body, /data-qa="demo-banner"/);
    assert.doesNotMatch(signIn.body, /demo-mailbox-link/);
  });
});
