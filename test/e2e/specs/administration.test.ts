// Setting up a new partnership in a real browser: its first administrator (made as
// `resolve admin create` makes one) adds two agencies and their people with roles, a role inbox,
// a delegate for someone away, changes the settings and reads the history; then reads the record
// of who was shown a child's details, while the partnership team reads its figures. Every page
// visited is checked with axe and photographed; with and without JavaScript.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext } from "playwright-core";
import { createFirstAdministrator } from "../../../src/app/admin/first-administrator.ts";
import { raiseEscalation } from "../../../src/app/escalations.ts";
import { insertAgency, listPartnerships } from "../../../src/db/directory.ts";
import { londonDate } from "../../../src/engine/calendar/instant.ts";
import { personWithPassword } from "../../support/sign-in.ts";
import { AdminPages } from "../pages/admin-pages.ts";
import type { BasePage } from "../pages/base-page.ts";
import { EscalationPage } from "../pages/escalation-page.ts";
import { FiguresPage } from "../pages/figures-page.ts";
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
  const look = async (page: BasePage, name: string) => {
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
        names: [
          "Agencies",
          "People",
          "Role inboxes",
          "Settings",
          "Single sign-on",
          "Outbox",
          "Record of views",
          "History",
        ],
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

      // Settings: close of business, retention and reminders.
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
      await admin.change("Deadline reminders");
      await admin.page.getByLabel(/How many working days/).fill("11");
      await admin.submit();
      assert.deepEqual(await admin.errorMessages(), ["Enter a whole number from 0 to 10"]);
      await look(admin, "admin-16b-reminders-error");
      await admin.page.getByLabel(/How many working days/).fill("2");
      await admin.submit();
      assert.equal(
        (await admin.summaryValue("Deadline reminders").textContent())?.trim(),
        "2 working days before a deadline, at 8am",
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

  test("the record of who was shown a child's details, and the partnership team's figures", async () => {
    const { services } = running;
    const [partnership] = await listPartnerships(services.db);
    assert.ok(partnership);
    const procedure = await services.procedures(
      partnership.procedureId,
      partnership.procedureVersion,
    );
    const agency = (name: string, sector: string) =>
      insertAgency(services.db, { id: randomUUID(), partnershipId: partnership.id, name, sector });
    const school = await agency("Kingsmere Academy", "education");
    const earlyHelp = await agency("Kingsmere Early Help", "childrens-social-care");
    const person = (name: string, agencyId: string | null, roles: string[]) =>
      personWithPassword(services.db, { partnershipId: partnership.id, agencyId, name, roles });
    const lena = await person("Lena Lead", school.id, ["practitioner"]);
    const bea = await person("Bea Business", null, ["partnership-business-team"]);
    const references: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const raised = await raiseEscalation(services, lena.person, {
        thematic: false,
        child: { reference: `LL-${i}`, dateOfBirth: null, status: "child-in-need" },
        receivingAgencies: [earlyHelp.id],
        category: procedure.categories.find((category) => category.thematic !== true)?.id ?? "",
        details: {
          challenged: "The early help assessment was closed",
          tried: "A call to the team",
          evidence: { kind: "evidence", text: "Attendance has fallen" },
          outcomeSought: "The assessment reopened",
          urgency: "routine",
        },
      });
      assert.ok(raised.ok, JSON.stringify(raised));
      references.push(raised.reference);
      ids.push(raised.id);
    }

    const signIn = async (context: BrowserContext, email: string, password: string) => {
      const page = await context.newPage();
      const form = new SignInPage(page, running.baseUrl);
      await form.open();
      assert.equal(await form.signIn(email, password), 200);
      return page;
    };

    // Lena opens the first escalation and its record for the child's file.
    const lenaContext = await browser.newContext({ viewport: DESKTOP });
    try {
      const escalation = new EscalationPage(
        await signIn(lenaContext, lena.person.email, lena.password),
        running.baseUrl,
      );
      await escalation.open(ids[0] ?? "");
      await escalation.goto(`/escalations/${ids[0]}/record`);
      escalation.expectNoProblems();
    } finally {
      await lenaContext.close();
    }

    // Ada reads who was shown it; filters it; and is told what is wrong with a bad filter.
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const admin = await signedIn(context);
      await admin.section("Record of views");
      assert.equal(admin.path(), "/admin/views");
      assert.deepEqual(await admin.viewLines(), [
        `Lena Lead Kingsmere Academy: ${references[0]}, The record for the child’s file`,
        `Lena Lead Kingsmere Academy: ${references[0]}, The escalation’s page`,
      ]);
      assert.equal(await admin.page.locator('a[href^="/escalations/"]').count(), 0);
      await look(admin, "admin-22-record-of-views");
      await admin.filterViews({
        reference: (references[1] ?? "").toLowerCase(),
        person: "Lena Lead, Kingsmere Academy",
      });
      assert.equal(await admin.byQa("no-views").textContent(), "No views match.");
      await admin.filterViews({
        reference: references[0] ?? "",
        person: "Lena Lead, Kingsmere Academy",
      });
      assert.equal((await admin.viewLines()).length, 2);
      await look(admin, "admin-23-record-of-views-filtered");
      await admin.filterViews({ reference: "<script>alert(1)</script>" });
      assert.deepEqual(await admin.errorMessages(), [
        `Enter an escalation reference like KSC-${references[0]?.slice(4, 8)}-0001`,
      ]);
      assert.equal(await admin.page.title(), "Error: Record of views – Resolve");
      await look(admin, "admin-24-record-of-views-error");
      admin.expectNoProblems();
    } finally {
      await context.close();
    }

    // Bea, on the partnership team, reads the figures, which count what she cannot open.
    const teamContext = await browser.newContext({ viewport: DESKTOP });
    try {
      const figures = new FiguresPage(
        await signIn(teamContext, bea.person.email, bea.password),
        running.baseUrl,
      );
      await figures.submitWith(figures.page.getByRole("link", { name: "Figures", exact: true }));
      assert.equal(figures.path(), "/partnership/figures");
      assert.deepEqual(await figures.summary(), ["Running: 5", "Closed: 0", "Overdue now: 0"]);
      assert.deepEqual((await figures.table("stages"))[0], ["Stage 1 – line managers", "5", "0"]);
      await look(figures, "figures-01");
      figures.expectNoProblems();
    } finally {
      await teamContext.close();
    }

    // On a phone, without JavaScript, both pages fit and read the same.
    const phone = await contextWithoutAppScripts(browser, {
      viewport: { width: 375, height: 812 },
    });
    try {
      const figures = new FiguresPage(
        await signIn(phone, bea.person.email, bea.password),
        running.baseUrl,
      );
      await figures.open();
      assert.equal(await figures.horizontalOverflow(), 0);
      await look(figures, "figures-02-phone-no-js");
    } finally {
      await phone.close();
    }
    const adminPhone = await contextWithoutAppScripts(browser, {
      viewport: { width: 375, height: 812 },
    });
    try {
      const admin = await signedIn(adminPhone);
      await admin.open("/admin/views");
      assert.equal(await admin.horizontalOverflow(), 0);
      await look(admin, "admin-25-record-of-views-phone-no-js");
    } finally {
      await adminPhone.close();
    }
  });
});
