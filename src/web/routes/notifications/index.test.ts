// Your notifications on the real services and a fresh database (PGlite, or PostgreSQL with
// DATABASE_URL), signed in through the real sign-in form; messages written by enqueueMessages.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { messageTo } from "../../../../test/support/messages.ts";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { testServices } from "../../../../test/support/services.ts";
import { personWithPassword, signInAs } from "../../../../test/support/sign-in.ts";
import type { Services } from "../../../app/services.ts";
import type { Person } from "../../../db/directory.ts";
import { messages } from "../../../db/schema.ts";
import { buildApp } from "../../app.ts";
import { type Browser, browser, text } from "../admin/test-support.ts";
import { NOTIFICATIONS_PAGE_SIZE } from "./index.ts";

const subjects = (html: string) =>
  [...html.matchAll(/data-qa="subject">([\s\S]*?)<\/h2>/g)].map((match) =>
    text(match[1] ?? "")
      .replace(/^ ?New /, "")
      .trim(),
  );
const newCount = (html: string) => [...html.matchAll(/data-qa="new"/g)].length;
const badge = (html: string) => /data-qa="unread-count">([^<]+)</.exec(html)?.[1];

describe(`Notifications on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  let services: Services;
  let app: FastifyInstance;
  let reader: Person;
  let other: Person;
  let as: Browser;
  let readerSession: { cookie: string; csrfToken: string };
  let asOther: Browser;
  const clock = "2025-03-04T10:00:00.000Z";
  const minutesAgo = (minutes: number) =>
    new Date(Date.parse(clock) - minutes * 60_000).toISOString();

  const readAt = async (id: string) => {
    const [row] = await services.db
      .select({ readAt: messages.readAt })
      .from(messages)
      .where(eq(messages.id, id));
    return row?.readAt ?? null;
  };

  before(async () => {
    services = await testServices({}, { now: () => clock });
    app = await buildApp(services);
    const world = await testPartnership(services.db, "dorset");
    const made = await personWithPassword(services.db, {
      partnershipId: world.partnership.id,
      agencyId: world.school.id,
      name: "Rhea Reader",
      roles: ["practitioner"],
    });
    const made2 = await personWithPassword(services.db, {
      partnershipId: world.partnership.id,
      agencyId: world.socialCare.id,
      name: "Otto Other",
      roles: ["line-manager"],
    });
    reader = made.person;
    other = made2.person;
    readerSession = await signInAs(app, reader, made.password);
    as = browser(app, readerSession);
    asOther = browser(app, await signInAs(app, other, made2.password));
  });
  after(async () => {
    await app.close();
    await services.database.close();
  });

  test("with no messages: a plain empty state, and no count in the navigation", async () => {
    const page = await asOther.get("/notifications");
    assert.equal(page.statusCode, 200);
    assert.match(text(page.body), /You have no notifications yet/);
    assert.equal(badge(page.body), undefined);
    assert.doesNotMatch(page.body, /data-qa="mark-all-read"/);
  });

  test("shows only the person's own messages, newest first, the unread marked New, with the time in London", async () => {
    await messageTo(services.db, reader, minutesAgo(60 * 24 * 120), {
      subject: "In winter time",
    });
    const summer = await messageTo(services.db, reader, "2024-07-01T08:30:00.000Z", {
      subject: "In summer time",
      body: "First line\nSecond line\n\nA second paragraph",
    });
    await messageTo(services.db, reader, minutesAgo(5), {
      subject: "Newest <script>alert(1)</script>",
      escalationId: "5b0a2c39-6f39-4f0c-9b61-1a7f7a0f2a01",
      link: "/escalations/5b0a2c39-6f39-4f0c-9b61-1a7f7a0f2a01",
    });
    await messageTo(services.db, other, minutesAgo(1), { subject: "For someone else" });
    const page = await as.get("/notifications");
    assert.equal(page.statusCode, 200);
    assert.deepEqual(subjects(page.body), [
      "Newest <script>alert(1)</script>",
      "In winter time",
      "In summer time",
    ]);
    assert.doesNotMatch(page.body, /<script>alert/);
    assert.equal(newCount(page.body), 3);
    assert.equal(badge(page.body), "3");
    assert.match(text(page.body), /Notifications 3 unread/);
    // 08:30 UTC on 1 July is 09:30 in London (BST).
    assert.match(
      page.body,
      /datetime="2024-07-01T08:30:00.000000Z" data-qa="when">09:30 Mon 1 Jul 2024</,
    );
    assert.match(page.body, /First line<br>Second line/);
    assert.match(page.body, /A second paragraph/);
    assert.match(text(page.body), /Go to the escalation/);
    assert.match(page.body, new RegExp(`action="/notifications/${summer}/read"`));
    assert.match(page.body, /data-qa="mark-all-read"/);
  });

  test("the count is in the navigation of every signed-in page", async () => {
    const page = await as.get("/your-work");
    assert.equal(badge(page.body), "3");
    const none = await asOther.get("/your-work");
    assert.equal(badge(none.body), "1");
  });

  test("opening a message marks it read and goes to its link", async () => {
    const id = await messageTo(services.db, reader, minutesAgo(2), {
      subject: "Follow me",
      escalationId: "5b0a2c39-6f39-4f0c-9b61-1a7f7a0f2a02",
      link: "/escalations/5b0a2c39-6f39-4f0c-9b61-1a7f7a0f2a02",
    });
    const opened = await as.post(`/notifications/${id}/read`);
    assert.equal(opened.statusCode, 303);
    assert.equal(opened.headers.location, "/escalations/5b0a2c39-6f39-4f0c-9b61-1a7f7a0f2a02");
    assert.ok(await readAt(id));
    // Again: still read, at the first time, and it still leads there.
    const first = await readAt(id);
    const again = await as.post(`/notifications/${id}/read`);
    assert.equal(again.headers.location, "/escalations/5b0a2c39-6f39-4f0c-9b61-1a7f7a0f2a02");
    assert.equal(await readAt(id), first);
    const page = await as.get("/notifications");
    assert.equal(badge(page.body), "3");
  });

  test("a message without a link is marked read and the list comes back", async () => {
    const id = await messageTo(services.db, reader, minutesAgo(3), { subject: "No link" });
    const marked = await as.post(`/notifications/${id}/read`);
    assert.equal(marked.statusCode, 303);
    assert.equal(marked.headers.location, "/notifications");
    assert.ok(await readAt(id));
  });

  test("a link that is not a path in Resolve is never followed", async () => {
    for (const link of [
      "https://evil.example/",
      "//evil.example/escalations",
      "/\\evil.example",
      "javascript:alert(1)",
      "/escalations/x\r\nLocation: https://evil.example",
    ]) {
      const id = await messageTo(services.db, reader, minutesAgo(4), { subject: "Trap", link });
      const page = await as.get("/notifications");
      assert.ok(!page.body.includes(`href="${link}"`), link);
      const opened = await as.post(`/notifications/${id}/read`);
      assert.equal(opened.statusCode, 303, link);
      assert.equal(opened.headers.location, "/notifications", link);
    }
  });

  test("someone else's message is not found, and stays unread", async () => {
    const theirs = await messageTo(services.db, other, minutesAgo(1), {
      subject: "Theirs",
      link: "/log",
    });
    const response = await as.post(`/notifications/${theirs}/read`);
    assert.equal(response.statusCode, 404);
    assert.equal(await readAt(theirs), null);
    for (const id of [
      "not-an-id",
      "00000000-0000-4000-8000-000000000000",
      "%00",
      "x".repeat(5000),
    ]) {
      const answer = await as.post(`/notifications/${encodeURIComponent(id)}/read`);
      // An id longer than any route takes is refused before it is read (414 URI Too Long).
      assert.ok([404, 414].includes(answer.statusCode), `${id.slice(0, 20)}: ${answer.statusCode}`);
    }
  });

  test("without the form's token nothing is marked read", async () => {
    const id = await messageTo(services.db, reader, minutesAgo(1), { subject: "Guarded" });
    for (const [url, payload] of [
      [`/notifications/${id}/read`, "_csrf=wrong"],
      [`/notifications/${id}/read`, ""],
      ["/notifications/read-all", ""],
    ] as const) {
      const response = await app.inject({
        method: "POST",
        url,
        headers: {
          cookie: readerSession.cookie,
          "content-type": "application/x-www-form-urlencoded",
        },
        payload,
      });
      assert.equal(response.statusCode, 403, `${url} ${payload}`);
    }
    assert.equal(await readAt(id), null);
  });

  test("odd, oversized and repeated values in the address show the first page, and change nothing", async () => {
    const before = await as.get("/notifications");
    const firstPage = subjects(before.body);
    for (const query of [
      "after=not-a-cursor",
      "after=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
      `after=${"a".repeat(10_000)}`,
      "after=00000000-0000-4000-8000-000000000000",
      "after=a&after=b",
      "after[x]=1",
      "done=%3Cscript%3E",
      "after=%00",
    ]) {
      const page = await as.get(`/notifications?${query}`);
      assert.equal(page.statusCode, 200, query);
      assert.deepEqual(subjects(page.body), firstPage, query);
      assert.doesNotMatch(page.body, /<script>alert/, query);
    }
    const ignored = await as.get("/notifications?after=00000000-0000-4000-8000-000000000000");
    assert.match(ignored.body, /data-qa="ignored-page"/);
    // Another person's message is no place in this list.
    const theirs = await messageTo(services.db, other, minutesAgo(1), { subject: "Not yours" });
    const page = await as.get(`/notifications?after=${theirs}`);
    assert.match(page.body, /data-qa="ignored-page"/);
    assert.deepEqual(subjects(page.body), firstPage);
  });

  test("mark all as read: every unread message of theirs, and no one else's", async () => {
    const theirs = await messageTo(services.db, other, minutesAgo(1), { subject: "Still theirs" });
    const done = await as.post("/notifications/read-all");
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, "/notifications?done=all-read");
    const page = await as.get("/notifications?done=all-read");
    assert.match(text(page.body), /Your notifications are all marked as read/);
    assert.equal(newCount(page.body), 0);
    assert.equal(badge(page.body), undefined);
    assert.doesNotMatch(page.body, /data-qa="mark-all-read"/);
    assert.equal(await readAt(theirs), null);
  });

  test("pages of twenty, newest first, through messages written at the same instant", async () => {
    const world = await testPartnership(services.db, "dorset");
    const made = await personWithPassword(services.db, {
      partnershipId: world.partnership.id,
      agencyId: world.school.id,
      name: "Pat Pages",
      roles: ["practitioner"],
    });
    const pages = browser(app, await signInAs(app, made.person, made.password));
    const total = NOTIFICATIONS_PAGE_SIZE * 2 + 3;
    for (let i = 0; i < total; i++) {
      // Three at each instant: the id breaks the tie, so none is lost or shown twice.
      await messageTo(services.db, made.person, minutesAgo(Math.floor(i / 3)), {
        subject: `Message ${i}`,
      });
    }
    const seen: string[] = [];
    let url: string | undefined = "/notifications";
    let count = 0;
    while (url !== undefined) {
      const page = await pages.get(url);
      assert.equal(page.statusCode, 200);
      const shown = subjects(page.body);
      assert.ok(shown.length <= NOTIFICATIONS_PAGE_SIZE);
      seen.push(...shown);
      if (count > 0) assert.match(page.body, /data-qa="first-page"/);
      url = /href="(\/notifications\?after=[^"]+)"/.exec(page.body)?.[1];
      count++;
    }
    assert.equal(count, 3);
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total);
    // Newest first: each instant's three are together, the newest instant first.
    assert.deepEqual(
      seen.map((subject) => Math.floor(Number(subject.split(" ")[1]) / 3)),
      [...seen.keys()].map((index) => Math.floor(index / 3)),
    );
  });

  test("signed out, the page asks you to sign in", async () => {
    const response = await app.inject({ method: "GET", url: "/notifications" });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, "/sign-in?returnTo=%2Fnotifications");
  });
});
