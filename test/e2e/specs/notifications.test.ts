// Notifications, the demo mailbox and the administrators' outbox in a real browser, on the demo
// partnership (Dorset's procedure): messages written as the rules write them (enqueueMessages),
// some sent and some given up on as the dispatcher leaves them. A demo practitioner reads and
// follows theirs; everyone reads the demo mailbox; the demo administrator sees the emails not
// sent and tries one again. Every page visited is checked with axe and photographed, on a
// desktop and a phone, with and without JavaScript.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { arrayContains } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  insertPerson,
  listAgencies,
  listPartnerships,
  listPeople,
  type Person,
} from "../../../src/db/directory.ts";
import { countUnread } from "../../../src/db/message-queries.ts";
import type { NewMessage } from "../../../src/db/messages.ts";
import { escalations } from "../../../src/db/schema.ts";
import { messageTo } from "../../support/messages.ts";
import { sendingWent } from "../../support/sending.ts";
import type { BasePage } from "../pages/base-page.ts";
import { DemoMailboxPage, NotificationsPage, OutboxPage } from "../pages/notification-pages.ts";
import { DemoSignInPage } from "../pages/sign-in-page.ts";
import { settled, YourWorkPage } from "../pages/your-work-page.ts";
import { type RunningApp, startTestApp } from "../support/app.ts";
import { contextWithoutAppScripts, launchBrowser } from "../support/browser.ts";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const MINUTE = 60 * 1000;

describe("notifications, the demo mailbox and the outbox in a browser", () => {
  let running: RunningApp;
  let baseUrl: string;
  let browser: Browser;
  let practitioner: Person;
  let administrator: Person;
  let newcomer: Person;

  before(async () => {
    running = await startTestApp({ demo: true, demoProcedure: "dorset" });
    baseUrl = running.baseUrl;
    const { services } = running;
    const [partnership] = await listPartnerships(services.db);
    assert.ok(partnership);
    const people = await listPeople(services.db, partnership.id, { demo: true });
    const find = (jobTitle: string) => {
      const found = people.find((person) => person.jobTitle === jobTitle);
      assert.ok(found, `the demo has a ${jobTitle}`);
      return found;
    };
    practitioner = find("Class teacher, Year 4");
    administrator = find("Partnership systems administrator");
    const [agency] = await listAgencies(services.db, partnership.id);
    assert.ok(agency);
    newcomer = await insertPerson(services.db, {
      id: randomUUID(),
      partnershipId: partnership.id,
      agencyId: agency.id,
      name: "Noor Newman",
      email: "noor.newman@demo.resolve.test",
      jobTitle: "Learning mentor",
      demo: true,
      roles: ["practitioner"],
    });

    const now = Date.parse(services.now());
    const ago = (minutes: number) => new Date(now - minutes * MINUTE).toISOString();
    const email = (to: Person, minutes: number, details: Partial<NewMessage>) =>
      messageTo(services.db, to, ago(minutes), { email: to.email, ...details });
    const escalationId = await firstEscalationOf(practitioner);
    await email(practitioner, 3, {
      subject: "An escalation you raised was escalated to stage 2",
      body: "Hillside’s line manager took it to stage 2: second-tier managers.\n\nThey have until the end of Thursday to talk to Children’s Social Care.",
      escalationId,
      link: `/escalations/${escalationId}`,
    });
    await email(practitioner, 60, {
      subject: "A deadline on an escalation is tomorrow",
      body: "Stage 1 is due by the end of tomorrow.",
      escalationId,
      link: `/escalations/${escalationId}`,
      digest: true,
    });
    const sent = await email(practitioner, 60 * 26, {
      subject: "Welcome to Resolve",
      body: "You can raise an escalation when you disagree with another agency’s decision about a child.",
    });
    await sendingWent(services.db, sent, { delivery: "sent", at: ago(60 * 26 - 1) });
    const failed = await email(administrator, 60 * 5, {
      subject: "An escalation reached stage 3",
      body: "The partnership business team is told when an escalation reaches stage 3.",
    });
    await sendingWent(services.db, failed, {
      delivery: "failed",
      attempts: 8,
      lastError: "550 5.1.1 Recipient address rejected: user unknown",
    });
    const failedToo = await email(practitioner, 60 * 6, {
      subject: "An escalation was resolved",
      body: "Children’s Social Care and Hillside agreed an outcome.",
    });
    await sendingWent(services.db, failedToo, {
      delivery: "failed",
      attempts: 8,
      lastError: "connect ECONNREFUSED 10.0.0.25:587",
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await running?.close();
  });

  /** An escalation the person took part in, by id. */
  async function firstEscalationOf(person: Person): Promise<string> {
    const [row] = await running.services.db
      .select({ id: escalations.id })
      .from(escalations)
      .where(arrayContains(escalations.participantIds, [person.id]))
      .limit(1);
    assert.ok(row, "the demo practitioner took part in an escalation");
    return row.id;
  }

  /** Photographs the page (test/e2e/screenshots/<name>.png) and checks it with axe. */
  const look = async (page: BasePage, name: string) => {
    await page.scriptsReady();
    await page.screenshot(name);
    await page.checkAccessibility();
  };

  const signedIn = async (
    person: Person,
    make: () => Promise<BrowserContext> = () => browser.newContext({ viewport: DESKTOP }),
  ): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await make();
    const page = await context.newPage();
    const demo = new DemoSignInPage(page, baseUrl);
    await demo.open();
    await demo.chooseNamed(person.name);
    await settled(demo);
    return { context, page };
  };

  test("the practitioner sees their unread count everywhere, reads their notifications and follows one to its escalation", async () => {
    const { context, page } = await signedIn(practitioner);
    try {
      const unread = await countUnread(running.services.db, practitioner.id);
      assert.ok(unread >= 4, `${unread} unread`);
      const yourWork = new YourWorkPage(page, baseUrl);
      await yourWork.open();
      const notifications = new NotificationsPage(page, baseUrl);
      assert.equal(await notifications.unreadCount(), unread);
      assert.equal(
        await notifications.notificationsLinkText(),
        `Notifications${unread} unread`,
        "a screen reader hears the number unread",
      );

      await notifications.open();
      assert.equal(await notifications.heading().textContent(), "Notifications");
      assert.equal(await page.title(), "Notifications – Resolve");
      const subjects = await notifications.subjects();
      const ours = [
        "An escalation you raised was escalated to stage 2",
        "A deadline on an escalation is tomorrow",
        "An escalation was resolved",
        "Welcome to Resolve",
      ];
      assert.deepEqual(
        subjects.filter((subject) => ours.includes(subject)),
        ours,
        "newest first",
      );
      assert.ok(!subjects.includes("An escalation reached stage 3"), "not someone else's");
      assert.equal(await notifications.newCount(), Math.min(unread, 20));
      await look(notifications, "notifications");

      await notifications.openLink("An escalation you raised was escalated to stage 2");
      assert.match(notifications.path(), /^\/escalations\/[0-9a-f-]{36}$/);
      assert.equal(await notifications.unreadCount(), unread - 1);

      await notifications.open();
      const followed = notifications.notification(
        "An escalation you raised was escalated to stage 2",
      );
      assert.equal(await followed.locator('[data-qa="new"]').count(), 0);
      await notifications.markRead("Welcome to Resolve");
      assert.equal(notifications.path(), "/notifications");
      assert.equal(await notifications.unreadCount(), unread - 2);

      await notifications.markAllRead();
      assert.equal(await notifications.success(), "Your notifications are all marked as read");
      assert.equal(await notifications.newCount(), 0);
      assert.equal(await notifications.unreadCount(), 0);
      assert.equal(await notifications.notificationsLinkText(), "Notifications");
      await look(notifications, "notifications-all-read");
      notifications.expectNoProblems();
    } finally {
      await context.close();
    }
  });

  test("someone with no notifications is told so in plain words", async () => {
    for (const [viewport, name] of [
      [DESKTOP, "notifications-empty"],
      [PHONE, "notifications-empty-phone"],
    ] as const) {
      const { context, page } = await signedIn(newcomer, () => browser.newContext({ viewport }));
      try {
        const notifications = new NotificationsPage(page, baseUrl);
        await notifications.open();
        assert.match(
          (await notifications.emptyState().textContent()) ?? "",
          /You have no notifications yet/,
        );
        assert.equal(await notifications.unreadCount(), 0);
        assert.equal(await notifications.horizontalOverflow(), 0);
        await look(notifications, name);
        notifications.expectNoProblems();
      } finally {
        await context.close();
      }
    }
  });

  test("everyone reads the demo mailbox, from the demo banner", async () => {
    const { context, page } = await signedIn(newcomer);
    try {
      const mailbox = new DemoMailboxPage(page, baseUrl);
      await mailbox.follow(mailbox.bannerLink());
      assert.equal(mailbox.path(), "/demo/mailbox");
      assert.equal(await mailbox.heading().textContent(), "Demo mailbox");
      const failed = mailbox.email("An escalation reached stage 3");
      assert.match((await failed.textContent()) ?? "", /Not sent/);
      assert.match((await failed.textContent()) ?? "", new RegExp(administrator.email));
      const digest = mailbox.email("A deadline on an escalation is tomorrow");
      assert.match((await digest.textContent()) ?? "", /Held for the daily digest/);
      assert.match((await mailbox.email("Welcome to Resolve").textContent()) ?? "", /Sent/);
      await look(mailbox, "demo-mailbox");
      mailbox.expectNoProblems();
    } finally {
      await context.close();
    }
  });

  test("the administrator is told emails could not be sent, reads them and tries one again", async () => {
    const { context, page } = await signedIn(administrator);
    try {
      const outbox = new OutboxPage(page, baseUrl);
      await outbox.goto("/admin/agencies");
      assert.equal(await outbox.failedBanner(), "2 emails could not be sent");
      await look(outbox, "admin-failed-emails-banner");

      await outbox.seeFailed();
      assert.equal(outbox.path(), "/admin/outbox?status=failed");
      assert.deepEqual(await outbox.statuses(), ["Not sent", "Not sent"]);
      assert.match(
        (await outbox.email("An escalation reached stage 3").textContent()) ?? "",
        /partnership business team is told/,
      );
      assert.match(
        (await outbox.email("An escalation reached stage 3").textContent()) ?? "",
        /Attempts\s*8\s*Last error\s*550 5\.1\.1 Recipient address rejected: user unknown/,
      );
      await look(outbox, "admin-outbox-failed");

      await outbox.tryAgain("An escalation reached stage 3");
      assert.equal(await outbox.success(), "The email is waiting to be sent again");
      assert.equal(await outbox.failedBanner(), "1 email could not be sent");
      const retried = outbox.email("An escalation reached stage 3");
      assert.match((await retried.textContent()) ?? "", /Waiting to send[\s\S]*Attempts\s*0/);
      await look(outbox, "admin-outbox");

      await outbox.show("Held for the daily digest");
      assert.equal(outbox.path(), "/admin/outbox?status=digest");
      assert.equal(await outbox.email("A deadline on an escalation is tomorrow").count(), 1);
      assert.deepEqual(new Set(await outbox.statuses()), new Set(["Held for the daily digest"]));

      await outbox.goto("/admin/history");
      assert.match(
        (await page.locator('[data-qa="change"]').first().textContent()) ?? "",
        /Email to be tried again\s*An escalation reached stage 3/,
      );
      await look(outbox, "admin-history-email-retried");
      outbox.expectNoProblems();
    } finally {
      await context.close();
    }
  });

  test("on a phone, nothing runs off the side of the outbox or the demo mailbox", async () => {
    const { context, page } = await signedIn(administrator, () =>
      browser.newContext({ viewport: PHONE }),
    );
    try {
      const outbox = new OutboxPage(page, baseUrl);
      await outbox.open();
      await look(outbox, "admin-outbox-phone");
      assert.equal(await outbox.horizontalOverflow(), 0);
      const mailbox = new DemoMailboxPage(page, baseUrl);
      await mailbox.open();
      assert.equal(await mailbox.horizontalOverflow(), 0);
      await look(mailbox, "demo-mailbox-phone");
      outbox.expectNoProblems();
      mailbox.expectNoProblems();
    } finally {
      await context.close();
    }
  });

  test("without JavaScript: notifications are opened and marked read, and the outbox is filtered", async () => {
    const { services } = running;
    const id = await messageTo(services.db, newcomer, services.now(), {
      subject: "Without scripts",
      link: "/your-work",
    });
    assert.ok(id);
    const { context, page } = await signedIn(newcomer, () =>
      browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false }),
    );
    try {
      const notifications = new NotificationsPage(page, baseUrl);
      await notifications.open();
      assert.equal(await notifications.unreadCount(), 1);
      await notifications.screenshot("notifications-no-javascript");
      await notifications.openLink("Without scripts");
      assert.equal(notifications.path(), "/your-work");
      assert.equal(await notifications.unreadCount(), 0);
      notifications.expectNoProblems();
    } finally {
      await context.close();
    }
    const admin = await signedIn(administrator, () =>
      contextWithoutAppScripts(browser, { viewport: DESKTOP }),
    );
    try {
      const outbox = new OutboxPage(admin.page, baseUrl);
      await outbox.open();
      await outbox.show("Sent");
      assert.equal(outbox.path(), "/admin/outbox?status=sent");
      assert.equal(await outbox.email("Welcome to Resolve").count(), 1);
      assert.deepEqual(new Set(await outbox.statuses()), new Set(["Sent"]));
      await look(outbox, "admin-outbox-sent-no-javascript");
      outbox.expectNoProblems();
    } finally {
      await admin.context.close();
    }
  });
});
