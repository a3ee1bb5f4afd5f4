// Two people on one escalation in two browsers: the second to submit is told what changed while
// they were typing, keeps every word, and can submit again; or is told they no longer can.
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
import { EscalationPage } from "../pages/escalation-page.ts";
import { SignInPage } from "../pages/sign-in-page.ts";
import { launchBrowser } from "../support/browser.ts";

const SUMMARY =
  "We met at school with mum.\nShe says nobody came after the referral, and JS is frightened at home.";

describe("two people editing one escalation at once, in two browsers", () => {
  const clock = { now: "2025-03-04T09:00:00Z" };
  let services: Services;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: Browser;
  let world: Awaited<ReturnType<typeof testPartnership>>;
  let amina: Person;
  let tom: Person;
  const passwords = new Map<string, string>();

  before(async () => {
    services = await testServices({}, { now: () => clock.now });
    world = await testPartnership(services.db, "dorset");
    const person = async (name: string, agencyId: string) => {
      const made = await personWithPassword(services.db, {
        partnershipId: world.partnership.id,
        agencyId,
        name,
        roles: ["line-manager"],
      });
      passwords.set(made.person.id, made.password);
      return made.person;
    };
    amina = await person("Amina Khan", world.school.id);
    tom = await person("Tom Reed", world.socialCare.id);
    app = await buildApp(services, {
      organisationName: "Dorset Safeguarding Children Partnership",
    });
    baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await services?.database.close();
  });

  const signedIn = async (who: Person): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const signIn = new SignInPage(await context.newPage(), baseUrl);
    await signIn.open();
    await signIn.signIn(who.email, passwords.get(who.id) ?? "");
    assert.equal(signIn.path(), "/your-work");
    await signIn.page.close();
    return context;
  };

  const raise = async () => {
    clock.now = "2025-03-03T09:00:00Z";
    const raised = await raiseEscalation(services, amina, {
      thematic: false,
      child: { reference: "JS", dateOfBirth: null, status: "child-in-need" },
      receivingAgencies: [world.socialCare.id],
      category: "referral-threshold",
      details: {
        challenged: "The referral was closed without an assessment",
        tried: "A phone call",
        evidence: { kind: "gut-feeling", text: "JS seems frightened to go home" },
        outcomeSought: "An assessment",
        urgency: "urgent",
      },
    });
    assert.ok(raised.ok);
    return raised.id;
  };

  test("the second to submit sees the change, keeps what they typed, and submits again", async () => {
    const id = await raise();
    const school = await signedIn(amina);
    const socialCare = await signedIn(tom);
    try {
      clock.now = "2025-03-04T10:00:00Z";
      const aminas = new EscalationPage(await school.newPage(), baseUrl);
      await aminas.open(id);
      const form = await aminas.chooseAction("record-discussion");
      const toms = new EscalationPage(await socialCare.newPage(), baseUrl);
      await toms.open(id);
      const escalating = await toms.chooseAction("escalate");
      assert.equal(await form.version(), await escalating.version());

      // Amina types while Tom escalates.
      await form.fillDate("heldAt", { day: 4, month: 3, year: 2025 });
      await form.fillTime("heldAt", 9, 30);
      await form.choose("Face to face");
      await form.fill({ participants: "Amina Khan and JS's mum", summary: SUMMARY });
      clock.now = "2025-03-04T10:04:00Z";
      await escalating.fill({ reason: "The second-tier managers should look at this" });
      assert.equal(await escalating.submit(), 200);
      assert.match(await escalating.escalationPage().successText(), /^Escalated to Stage 2/);

      clock.now = "2025-03-04T10:20:00Z";
      const seen = await form.version();
      assert.equal(await form.submit(), 409);
      assert.equal(await form.conflict().isVisible(), true);
      assert.deepEqual(await form.conflictChanges(), [
        "Tom Reed escalated it to Stage 2 – second-tier managers at 10:04",
      ]);
      assert.equal(await form.field("summary").inputValue(), SUMMARY);
      assert.equal(await form.field("participants").inputValue(), "Amina Khan and JS's mum");
      assert.equal(await form.page.locator("#heldAt-hour").inputValue(), "9");
      assert.equal(await form.page.getByLabel("Face to face", { exact: true }).isChecked(), true);
      assert.notEqual(await form.version(), seen, "the form now holds the current version");
      assert.match(
        (await form.page.locator(".govuk-caption-l").textContent()) ?? "",
        /Stage 2 – second-tier managers/,
      );
      await form.screenshot("concurrent-edits-conflict");
      await form.checkAccessibility();
      form.expectNoProblems();

      assert.equal(await form.submit(), 200);
      const page = form.escalationPage();
      assert.equal(await page.successText(), "Discussion recorded");
      assert.match(
        (await page.byQa("discussion").first().textContent()) ?? "",
        /Stage 2 – second-tier managers/,
      );
      await page.screenshot("concurrent-edits-resubmitted");
      await page.checkAccessibility();
      page.expectNoProblems();
    } finally {
      await school.close();
      await socialCare.close();
    }
  });

  test("when the change means they can no longer act, they are told why, and their words stay", async () => {
    const id = await raise();
    const school = await signedIn(amina);
    const socialCare = await signedIn(tom);
    try {
      clock.now = "2025-03-04T11:00:00Z";
      const aminas = new EscalationPage(await school.newPage(), baseUrl);
      await aminas.open(id);
      const resolving = await aminas.chooseAction("resolve");
      await resolving.fill({
        outcome: "Social care will assess JS this week",
        outstandingIssues: "None",
      });
      // Meanwhile social care redirects the matter to the LADO, which closes it.
      const toms = new EscalationPage(await socialCare.newPage(), baseUrl);
      await toms.open(id);
      const redirecting = await toms.chooseAction("redirect");
      await redirecting.fill({ to: "The LADO", reason: "It concerns a teacher's conduct" });
      clock.now = "2025-03-04T11:05:00Z";
      assert.equal(await redirecting.submit(), 200);

      assert.equal(await resolving.submit(), 409);
      assert.deepEqual(await resolving.conflictChanges(), [
        "Tom Reed redirected it to The LADO at 11:05",
      ]);
      assert.match(
        (await resolving.byQa("conflict-not-allowed").textContent()) ?? "",
        /You can no longer do this\. This escalation was redirected on 11:05 Tue 4 Mar 2025; it can no longer change\./,
      );
      assert.equal(await resolving.submitButton().count(), 0);
      assert.equal(
        await resolving.field("outcome").inputValue(),
        "Social care will assess JS this week",
      );
      await resolving.screenshot("concurrent-edits-no-longer-allowed");
      await resolving.checkAccessibility();
      resolving.expectNoProblems();
    } finally {
      await school.close();
      await socialCare.close();
    }
  });
});
