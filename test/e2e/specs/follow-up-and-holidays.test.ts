// The follow-up check and the extra bank holidays in a real browser: a Dorset escalation resolved
// on Tue 6 May 2025 is shown its check (due Wed 4 Jun, the spring bank holiday not counted), which
// the raiser answers "no" on its day, reopening it; an administrator adds a bank holiday, which
// moves the reopened stage's deadline. Every page is checked with axe and photographed, on a
// desktop and on a phone without JavaScript.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import type { Browser, BrowserContext } from "playwright-core";
import type { Services } from "../../../src/app/services.ts";
import type { Person } from "../../../src/db/directory.ts";
import { buildApp } from "../../../src/web/app.ts";
import { actNow, raiseNow } from "../../support/escalations.ts";
import { testPartnership } from "../../support/partnership.ts";
import { testServices } from "../../support/services.ts";
import { personWithPassword } from "../../support/sign-in.ts";
import { BasePage } from "../pages/base-page.ts";
import { type ActionFormPage, EscalationPage } from "../pages/escalation-page.ts";
import { SignInPage } from "../pages/sign-in-page.ts";
import { contextWithoutAppScripts, launchBrowser } from "../support/browser.ts";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 740 };

describe("the follow-up check and extra bank holidays in a browser", () => {
  const clock = { now: "2025-05-06T09:00:00+01:00" };
  let services: Services;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: Browser;
  let world: Awaited<ReturnType<typeof testPartnership>>;
  const passwords = new Map<string, string>();
  let amina: Person;
  let tom: Person;
  let ada: Person;
  let id = "";

  before(async () => {
    services = await testServices({}, { now: () => clock.now });
    app = await buildApp(services, { organisationName: "Test Safeguarding Children Partnership" });
    baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
    browser = await launchBrowser();
    world = await testPartnership(services.db, "dorset");
    const person = async (name: string, agencyId: string | null, roles: string[]) => {
      const made = await personWithPassword(services.db, {
        partnershipId: world.partnership.id,
        agencyId,
        name,
        roles,
      });
      passwords.set(made.person.id, made.password);
      return made.person;
    };
    amina = await person("Amina Khan", world.school.id, ["practitioner"]);
    tom = await person("Tom Reed", world.socialCare.id, ["line-manager"]);
    const lee = await person("Lee Lead", world.school.id, ["line-manager"]);
    ada = await person("Ada Admin", null, ["administrator"]);
    id = await raiseNow(services, amina, world.socialCare.id);
    await actNow(services, tom, id, {
      type: "agree-action",
      actionId: "a1",
      description: "Start a child and family assessment",
      owner: "Tom Reed",
      dueDate: "2025-05-20",
    });
    await actNow(services, tom, id, {
      type: "resolve",
      outcome: "Social care will assess",
      outstandingIssues: "Reviewed at the next core group",
    });
    clock.now = "2025-05-06T14:00:00+01:00";
    await actNow(services, lee, id, { type: "confirm-resolution" });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await services?.database.close();
  });

  const signedIn = async (person: Person, context: BrowserContext) => {
    const signIn = new SignInPage(await context.newPage(), baseUrl);
    await signIn.open();
    await signIn.signIn(person.email, passwords.get(person.id) ?? "");
    return signIn.page;
  };

  const look = async (page: BasePage, name: string) => {
    await page.screenshot(name);
    await page.checkAccessibility();
    page.expectNoProblems();
  };

  test("the check is shown with its date and why; on its day the raiser answers no, and it opens again", async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      clock.now = "2025-05-20T10:00:00+01:00";
      const escalation = new EscalationPage(await signedIn(amina, context), baseUrl);
      await escalation.open(id);
      const check = await escalation.byQa("follow-up").textContent();
      assert.match(check ?? "", /Due Wed 4 Jun 2025/);
      assert.match(check ?? "", /Mon 26 May 2025 bank holiday \(Spring bank holiday\) excluded/);
      assert.deepEqual(await escalation.offeredActions(), []);
      await look(escalation, "follow-up-waiting");

      clock.now = "2025-06-04T09:30:00+01:00";
      await escalation.open(id);
      assert.deepEqual(await escalation.offeredActions(), ["answer-follow-up"]);
      const form: ActionFormPage = await escalation.chooseAction("answer-follow-up");
      assert.equal(await form.heading().textContent(), "Follow-up check");
      await look(form, "follow-up-form");
      assert.equal(await form.submit(), 400);
      assert.deepEqual(await form.errorMessages(), [
        "Select yes if the agreed actions happened, or no if they did not",
      ]);
      await look(form, "follow-up-form-error");
      await form.choose("No, reopen the escalation");
      assert.equal(await form.submit(), 400);
      assert.deepEqual(await form.errorMessages(), ["Enter what has not happened"]);
      await look(form, "follow-up-form-no-error");
      await form.fill({ outstanding: "The assessment has not started." });
      assert.equal(await form.submit(), 200);
      const reopened = form.escalationPage();
      assert.match(
        await reopened.successText(),
        /Escalation reopened at Stage 1 – line managers, round 2 It is due Fri 6 Jun 2025/,
      );
      assert.equal(await reopened.status(), "Open");
      assert.deepEqual((await reopened.timelineTitles()).slice(0, 3), [
        "Stage 1 – line managers, round 2 started",
        "Reopened: the agreed actions did not happen",
        "Resolution confirmed: the escalation is resolved",
      ]);
      await look(reopened, "follow-up-reopened");
    } finally {
      await context.close();
    }
  });

  test("an administrator adds a bank holiday, and the reopened stage's deadline moves", async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = new BasePage(await signedIn(ada, context), baseUrl);
      await page.goto("/admin/settings");
      await page.page.getByRole("link", { name: "Change extra bank holidays" }).click();
      await page.page.waitForURL(/\/admin\/settings\/holidays$/);
      await page.scriptsReady();
      await look(page, "holidays");
      const fill = async (day: string, month: string, year: string, title: string) => {
        await page.page.locator("#date-day").fill(day);
        await page.page.locator("#date-month").fill(month);
        await page.page.locator("#date-year").fill(year);
        await page.page.locator("#title").fill(title);
      };
      await fill("7", "6", "2025", "Closure");
      assert.equal(await page.submitWith(page.byQa("submit")), 400);
      assert.deepEqual(await page.errorMessages(), [
        "Sat 7 Jun 2025 is a weekend day, so it is not a working day already",
      ]);
      await look(page, "holidays-error");
      await fill("5", "6", "2025", "National day of mourning");
      assert.equal(await page.submitWith(page.byQa("submit")), 200);
      assert.match(
        (await page.byQa("success").textContent()) ?? "",
        /Bank holiday added: deadlines still running have moved/,
      );
      await look(page, "holidays-added");
    } finally {
      await context.close();
    }
    const raiser = await browser.newContext({ viewport: DESKTOP });
    try {
      const escalation = new EscalationPage(await signedIn(amina, raiser), baseUrl);
      await escalation.open(id);
      assert.match(
        await escalation.stageDeadlineText(),
        /Due Mon 9 Jun 2025 .*Thu 5 Jun 2025 added non-working day \(National day of mourning\) excluded/,
      );
      await look(escalation, "follow-up-deadline-moved");
    } finally {
      await raiser.close();
    }
  });

  test("on a phone without JavaScript, both pages work and fit", async () => {
    const context = await contextWithoutAppScripts(browser, { viewport: PHONE });
    try {
      const page = new BasePage(await signedIn(ada, context), baseUrl);
      await page.goto("/admin/settings/holidays");
      assert.equal(await page.horizontalOverflow(), 0);
      await look(page, "holidays-phone-no-javascript");
      await page.page.getByRole("button", { name: "Remove Thu 5 Jun 2025" }).click();
      await page.page.waitForURL(/done=holiday-removed$/);
      assert.match((await page.byQa("success").textContent()) ?? "", /Bank holiday removed/);
      await look(page, "holidays-removed-phone-no-javascript");
    } finally {
      await context.close();
    }
  });
});
