// Your work and the log in a real browser, on the demo partnership (Dorset's procedure) with
// twenty-five more escalations from the demo school, so the log runs to a second page: signed in
// as a demo practitioner, on a desktop and a phone, with and without JavaScript, every page
// checked with axe and photographed.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { raiseEscalation } from "../../../src/app/escalations.ts";
import {
  insertAgency,
  insertPerson,
  listAgencies,
  listPartnerships,
  listPeople,
  type Person,
} from "../../../src/db/directory.ts";
import type { BasePage } from "../pages/base-page.ts";
import { LogPage } from "../pages/log-page.ts";
import { YourWorkPage } from "../pages/your-work-page.ts";
import { type RunningApp, startTestApp } from "../support/app.ts";
import { contextWithoutAppScripts, launchBrowser } from "../support/browser.ts";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const HOUR = 60 * 60 * 1000;

describe("your work and the log in a browser", () => {
  let running: RunningApp;
  let baseUrl: string;
  let browser: Browser;
  let practitioner: Person;
  /** A demo person at an agency with no escalations at all. */
  let newcomer: Person;

  before(async () => {
    running = await startTestApp({ demo: true, demoProcedure: "dorset" });
    baseUrl = running.baseUrl;
    const { services } = running;
    const now = services.now();
    const [partnership] = await listPartnerships(services.db);
    assert.ok(partnership);
    const people = await listPeople(services.db, partnership.id, { demo: true });
    const found = people.find((person) => person.jobTitle === "Class teacher, Year 4");
    assert.ok(found, "the demo has a class teacher at Hillside Primary School");
    practitioner = found;
    // Twenty-five more from the school, eight hours apart going back: the oldest are overdue.
    const others = (await listAgencies(services.db, partnership.id)).filter(
      (agency) => agency.id !== practitioner.agencyId,
    );
    for (let i = 1; i <= 25; i++) {
      const at = new Date(Date.parse(now) - i * 8 * HOUR).toISOString();
      const raised = await raiseEscalation({ ...services, now: () => at }, practitioner, {
        thematic: false,
        child: { reference: `P${i}`, dateOfBirth: null, status: "none" },
        receivingAgencies: [others[i % others.length]?.id ?? ""],
        category: i % 2 === 0 ? "plan-progress" : "decision-not-understood",
        details: {
          challenged: "A decision about the child that the school does not understand",
          tried: "A phone call",
          evidence: { kind: "gut-feeling", text: "Something is not right" },
          outcomeSought: "A conversation between managers",
          urgency: "routine",
        },
      });
      assert.ok(raised.ok, JSON.stringify(raised));
    }
    const youthService = await insertAgency(services.db, {
      id: randomUUID(),
      partnershipId: partnership.id,
      name: "Westfield Youth Service",
      sector: "voluntary",
    });
    newcomer = await insertPerson(services.db, {
      id: randomUUID(),
      partnershipId: partnership.id,
      agencyId: youthService.id,
      name: "Nia Newcombe",
      email: "nia.newcombe@demo.resolve.test",
      jobTitle: "Youth worker",
      demo: true,
      roles: ["practitioner"],
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await running?.close();
  });

  /**
   * Photographs the page (test/e2e/screenshots/<name>.png) and checks it with axe, once GOV.UK
   * Frontend and MoJ Frontend have started: they load after the page's load event.
   */
  const look = async (page: BasePage, name: string) => {
    const classes = await page.page.locator("body").getAttribute("class");
    if (/\bgovuk-frontend-supported\b/.test(classes ?? "")) {
      await page.page.waitForFunction(() =>
        performance
          .getEntriesByType("resource")
          .some((entry) => entry.name.includes("/assets/moj/moj-frontend.min.js")),
      );
    }
    await page.screenshot(name);
    await page.checkAccessibility();
  };

  /** Signs in as a demo person (the practitioner) on /demo/sign-in, which leads to Your work. */
  const signIn = async (page: Page, person: Person = practitioner) => {
    await page.goto(`${baseUrl}/demo/sign-in`);
    const button = page
      .locator('[data-qa="sign-in-as"]')
      .filter({ hasText: `Sign in as ${person.name},` });
    await Promise.all([page.waitForURL(/\/your-work$/), button.click()]);
    await page.waitForLoadState("networkidle");
  };

  const signedInContext = async (
    make: () => Promise<BrowserContext>,
    person: Person = practitioner,
  ): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await make();
    const page = await context.newPage();
    await signIn(page, person);
    return { context, page };
  };

  test("Your work: the school's running escalations, each with its deadline", async () => {
    const { context, page } = await signedInContext(() =>
      browser.newContext({ viewport: DESKTOP }),
    );
    try {
      const yourWork = new YourWorkPage(page, baseUrl);
      await yourWork.open();
      assert.equal(await yourWork.heading().textContent(), "Your work");
      assert.equal(await page.title(), "Your work – Resolve");
      const cards = await yourWork.escalations().count();
      assert.ok(cards > 25, `${cards} escalations`);
      const tags = await yourWork.deadlineTags();
      assert.equal(tags.length, cards, "every escalation shows its deadline");
      for (const tag of tags) {
        assert.match(tag, /^(Overdue|Due today|Due in \d+ working days?|No deadline set)$/);
      }
      assert.ok(tags.includes("Overdue"));
      assert.match((await yourWork.overdueSummary().textContent()) ?? "", /\d+ overdue/);
      await look(yourWork, "your-work");
      yourWork.expectNoProblems();
    } finally {
      await context.close();
    }
  });

  test("the log: filter to the overdue, page through, and back to the first page", async () => {
    const { context, page } = await signedInContext(() =>
      browser.newContext({ viewport: DESKTOP }),
    );
    try {
      const log = new LogPage(page, baseUrl);
      await log.open();
      assert.equal(await log.heading().textContent(), "Log");
      assert.equal(await log.rows().count(), 25);
      await look(log, "log");

      await log.nextPage();
      const second = await log.references();
      assert.ok(second.length > 0 && second.length <= 25);
      await look(log, "log-page-2");
      await log.firstPage();
      assert.equal(await log.rows().count(), 25);
      const first = await log.references();
      assert.deepEqual(
        first.filter((reference) => second.includes(reference)),
        [],
        "no escalation on both pages",
      );

      await log.overdueOnly().check();
      await log.applyFilters();
      assert.match(log.page.url(), /\/log\?overdue=yes$/);
      assert.deepEqual(await log.selectedFilters(), ["Overdue"]);
      const overdue = await log.deadlineTags();
      assert.ok(overdue.length > 0);
      assert.deepEqual(new Set(overdue), new Set(["Overdue"]));
      await look(log, "log-overdue");
      log.expectNoProblems();
    } finally {
      await context.close();
    }
  });

  test("on a phone (375px): nothing runs off the side; the filter comes first, then the table in a pane that scrolls", async () => {
    const { context, page } = await signedInContext(() => browser.newContext({ viewport: PHONE }));
    try {
      const yourWork = new YourWorkPage(page, baseUrl);
      await yourWork.open();
      assert.equal(await yourWork.horizontalOverflow(), 0, "Your work scrolls sideways");
      await look(yourWork, "your-work-phone");

      const log = new LogPage(page, baseUrl);
      await log.open();
      assert.equal(await log.horizontalOverflow(), 0, "the log scrolls sideways");
      assert.equal(await log.overdueOnly().isVisible(), true, "the filter is shown");
      await look(log, "log-phone");
      yourWork.expectNoProblems();
      log.expectNoProblems();
    } finally {
      await context.close();
    }
  });

  test("without JavaScript: sign in, Your work, the log's filter and its pages all work", async () => {
    const { context, page } = await signedInContext(() =>
      browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false }),
    );
    try {
      const yourWork = new YourWorkPage(page, baseUrl);
      await yourWork.open();
      assert.doesNotMatch((await page.locator("body").getAttribute("class")) ?? "", /js-enabled/);
      assert.ok((await yourWork.escalations().count()) > 25);
      await yourWork.screenshot("your-work-no-javascript");

      const log = new LogPage(page, baseUrl);
      await log.open();
      assert.equal(await log.overdueOnly().isVisible(), true, "the filter is shown");
      await log.stage().selectOption({ label: "Stage 1 – line managers" });
      await log.applyFilters();
      assert.match(log.page.url(), /\/log\?stage=stage-1$/);
      assert.deepEqual(await log.selectedFilters(), ["Stage 1 – line managers"]);
      await log.screenshot("log-stage-1-no-javascript");
      await log.nextPage();
      assert.match(log.page.url(), /\/log\?stage=stage-1&after=/);
      assert.ok((await log.rows().count()) > 0);
      await log.firstPage();
      assert.equal(await log.rows().count(), 25);
      await log.overdueOnly().check();
      await log.applyFilters();
      assert.deepEqual(await log.selectedFilters(), ["Stage 1 – line managers", "Overdue"]);
      assert.deepEqual(new Set(await log.deadlineTags()), new Set(["Overdue"]));
      await log.screenshot("log-overdue-no-javascript");
      yourWork.expectNoProblems();
      log.expectNoProblems();
    } finally {
      await context.close();
    }
  });

  test("without the app's scripts, at both widths, both pages are accessible", async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { context, page } = await signedInContext(() =>
        contextWithoutAppScripts(browser, { viewport }),
      );
      try {
        const yourWork = new YourWorkPage(page, baseUrl);
        await yourWork.open();
        await yourWork.checkAccessibility();
        const log = new LogPage(page, baseUrl);
        await log.open("overdue=yes");
        assert.equal(
          await log.horizontalOverflow(),
          0,
          `the log scrolls sideways at ${viewport.width}px`,
        );
        await log.checkAccessibility();
        if (viewport === PHONE) await log.screenshot("log-phone-no-javascript");
        log.expectNoProblems();
      } finally {
        await context.close();
      }
    }
  });

  test("someone whose agency has no escalations is told how to raise one, on a desktop and a phone", async () => {
    for (const [viewport, name] of [
      [DESKTOP, "your-work-empty"],
      [PHONE, "your-work-empty-phone"],
    ] as const) {
      const { context, page } = await signedInContext(
        () => browser.newContext({ viewport }),
        newcomer,
      );
      try {
        const yourWork = new YourWorkPage(page, baseUrl);
        await yourWork.open();
        assert.equal(await yourWork.escalations().count(), 0);
        assert.match(
          (await yourWork.emptyState().textContent()) ?? "",
          /No escalations are waiting on Westfield Youth Service/,
        );
        assert.equal(await yourWork.raiseButton().getAttribute("href"), "/raise");
        assert.equal(await yourWork.horizontalOverflow(), 0);
        await look(yourWork, name);
        yourWork.expectNoProblems();
      } finally {
        await context.close();
      }
    }
  });

  test("a link with filters that cannot be used shows the log and says what was ignored", async () => {
    const { context, page } = await signedInContext(() =>
      browser.newContext({ viewport: DESKTOP }),
    );
    try {
      const log = new LogPage(page, baseUrl);
      const response = await log.open(
        "stage=%3Cscript%3Ealert(1)%3C%2Fscript%3E&status=open&status=resolved&after=garbage",
      );
      assert.equal(response?.status(), 200);
      assert.match(
        ((await log.byQa("query-problems").textContent()) ?? "").replace(/\s+/g, " "),
        /Part of the link to this page could not be used The stage and status filters in it were not one of the choices below, so they were ignored\. It was to a page of the log that could not be found, so this is the first page\./,
      );
      assert.equal(await log.rows().count(), 25);
      await look(log, "log-ignored-filters");
      log.expectNoProblems();
    } finally {
      await context.close();
    }
  });
});
