// An escalation's page and its actions in a real browser, on three partnerships' procedures:
// Dorset taken to stage 4 and closed with the disagreement noted; Northamptonshire refused
// escalation without evidence, then taken to stage 5; Suffolk with a child-safety deadline earlier
// than the procedure's. Every page is checked with axe and photographed.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import type { Browser, BrowserContext } from "playwright-core";
import { raiseEscalation } from "../../../src/app/escalations.ts";
import type { Services } from "../../../src/app/services.ts";
import type { Person } from "../../../src/db/directory.ts";
import { buildApp } from "../../../src/web/app.ts";
import { testPartnership } from "../../support/partnership.ts";
import { testServices } from "../../support/services.ts";
import { personWithPassword } from "../../support/sign-in.ts";
import { type ActionFormPage, EscalationPage, RecordPage } from "../pages/escalation-page.ts";
import { SignInPage } from "../pages/sign-in-page.ts";
import { contextWithoutAppScripts, launchBrowser } from "../support/browser.ts";

const DESKTOP = { width: 1280, height: 900 };

describe("an escalation in a browser", () => {
  const clock = { now: "2025-03-03T09:00:00Z" };
  let services: Services;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: Browser;
  const passwords = new Map<string, string>();

  before(async () => {
    services = await testServices({}, { now: () => clock.now });
    app = await buildApp(services, { organisationName: "Test Safeguarding Children Partnership" });
    baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await services?.database.close();
  });

  /** A partnership running a procedure, with people on each side who can sign in. */
  const partnership = async (procedureId: string) => {
    const world = await testPartnership(services.db, procedureId);
    const person = async (name: string, agencyId: string, roles: string[]) => {
      const made = await personWithPassword(services.db, {
        partnershipId: world.partnership.id,
        agencyId,
        name,
        roles,
      });
      passwords.set(made.person.id, made.password);
      return made.person;
    };
    // Someone who holds their agency's whole management chain (world.chain) can take an
    // escalation up every stage; who may act at which tier is the access matrix's concern.
    return { ...world, person };
  };

  /** A browser context signed in as the person, on a desktop. */
  const signedIn = async (person: Person): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const signIn = new SignInPage(await context.newPage(), baseUrl);
    await signIn.open();
    await signIn.signIn(person.email, passwords.get(person.id) ?? "");
    assert.equal(signIn.path(), "/your-work", `${person.name} is signed in`);
    await signIn.page.close();
    return context;
  };

  const escalationIn = async (context: BrowserContext, id: string) => {
    const page = new EscalationPage(await context.newPage(), baseUrl);
    const response = await page.open(id);
    assert.equal(response?.status(), 200);
    return page;
  };

  /** Checks the page with axe, photographs it, and fails on anything wrong in the browser. */
  const look = async (page: EscalationPage | ActionFormPage | RecordPage, name: string) => {
    await page.screenshot(name);
    await page.checkAccessibility();
    page.expectNoProblems();
  };

  const raise = async (who: Person, receiving: string, extra: Record<string, unknown> = {}) => {
    const raised = await raiseEscalation(services, who, {
      thematic: false,
      child: { reference: "JS", dateOfBirth: "2016-09-01", status: "child-in-need" },
      receivingAgencies: [receiving],
      category: "referral-threshold",
      details: {
        challenged: "The referral about JS was closed without an assessment",
        tried: "A call to the duty social worker and an email to the team manager",
        evidence: {
          kind: "evidence",
          text: "Three disclosures to the class teacher in a fortnight",
        },
        outcomeSought: "A child and family assessment",
        urgency: "urgent",
      },
      ...extra,
    });
    assert.ok(raised.ok, JSON.stringify(raised));
    return raised.id;
  };

  test("Dorset: raised by a school, challenged up to stage 4, closed with the disagreement noted", async () => {
    clock.now = "2025-03-03T09:00:00Z";
    const dorset = await partnership("dorset");
    const amina = await dorset.person("Amina Khan", dorset.school.id, dorset.chain);
    const tom = await dorset.person("Tom Reed", dorset.socialCare.id, dorset.chain);
    const id = await raise(amina, dorset.socialCare.id);
    const school = await signedIn(amina);
    const socialCare = await signedIn(tom);
    try {
      const page = await escalationIn(school, id);
      assert.equal(await page.stageName(), "Stage 1 – line managers");
      assert.match(
        await page.stageDeadlineText(),
        /Due in 2 working days .*Due Wed 5 Mar 2025 due Wed 5 Mar 2025: day one Mon 3 Mar 2025/,
      );
      assert.deepEqual(await page.offeredActions(), [
        "record-discussion",
        "agree-action",
        "extend-deadline",
        "escalate",
        "resolve",
        "redirect",
        "withdraw",
      ]);
      await look(page, "escalation-dorset-stage-1");

      // The school records its phone call with social care.
      clock.now = "2025-03-03T11:00:00Z";
      let form = await page.chooseAction("record-discussion");
      await look(form, "escalation-record-discussion");
      assert.equal(await form.submit(), 400);
      assert.equal((await form.errorMessages()).length, 5);
      await look(form, "escalation-record-discussion-errors");
      await form.fillDate("heldAt", { day: 3, month: 3, year: 2025 });
      await form.fillTime("heldAt", 10, 15);
      await form.choose("Phone");
      await form.fill({
        participants: "Amina Khan (Hillside Primary School), Tom Reed (Children's Social Care)",
        summary:
          "Tom explained the threshold decision. Amina does not agree that JS is safe at home.",
      });
      assert.equal(await form.submit(), 200);
      let after = form.escalationPage();
      assert.equal(await after.successText(), "Discussion recorded");

      // Escalated to stage 2 by the school, to stage 3 by social care, to stage 4 by the school.
      clock.now = "2025-03-04T10:04:00Z";
      form = await after.chooseAction("escalate");
      assert.equal(
        await form.heading().textContent(),
        "Escalate to Stage 2 – second-tier managers",
      );
      await form.fill({
        reason: "The line managers could not agree",
        evidence: "The call on 3 March",
      });
      await look(form, "escalation-escalate");
      assert.equal(await form.submit(), 200);
      after = form.escalationPage();
      assert.equal(
        await after.successText(),
        "Escalated to Stage 2 – second-tier managers It is due Mon 10 Mar 2025: day one Mon 3 Mar 2025.",
      );
      await look(after, "escalation-dorset-escalated");

      clock.now = "2025-03-06T09:30:00Z";
      const theirs = await escalationIn(socialCare, id);
      form = await theirs.chooseAction("escalate");
      await form.fill({ reason: "Second-tier managers disagree about the threshold" });
      await form.submit();
      clock.now = "2025-03-10T14:00:00Z";
      await after.open(id);
      form = await after.chooseAction("escalate");
      await form.fill({ reason: "Heads of service could not agree a plan" });
      await form.submit();
      after = form.escalationPage();
      assert.equal(await after.stageName(), "Stage 4 – senior leaders");
      assert.equal(await after.action("escalate").count(), 0, "stage 4 cannot be escalated");
      assert.match(
        (await after.byQa("last-stage").textContent()) ?? "",
        /This is the last stage: it cannot be escalated further\./,
      );
      await look(after, "escalation-dorset-stage-4");

      // The school's senior leader records its position; social care closes with both.
      clock.now = "2025-03-12T16:00:00Z";
      form = await after.chooseAction("record-discussion");
      await form.fillDate("heldAt", { day: 12, month: 3, year: 2025 });
      await form.fillTime("heldAt", 15, 0);
      await form.choose("Virtual meeting");
      await form.fill({
        participants: "The school's head teacher and the director of children's services",
        summary: "The school's position: JS needs a child protection plan. No agreement.",
      });
      await form.submit();
      await theirs.open(id);
      form = await theirs.chooseAction("close-with-disagreement");
      assert.equal(await form.submit(), 400);
      await look(form, "escalation-close-errors");
      await form.fill({
        raisingPosition: "JS needs a child protection plan now.",
        receivingPosition:
          "The threshold for a child protection plan is not met; JS stays on a child in need plan.",
        planContinues: "Core groups every two weeks, with the school's head teacher invited.",
      });
      assert.equal(await form.submit(), 200);
      const closed = form.escalationPage();
      assert.equal(
        await closed.successText(),
        "Escalation closed with the disagreement noted Both sides’ positions are recorded, and the plan continues.",
      );
      assert.equal(await closed.status(), "Disagreement noted");
      assert.deepEqual(await closed.offeredActions(), []);
      const items = await closed.timelineItems();
      assert.equal(
        items[0],
        "Closed with the disagreement noted by Tom Reed, Children's Social Care",
      );
      assert.ok(
        items.includes(
          "Escalated to Stage 4 – senior leaders by Amina Khan, Hillside Primary School",
        ),
      );
      assert.ok(
        items.includes(
          "Escalated to Stage 3 – heads of service by Tom Reed, Children's Social Care",
        ),
      );
      await look(closed, "escalation-dorset-closed");

      // The record for the child's file, on screen and printed.
      const record = new RecordPage(closed.page, baseUrl);
      await record.open(id);
      const text = await record.text();
      assert.match(
        text,
        /Stage 4 – senior leaders Started 14:00 Mon 10 Mar 2025 Ended 16:00 Wed 12 Mar 2025 Due Tue 18 Mar 2025 How it is worked out due Tue 18 Mar 2025: day one Mon 3 Mar 2025/,
      );
      assert.match(text, /JS needs a child protection plan now\./);
      await look(record, "escalation-record");
      await record.page.emulateMedia({ media: "print" });
      assert.equal(await record.printInstruction().isVisible(), false);
      assert.equal(await record.page.locator(".govuk-service-navigation").isVisible(), false);
      await record.screenshot("escalation-record-print");
      await record.page.emulateMedia({ media: "screen" });
    } finally {
      await school.close();
      await socialCare.close();
    }
  });

  test("Northamptonshire: refused escalation without evidence, then taken to stage 5", async () => {
    clock.now = "2025-03-03T09:00:00Z";
    const northants = await partnership("northamptonshire");
    const amina = await northants.person("Amina Khan", northants.school.id, northants.chain);
    const id = await raise(amina, northants.socialCare.id, {
      category: "referral-threshold-social-care",
    });
    const context = await signedIn(amina);
    try {
      const page = await escalationIn(context, id);
      // Email is discouraged: choosing it shows why, but does not stop anything.
      let form = await page.chooseAction("record-discussion");
      await form.choose("Email");
      assert.equal(await form.byQa("discouraged-email").isVisible(), true);
      await look(form, "escalation-discussion-email-warning");
      await form.page.goBack();

      clock.now = "2025-03-04T09:00:00Z";
      await page.open(id);
      form = await page.chooseAction("escalate");
      assert.match(
        await form.hintOf("evidence"),
        /^The procedure asks for this before escalating: Evidence that the practitioners tried to resolve the disagreement/,
      );
      await form.fill({ reason: "We could not agree on the phone" });
      assert.equal(await form.submit(), 400);
      assert.deepEqual(await form.errorMessages(), [
        "Before escalating to Stage 2 – manager to manager, record the evidence the procedure asks for: Evidence that the practitioners tried to resolve the disagreement and exhausted this stage without agreement.",
      ]);
      assert.equal(await form.field("reason").inputValue(), "We could not agree on the phone");
      await look(form, "escalation-northamptonshire-evidence-refused");
      await form.errorSummary().getByRole("link").click();
      assert.equal(await form.focusedId(), "evidence");

      let stage = page;
      for (const [at, evidence] of [
        ["2025-03-04T09:30:00Z", "Calls on 3 and 4 March; the practitioners could not agree"],
        ["2025-03-07T10:00:00Z", "The line managers met on 6 March without agreement"],
        ["2025-03-11T10:00:00Z", "Service managers and heads of service both failed to agree"],
        ["2025-03-12T10:00:00Z", "The directors could not agree a plan"],
      ] as const) {
        clock.now = at;
        await stage.open(id);
        form = await stage.chooseAction("escalate");
        await form.fill({ reason: "Not resolved at this stage", evidence });
        assert.equal(await form.submit(), 200, `escalating at ${at}`);
        stage = form.escalationPage();
        if (at === "2025-03-07T10:00:00Z") {
          // Stage 3 repeats: a round one tier higher before going on.
          clock.now = "2025-03-10T10:00:00Z";
          form = await stage.chooseAction("next-round");
          await form.fill({ reason: "Taken to the heads of service" });
          await form.submit();
          stage = form.escalationPage();
          assert.equal(
            await stage.stageName(),
            "Stage 3 – senior manager to senior manager, round 2",
          );
          await look(stage, "escalation-northamptonshire-round-2");
        }
      }
      assert.equal(await stage.stageName(), "Stage 5 – partnership resolution");
      assert.match(
        await stage.successText(),
        /^Escalated to Stage 5 – partnership resolution It is due Wed 19 Mar 2025/,
      );
      assert.ok((await stage.timelineTitles()).includes("Partnership Business Office to be told"));
      await look(stage, "escalation-northamptonshire-stage-5");
    } finally {
      await context.close();
    }
  });

  test("Suffolk: a child-safety deadline earlier than the procedure's, and both shown", async () => {
    clock.now = "2025-03-03T09:00:00Z";
    const suffolk = await partnership("suffolk");
    const amina = await suffolk.person("Amina Khan", suffolk.school.id, ["practitioner"]);
    const id = await raise(amina, suffolk.socialCare.id);
    const context = await signedIn(amina);
    try {
      const page = await escalationIn(context, id);
      assert.match(await page.stageDeadlineText(), /Due Tue 4 Mar 2025/);
      const form = await page.chooseAction("set-child-safety-deadline");
      await form.fillDate("dueAt", { day: 3, month: 3, year: 2025 });
      await form.fillTime("dueAt", 16, 0);
      await form.fill({ reason: "JS goes home to the same adult tonight" });
      await look(form, "escalation-child-safety-form");
      assert.equal(await form.submit(), 200);
      const after = form.escalationPage();
      assert.equal(
        await after.successText(),
        "Earlier deadline set to protect the child It is due 16:00 Mon 3 Mar 2025.",
      );
      assert.match(await after.stageDeadlineText(), /Due today .*Due 16:00 Mon 3 Mar 2025/);
      assert.match(
        await after.stageDeadlineText(),
        /a deadline set to protect the child, earlier than the procedure's; the procedure's own deadline is due Tue 4 Mar 2025/,
      );
      assert.equal(
        await after.deadlineDates(),
        "The procedure’s deadline Tue 4 Mar 2025 Deadline set to protect the child 16:00 Mon 3 Mar 2025",
      );
      await look(after, "escalation-suffolk-child-safety");

      await after.page.setViewportSize({ width: 375, height: 812 });
      await after.open(id);
      assert.equal(await after.horizontalOverflow(), 0, "the page scrolls sideways on a phone");
      await look(after, "escalation-suffolk-phone");
    } finally {
      await context.close();
    }
  });

  test("without JavaScript, a form works and shows the email warning beside the choice", async () => {
    clock.now = "2025-03-03T09:00:00Z";
    const northants = await partnership("northamptonshire");
    const amina = await northants.person("Amina Khan", northants.school.id, ["practitioner"]);
    const id = await raise(amina, northants.socialCare.id, {
      category: "referral-threshold-social-care",
    });
    const signedInContext = await signedIn(amina);
    const cookies = await signedInContext.cookies();
    await signedInContext.close();
    const context = await contextWithoutAppScripts(browser, { viewport: DESKTOP });
    await context.addCookies(cookies);
    try {
      const page = new EscalationPage(await context.newPage(), baseUrl);
      await page.open(id);
      const form = await page.chooseAction("record-discussion");
      assert.equal(await form.byQa("discouraged-email").isVisible(), true);
      await look(form, "escalation-record-discussion-no-javascript");
      clock.now = "2025-03-03T12:00:00Z";
      await form.fillDate("heldAt", { day: 3, month: 3, year: 2025 });
      await form.fillTime("heldAt", 11, 0);
      await form.choose("Email");
      await form.fill({ participants: "Amina and Tom", summary: "Emailed the referral" });
      assert.equal(await form.submit(), 200);
      assert.equal(await form.escalationPage().successText(), "Discussion recorded");
    } finally {
      await context.close();
    }
  });

  test("a thematic escalation's record for a child's file is refused, saying why", async () => {
    clock.now = "2025-03-03T09:00:00Z";
    const dorset = await partnership("dorset");
    const amina = await dorset.person("Amina Khan", dorset.school.id, ["line-manager"]);
    const id = await raise(amina, dorset.socialCare.id, {
      thematic: true,
      child: null,
      category: "strategic-theme",
    });
    const context = await signedIn(amina);
    try {
      const page = await escalationIn(context, id);
      assert.match(await page.summaryText(), /Thematic: about no single child/);
      assert.equal(await page.recordLink().count(), 0);
      await look(page, "escalation-thematic");
      const record = new RecordPage(page.page, baseUrl);
      const response = await record.open(id);
      assert.equal(response?.status(), 403);
      assert.equal(
        await record.heading().textContent(),
        "Thematic escalations are not written to a child’s file",
      );
      await look(record, "escalation-thematic-record-refused");
    } finally {
      await context.close();
    }
  });
});
