// Raising an escalation in a real browser, on the demo partnership: a school practitioner raises
// one about a child from Your work to the confirmation, changes an answer on the way, and raises a
// thematic one; a senior leader chooses where theirs starts; the triage's "yes" pages; the whole
// journey with JavaScript off; and, in Suffolk, the track question and a deadline set to protect
// the child. Every page is checked with axe and photographed (test/e2e/screenshots/raise-*.png).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { loadProcedureLibrary } from "../../../src/app/procedures.ts";
import { listPartnerships, listPeople, type Person } from "../../../src/db/directory.ts";
import type { BasePage } from "../pages/base-page.ts";
import {
  RaiseCheckAnswersPage,
  RaiseConfirmationPage,
  RaiseDetailsPage,
  RaiseInsteadPage,
  RaiseQuestionPage,
} from "../pages/raise-pages.ts";
import { DemoSignInPage } from "../pages/sign-in-page.ts";
import { YourWorkPage } from "../pages/your-work-page.ts";
import { type RunningApp, startTestApp } from "../support/app.ts";
import { contextWithoutAppScripts, launchBrowser } from "../support/browser.ts";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

/** Photographs the page and checks it with axe. */
async function look(page: BasePage, name: string): Promise<void> {
  await page.screenshot(`raise-${name}`);
  await page.checkAccessibility();
}

/** A demo person by their job title (and agency, by name), e.g. the school's class teacher. */
async function demoPerson(app: RunningApp, jobTitle: string): Promise<Person> {
  const [partnership] = await listPartnerships(app.services.db);
  assert.ok(partnership, "the demo partnership");
  const people = await listPeople(app.services.db, partnership.id, { demo: true });
  return (
    people.find((person) => person.jobTitle === jobTitle) ?? assert.fail(`no demo ${jobTitle}`)
  );
}

async function signIn(page: Page, app: RunningApp, person: Person): Promise<void> {
  const demo = new DemoSignInPage(page, app.baseUrl);
  await demo.open();
  assert.equal(await demo.chooseNamed(person.name), 200);
}

/** Answers "no" to each triage question on the way, photographing each. */
async function clearTriage(page: Page, app: RunningApp, photograph = false): Promise<void> {
  const question = new RaiseQuestionPage(page, app.baseUrl);
  while (new URL(page.url()).pathname.startsWith("/raise/triage/")) {
    const id = new URL(page.url()).pathname.split("/").at(-1);
    if (photograph) await look(question, `triage-${id}`);
    assert.deepEqual(await question.choices(), ["Yes", "No"]);
    assert.equal(await question.answer("No"), 200);
  }
}

describe("raising an escalation in a browser (Dorset)", () => {
  let app: RunningApp;
  let browser: Browser;
  let teacher: Person;

  before(async () => {
    app = await startTestApp({ demo: true, demoProcedure: "dorset" });
    browser = await launchBrowser();
    teacher = await demoPerson(app, "Class teacher, Year 4");
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  const session = async (
    person: Person,
    make: () => Promise<BrowserContext> = () => browser.newContext({ viewport: DESKTOP }),
  ) => {
    const context = await make();
    const page = await context.newPage();
    await signIn(page, app, person);
    return { context, page };
  };

  test("a school practitioner raises an escalation about a child, from Your work to the confirmation", async () => {
    const { context, page } = await session(teacher);
    try {
      const yourWork = new YourWorkPage(page, app.baseUrl);
      await yourWork.open();
      assert.equal(await yourWork.submitWith(yourWork.raiseButton()), 200);
      assert.equal(new URL(page.url()).pathname, "/raise/triage/immediate-risk");
      await clearTriage(page, app, true);

      const about = new RaiseQuestionPage(page, app.baseUrl);
      assert.equal(await about.question(), "Is it about a child, or a theme across children?");
      await look(about, "about");
      // Continuing without an answer: the error summary, linked to the radios.
      assert.equal(await about.continue(), 400);
      assert.deepEqual(await about.errorMessages(), [
        "Select whether it is about a child or a theme across children",
      ]);
      await look(about, "about-error");
      assert.equal(await about.answer("A child, or brothers and sisters"), 200);

      const details = new RaiseDetailsPage(page, app.baseUrl);
      assert.equal(await details.heading().textContent(), "About the child and the disagreement");
      assert.match(
        (await details.scope().textContent()) ?? "",
        /It will start at Stage 1 – line managers/,
      );
      assert.equal(
        await details.option("receiving", "Hillside Primary School").count(),
        0,
        "not your own agency",
      );
      await look(details, "details");

      // Sent empty: every error, in the page's order, each linking to its field.
      assert.equal(await details.continue(), 400);
      const errors = await details.errorMessages();
      assert.equal(errors[0], "Enter the child’s initials or your agency’s case reference");
      assert.equal(errors.length, 10);
      assert.equal(await page.title(), "Error: About the child and the disagreement – Resolve");
      await look(details, "details-errors");
      await details.errorSummary().getByText("Select the child’s status").click();
      assert.equal(await details.focusedId(), "child-status");

      await details.fillAboutAChild("Dorset Children's Social Care");
      assert.equal(await details.continue(), 200);

      const check = new RaiseCheckAnswersPage(page, app.baseUrl);
      assert.equal(
        await check.heading().textContent(),
        "Check your answers before raising the escalation",
      );
      assert.equal(await check.answer("child-reference"), "LM");
      assert.equal(await check.answer("dob"), "9 November 2016");
      assert.equal(await check.answer("receiving"), "Dorset Children's Social Care");
      assert.match(
        await check.answer("start"),
        /^Stage 1 – line managers, due \w{3} \d{1,2} \w{3} \d{4} if raised now$/,
      );
      await look(check, "check-answers");

      // Change the category: back on the form, at that question, with everything kept.
      assert.equal(await check.change("category"), 200);
      assert.equal(new URL(page.url()).hash, "#category");
      assert.equal(await details.childReference().inputValue(), "LM");
      assert.equal(
        await details
          .option("category", "A plan that is not making the progress expected")
          .isChecked(),
        true,
      );
      await look(details, "change-category");
      await details.option("category", "Sharing information or providing services").check();
      assert.equal(await details.continue(), 200);
      assert.equal(await check.answer("category"), "Sharing information or providing services");

      assert.equal(await check.raise(), 200);
      assert.match(new URL(page.url()).pathname, /^\/raise\/raised\/[0-9a-f-]{36}$/);
      const confirmation = new RaiseConfirmationPage(page, app.baseUrl);
      assert.equal(await page.title(), "Escalation raised – Resolve");
      assert.match(await confirmation.reference(), /^DOR-\d{4}-\d{4}$/);
      assert.equal(await confirmation.stage(), "It starts at Stage 1 – line managers.");
      // The demo runs on the real clock: raised on a weekend or a bank holiday, the explanation
      // says so first.
      assert.match(
        await confirmation.deadline("explanation"),
        /^Due \w{3} \d{1,2} \w{3} \d{4}: (day one|raised on \w{3} \d{1,2} \w{3} \d{4}, not a working day, so day one is) \w{3} \d{1,2} \w{3} \d{4}/,
      );
      await look(confirmation, "confirmation");

      // On to the escalation's own page.
      const reference = await confirmation.reference();
      assert.equal(await confirmation.submitWith(confirmation.viewEscalation()), 200);
      assert.match((await page.locator("main").textContent()) ?? "", new RegExp(reference));
      confirmation.expectNoProblems();
    } finally {
      await context.close();
    }
  });

  test("a thematic escalation: no child's details, thematic categories, and it starts at stage 3", async () => {
    const { context, page } = await session(teacher);
    try {
      const question = new RaiseQuestionPage(page, app.baseUrl);
      await question.goto("/raise");
      await clearTriage(page, app);
      assert.equal(
        await question.answer("A theme across several children, or an agency’s way of working"),
        200,
      );
      const details = new RaiseDetailsPage(page, app.baseUrl);
      assert.equal(await details.heading().textContent(), "About the theme");
      assert.equal(await details.childReference().count(), 0);
      assert.match((await details.scope().textContent()) ?? "", /Stage 3 – heads of service/);
      await details.option("receiving", "Dorset Police").check();
      await details.option("category", "A safeguarding theme needing strategic oversight").check();
      await details.fillDisagreement();
      await details.option("evidence-kind", "A gut feeling").check();
      await look(details, "thematic-details");
      assert.equal(await details.continue(), 200);

      const check = new RaiseCheckAnswersPage(page, app.baseUrl);
      assert.equal(await check.answer("about"), "A theme across children");
      assert.equal((await check.keys()).includes("Child’s initials or reference"), false);
      await look(check, "thematic-check-answers");
      assert.equal(await check.raise(), 200);

      const confirmation = new RaiseConfirmationPage(page, app.baseUrl);
      assert.equal(await confirmation.stage(), "It starts at Stage 3 – heads of service.");
      assert.equal(
        ((await confirmation.byQa("told").textContent()) ?? "").trim(),
        "Partnership business team",
      );
      await look(confirmation, "thematic-confirmation");
      confirmation.expectNoProblems();
    } finally {
      await context.close();
    }
  });

  test("a senior leader chooses where theirs starts: straight to stage 4", async () => {
    const leader = await demoPerson(app, "Chief executive, Hillside Learning Trust");
    const { context, page } = await session(leader);
    try {
      const question = new RaiseQuestionPage(page, app.baseUrl);
      await question.goto("/raise");
      await clearTriage(page, app);
      assert.equal(await question.answer("A child, or brothers and sisters"), 200);
      assert.equal(await question.question(), "Where should the escalation start?");
      assert.deepEqual(await question.choices(), [
        "Stage 1 – line managers",
        "Stage 4 – senior leaders",
      ]);
      await look(question, "start");
      assert.equal(await question.answer("Stage 4 – senior leaders"), 200);
      const details = new RaiseDetailsPage(page, app.baseUrl);
      assert.match((await details.scope().textContent()) ?? "", /Stage 4 – senior leaders/);
      await details.fillAboutAChild("Dorset Police");
      assert.equal(await details.continue(), 200);
      const check = new RaiseCheckAnswersPage(page, app.baseUrl);
      assert.match(await check.answer("start"), /^Stage 4 – senior leaders/);
      assert.equal(await check.raise(), 200);
      const confirmation = new RaiseConfirmationPage(page, app.baseUrl);
      assert.equal(await confirmation.stage(), "It starts at Stage 4 – senior leaders.");
      confirmation.expectNoProblems();
    } finally {
      await context.close();
    }
  });

  test('triage: "yes" says what to do instead, and where to come back from', async () => {
    const { context, page } = await session(teacher);
    try {
      const question = new RaiseQuestionPage(page, app.baseUrl);
      await question.goto("/raise/triage/immediate-risk");
      assert.equal(await question.answer("Yes"), 200);
      const instead = new RaiseInsteadPage(page, app.baseUrl);
      assert.equal(await instead.heading().textContent(), "Make the child safe first");
      assert.match((await instead.redirect().textContent()) ?? "", /call the police on 999/);
      await look(instead, "instead-immediate-risk");
      // Once the child is safe: on to the next question.
      assert.equal(await instead.submitWith(instead.continueLink()), 200);
      assert.equal(
        await question.question(),
        "Is your concern about whether a professional is suitable to work with children?",
      );

      assert.equal(await question.answer("Yes"), 200);
      assert.equal(await instead.heading().textContent(), "Use a different procedure");
      assert.match(
        (await instead.redirect().textContent()) ?? "",
        /Local Authority Designated Officer \(LADO\)/,
      );
      assert.match(
        (await instead.contact().textContent()) ?? "",
        /The LADO for the Dorset Council area/,
      );
      assert.equal(await instead.continueLink().count(), 0);
      await look(instead, "instead-professional-suitability");
      assert.equal(await instead.submitWith(instead.changeAnswer()), 200);
      assert.equal(await question.choice("No").isChecked(), false);
      instead.expectNoProblems();
    } finally {
      await context.close();
    }
  });

  test("without JavaScript: the whole journey, a Change on the way, and the confirmation", async () => {
    const { context, page } = await session(teacher, () =>
      browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false }),
    );
    try {
      const question = new RaiseQuestionPage(page, app.baseUrl);
      await question.goto("/raise");
      await clearTriage(page, app);
      assert.equal(await question.answer("A child, or brothers and sisters"), 200);
      const details = new RaiseDetailsPage(page, app.baseUrl);
      assert.doesNotMatch((await page.locator("body").getAttribute("class")) ?? "", /js-enabled/);
      assert.equal(await details.continue(), 400);
      assert.equal((await details.errorMessages()).length, 10);
      await details.screenshot("raise-no-javascript-details-errors");
      await details.fillAboutAChild("Dorset Community Health NHS Trust");
      assert.equal(await details.continue(), 200);
      const check = new RaiseCheckAnswersPage(page, app.baseUrl);
      assert.equal(await check.change("urgency"), 200);
      assert.equal(await details.option("urgency", "Urgent").isChecked(), true);
      await details.option("urgency", "Routine").check();
      assert.equal(await details.continue(), 200);
      assert.equal(await check.answer("urgency"), "Routine");
      await check.screenshot("raise-no-javascript-check-answers");
      assert.equal(await check.raise(), 200);
      const confirmation = new RaiseConfirmationPage(page, app.baseUrl);
      assert.match(await confirmation.reference(), /^DOR-/);
      await confirmation.screenshot("raise-no-javascript-confirmation");
      confirmation.expectNoProblems();
    } finally {
      await context.close();
    }
  });

  test("without JavaScript, the form and its errors are accessible", async () => {
    const { context, page } = await session(teacher, () =>
      contextWithoutAppScripts(browser, { viewport: DESKTOP }),
    );
    try {
      const question = new RaiseQuestionPage(page, app.baseUrl);
      await question.goto("/raise");
      await clearTriage(page, app);
      await question.answer("A child, or brothers and sisters");
      const details = new RaiseDetailsPage(page, app.baseUrl);
      assert.equal(await details.continue(), 400);
      await look(details, "details-errors-without-scripts");
      details.expectNoProblems();
    } finally {
      await context.close();
    }
  });

  test("on a phone (375px): nothing runs off the side of the form, check your answers or the confirmation", async () => {
    const { context, page } = await session(teacher, () => browser.newContext({ viewport: PHONE }));
    try {
      const question = new RaiseQuestionPage(page, app.baseUrl);
      await question.goto("/raise");
      await clearTriage(page, app);
      await question.answer("A child, or brothers and sisters");
      const details = new RaiseDetailsPage(page, app.baseUrl);
      assert.equal(await details.horizontalOverflow(), 0);
      await look(details, "details-phone");
      await details.fillAboutAChild("Dorset Police");
      await details.continue();
      const check = new RaiseCheckAnswersPage(page, app.baseUrl);
      assert.equal(await check.horizontalOverflow(), 0);
      await look(check, "check-answers-phone");
      await check.raise();
      const confirmation = new RaiseConfirmationPage(page, app.baseUrl);
      assert.equal(await confirmation.horizontalOverflow(), 0);
      await look(confirmation, "confirmation-phone");
      confirmation.expectNoProblems();
    } finally {
      await context.close();
    }
  });
});

describe("raising an escalation in a browser (Suffolk)", () => {
  let app: RunningApp;
  let browser: Browser;

  before(async () => {
    app = await startTestApp({ demo: true, demoProcedure: "suffolk" });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test("the track question, and a deadline set to protect the child shown beside the procedure's", async () => {
    const teacher = await demoPerson(app, "Class teacher, Year 4");
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await context.newPage();
      await signIn(page, app, teacher);
      const question = new RaiseQuestionPage(page, app.baseUrl);
      await question.goto("/raise");
      await clearTriage(page, app);
      assert.equal(await question.question(), "What is the disagreement about?");
      const tracks = loadProcedureLibrary().procedures.get("suffolk")?.tracks ?? {};
      const choices = await question.choices();
      assert.equal(choices[0], "Professional dispute", "the general track first");
      assert.deepEqual(
        [...choices].sort(),
        Object.values(tracks)
          .map((track) => track.name)
          .sort(),
      );
      await look(question, "suffolk-track");
      assert.equal(await question.answer("Professional dispute"), 200);

      const details = new RaiseDetailsPage(page, app.baseUrl);
      await details.childReference().fill("AB");
      await details.option("child-status", "Subject to a child protection plan").check();
      await details.option("receiving", /Children's Social Care/).check();
      await details.option("category", "A referral and whether it meets the threshold").check();
      await details.fillDisagreement();
      // 09:00 tomorrow: later than now, sooner than the procedure's one working day, on any day.
      const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000)
        .toLocaleDateString("en-GB", { timeZone: "Europe/London" })
        .split("/");
      await details.earlierDeadline(
        [tomorrow[0] ?? "", tomorrow[1] ?? "", tomorrow[2] ?? ""],
        ["9", "00"],
      );
      await look(details, "suffolk-details");
      assert.equal(await details.continue(), 200, JSON.stringify(await details.errorMessages()));

      const check = new RaiseCheckAnswersPage(page, app.baseUrl);
      assert.match(await check.answer("safety"), /^09:00 /);
      await look(check, "suffolk-check-answers");
      assert.equal(await check.raise(), 200);

      const confirmation = new RaiseConfirmationPage(page, app.baseUrl);
      assert.match(await confirmation.deadline("due"), /^09:00 /);
      assert.match(await confirmation.deadline("child-safety"), /^09:00 /);
      assert.match(await confirmation.deadline("procedure"), /^\w{3} \d{1,2} \w{3} \d{4}$/);
      assert.match(
        await confirmation.deadline("explanation"),
        /a deadline set to protect the child, earlier than the procedure's/,
      );
      await look(confirmation, "suffolk-confirmation");
      confirmation.expectNoProblems();
    } finally {
      await context.close();
    }
  });
});
