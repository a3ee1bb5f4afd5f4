// Setting up a new partnership in a real browser: its first administrator (made as
// `resolve admin create` makes one) adds two agencies and their people with roles, a role inbox,
// a delegate for someone away, changes the settings and reads the history. Every page visited
// is checked with axe and photographed; with and without JavaScript.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext } from "playwright-core";
import { createFirstAdministrator } from "../../../src/app/admin/first-administrator.ts";
import { londonDate } from "../../../src/engine/calendar/instant.ts";
import { AdminPages } from "../pages/admin-pages.ts";
import { SignInPage } from "../pages/sign-in-page.ts";
import { type RunningApp, startTestApp } from "../support/app.ts";
import { contextWithoutAppScripts, launchBrowser } from "../support/browser.ts";

const DESKTOP = { width: 1280, height: 900 };
const PASSWORD = "a long and memorable passphrase";
const EMAIL = "ada.admin@kingsmere.example";

/** A date `days` after today, YYYY-MM-DD in London. */
const inDays = (days: number) =>
  londonDate(new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString());

describe("administration in a browser", () => {
  let running: RunningApp;
  let browser: Browser;

  before(async () => {
    running = await startTestApp({
      organisationName: "Kingsmere Safeguarding Children Partnership",
    });
    const created = await createFirstAdministrator(running.services, {
      name: "Ada Admin",
      email: EMAIL,
      password: PASSWORD,
      partnership: {
        name: "Kingsmere Safeguarding Children Partnership",
        procedureId: "dorset",
        referencePrefix: "KSC",
      },
    });
    assert.ok(created.ok, JSON.stringify(created));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await running?.close();
  });

  /** Photographs the page and checks it with axe. */
  const look = async (page: AdminPages, name: string) => {
    await page.screenshot(name);
    await page.checkAccessibility();
  };

  const signedIn = async (context: BrowserContext): Promise<AdminPages> => {
    const page = await context.newPage();
    const signIn = new SignInPage(page, running.baseUrl);
    await signIn.open("/admin");
    assert.equal(await signIn.signIn(EMAIL, PASSWORD), 200);
    const admin = new AdminPages(page, running.baseUrl);
    await admin.scriptsReady();
    return admin;
  };

  test("a new partnership's agencies, people, inbox, delegate and settings, then its history", async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const admin = await signedIn(context);
      assert.equal(admin.path(), "/admin/agencies");
      assert.deepEqual(await admin.sections(), {
        names: ["Agencies", "People", "Role inboxes", "Settings", "Single sign-on", "History"],
        current: "Agencies",
      });
      await look(admin, "admin-01-agencies-empty");

      // Two agencies; the first with a mistake on the way.
      await admin.follow(admin.byQa("add-agency"));
      await admin.submit();
      assert.deepEqual(await admin.errorMessages(), [
        "Enter the agency’s name",
        "Select the agency’s sector",
      ]);
      assert.equal(await admin.page.title(), "Error: Add an agency – Resolve");
      await look(admin, "admin-02-agency-errors");
      await admin.page.getByLabel("Name", { exact: true }).fill("Kingsmere Children’s Services");
      await admin.page.getByLabel("Children’s social care", { exact: true }).check();
      await admin.submit();
      assert.equal(await admin.success(), "Agency added");
      await look(admin, "admin-03-agency-added");
      await admin.section("Agencies");
      await admin.addAgency("Kingsmere Police", "Police");
      await admin.section("Agencies");
      assert.equal(await admin.rows("agency").count(), 2);
      await look(admin, "admin-04-agencies");

      // People with roles.
      await admin.section("People");
      await admin.addPerson({
        name: "Hana Head",
        email: "hana.head@kingsmere.example",
        jobTitle: "Head of service, Safeguarding",
        agency: "Kingsmere Children’s Services",
        roles: ["Head of service"],
      });
      assert.equal(await admin.success(), "Person added");
      await look(admin, "admin-05-person-added");
      await admin.section("People");
      await admin.addPerson({
        name: "Tom Manager",
        email: "tom.manager@kingsmere.example",
        jobTitle: "Team manager, Front Door",
        agency: "Kingsmere Children’s Services",
        roles: ["Line manager", "Second-tier manager"],
      });
      await admin.section("People");
      await admin.follow(admin.byQa("add-person"));
      await look(admin, "admin-06-person-form");
      await admin.page.getByLabel("Full name").fill("Pat Sergeant");
      await admin.page.getByLabel("Email address").fill("TOM.manager@kingsmere.example");
      await admin.page.getByLabel("Agency").selectOption({ label: "Kingsmere Police" });
      await admin.page.getByLabel("Line manager", { exact: true }).check();
      await admin.submit();
      assert.deepEqual(await admin.errorMessages(), ["Someone already has this email address"]);
      await look(admin, "admin-07-person-email-taken");
      await admin.page.getByLabel("Email address").fill("pat.sergeant@kingsmere.example");
      await admin.submit();
      assert.equal(await admin.success(), "Person added");
      await admin.section("People");
      assert.equal(await admin.rows("person").count(), 4);
      await look(admin, "admin-08-people");

      // A role inbox for the head of service, worked by two people.
      await admin.section("Role inboxes");
      await admin.addInbox("Kingsmere Children’s Services", "Head of service");
      assert.equal(await admin.success(), "Role inbox added");
      await look(admin, "admin-09-inbox-members");
      await admin.chooseMembers(["Hana Head", "Tom Manager"]);
      assert.equal(await admin.success(), "Role inbox changed");
      await look(admin, "admin-10-inbox");
      await admin.section("Role inboxes");
      await look(admin, "admin-11-inboxes");

      // Tom is away next week: Hana acts for him.
      await admin.section("People");
      await admin.follow(admin.page.getByRole("link", { name: "Tom Manager" }));
      await admin.follow(admin.byQa("add-delegate"));
      await admin.fillDelegate(
        "Hana Head, Head of service, Safeguarding, Kingsmere Children’s Services",
        inDays(7),
        inDays(11),
      );
      await look(admin, "admin-12-delegate-form");
      await admin.submit();
      assert.equal(await admin.success(), "Delegate named");
      assert.equal(await admin.rows("delegation").count(), 1);
      await look(admin, "admin-13-person-with-delegate");
      await admin.change("Job title");
      assert.equal(await admin.focusedId(), "jobTitle", "Change leads to the field itself");
      await admin.page.getByLabel("Job title (optional)").fill("Team manager, Assessment");
      await admin.submit();
      assert.equal(await admin.success(), "Person changed");
      assert.equal(
        (await admin.summaryValue("Job title").textContent())?.trim(),
        "Team manager, Assessment",
      );

      // Settings: close of business and retention.
      await admin.section("Settings");
      await look(admin, "admin-14-settings");
      await admin.change("Close of business");
      await admin.page.locator("#closeOfBusiness-hour").fill("17");
      await admin.page.locator("#closeOfBusiness-minute").fill("00");
      await look(admin, "admin-15-calendar-form");
      await admin.submit();
      assert.equal(await admin.success(), "Settings changed");
      await admin.change("Keep closed escalations for");
      await admin.page.getByLabel(/How many months/).fill("eighty");
      await admin.submit();
      assert.deepEqual(await admin.errorMessages(), ["Enter a whole number from 1 to 1200"]);
      await look(admin, "admin-16-retention-error");
      await admin.page.getByLabel(/How many months/).fill("84");
      await admin.submit();
      assert.equal(
        (await admin.summaryValue("Keep closed escalations for").textContent())?.trim(),
        "84 months",
      );
      await admin.change("Procedure");
      await look(admin, "admin-17-procedure-form");
      await admin.follow(admin.page.getByRole("link", { name: "Cancel" }));

      // The history, newest first, each change by Ada.
      await admin.section("History");
      const lines = await admin.historyLines();
      assert.match(lines[0] ?? "", /^Ada Admin: Settings changed/);
      assert.ok(
        lines.some((line) => line === "Ada Admin: Delegate named Hana Head for Tom Manager"),
        lines.join("\n"),
      );
      assert.ok(
        lines.some((line) => line === "Ada Admin: Agency added Kingsmere Police"),
        lines.join("\n"),
      );
      assert.match(lines.at(-1) ?? "", /The command line .*Partnership created/);
      await look(admin, "admin-18-history");
      admin.expectNoProblems();
    } finally {
      await context.close();
    }
  });

  test("without JavaScript the forms work the same, and on a phone nothing runs off the page", async () => {
    const context = await contextWithoutAppScripts(browser, {
      viewport: { width: 375, height: 812 },
    });
    try {
      const admin = await signedIn(context);
      await admin.section("People");
      assert.equal(await admin.horizontalOverflow(), 0);
      await look(admin, "admin-19-people-phone-no-js");
      await admin.addPerson({
        name: "Nia Nurse",
        email: "nia.nurse@kingsmere.example",
        agency: "Kingsmere Police",
        roles: ["Practitioner"],
      });
      assert.equal(await admin.success(), "Person added");
      assert.equal(await admin.horizontalOverflow(), 0);
      await look(admin, "admin-20-person-phone-no-js");
      await admin.section("History");
      await look(admin, "admin-21-history-phone-no-js");
    } finally {
      await context.close();
    }
  });
});
