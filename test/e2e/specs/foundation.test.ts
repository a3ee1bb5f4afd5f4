// The web foundation in a real browser: the layout, the error pages, the error summary, GOV.UK
// Frontend's JavaScript under our Content-Security-Policy, phones, printing, and no JavaScript.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext } from "playwright-core";
import { BasePage } from "../pages/base-page.ts";
import { type RunningApp, startTestApp } from "../support/app.ts";
import { contextWithoutAppScripts, launchBrowser } from "../support/browser.ts";

/** The developers' example form (src/web/routes/dev/), until real pages exist. */
class ExamplePage extends BasePage {
  open() {
    return this.goto("/dev/example");
  }

  continue() {
    return Promise.all([
      this.page.waitForLoadState("load"),
      this.page.waitForURL(/\/dev\/example/),
      this.byQa("continue").click(),
    ]);
  }
}

describe("the web foundation in a browser", () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    app = await startTestApp({ examplePages: true, demo: true });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  const open = async (width?: number) => {
    const page = await (width
      ? browser.newContext({ viewport: { width, height: 812 } })
      : Promise.resolve(context)
    ).then((ctx) => ctx.newPage());
    return new ExamplePage(page, app.baseUrl);
  };

  test("an unknown address shows Page not found, in the layout, accessibly", async () => {
    const page = await open();
    const response = await page.goto("/no-such-page");
    assert.equal(response?.status(), 404);
    assert.equal(await page.heading().textContent(), "Page not found");
    assert.equal(await page.page.title(), "Page not found – Resolve");
    await page.screenshot("not-found");
    await page.checkAccessibility();
    page.expectNoProblems();
    await page.page.close();
  });

  test("the example page loads its styles, runs GOV.UK Frontend under the CSP, and is accessible", async () => {
    const page = await open();
    await page.open();
    await page.screenshot("example");
    const body = await page.page.locator("body").getAttribute("class");
    assert.match(body ?? "", /\bjs-enabled\b/);
    assert.match(body ?? "", /\bgovuk-frontend-supported\b/);
    // The character count's JavaScript has run: it replaced the hint with a live count.
    await page.page.getByText("You have 500 characters remaining").first().waitFor();
    await page.page.locator("#summary").fill("Twelve chars");
    await page.page.getByText("You have 488 characters remaining").first().waitFor();
    // GOV.UK Frontend's styles apply.
    assert.equal(await page.style(page.heading(), "font-size"), "36px");
    assert.equal(await page.byQa("demo-banner").isVisible(), true);
    assert.match((await page.byQa("signed-in").textContent()) ?? "", /Alex Morgan/);
    await page.checkAccessibility();
    page.expectNoProblems();
    await page.page.close();
  });

  test("does not download GOV.UK's typeface or show its crown: Resolve is not on GOV.UK", async () => {
    const page = await open();
    await page.open();
    await page.fontsReady();
    const fontRequests = page.requests.filter((url) => url.includes("/assets/fonts/"));
    assert.deepEqual(fontRequests, []);
    const crowns = page.page.locator(".govuk-header__logotype, .govuk-footer__crown");
    assert.equal(await crowns.count(), 0);
    assert.match(await page.style(page.heading(), "font-family"), /arial/i);
    page.expectNoProblems();
    await page.page.close();
  });

  test("posted empty, the form shows the error summary, focused, linking to each field", async () => {
    const page = await open();
    await page.open();
    await page.continue();
    assert.equal(await page.page.title(), "Error: Example form – Resolve");
    const summary = page.errorSummary();
    assert.equal(await summary.isVisible(), true);
    assert.deepEqual(await summary.locator("a").allTextContents(), [
      "Enter the agency you work for",
      "Select how urgent it is",
      "Enter the date the disagreement started",
      "Enter what the disagreement is about",
    ]);
    // GOV.UK Frontend moves focus to the summary, so screen readers announce it.
    assert.equal(await page.page.locator('[data-qa="error-summary"]:focus').count(), 1);
    await page.screenshot("example-errors");
    await page.checkAccessibility();
    // Each link moves to its field.
    await summary.getByText("Enter the date the disagreement started").click();
    assert.equal(await page.focusedId(), "started-day");
    await page.screenshot("example-errors-date-focused");
    page.expectNoProblems();
    await page.page.close();
  });

  test("the keyboard reaches the skip link first, then the header's links, each showing its focus", async () => {
    const page = await open();
    await page.open();
    await page.page.setViewportSize({ width: 1280, height: 320 });
    const focused = page.page.locator(":focus");
    await page.page.keyboard.press("Tab");
    assert.equal(await focused.textContent(), "Skip to main content");
    assert.equal(await focused.isVisible(), true);
    await page.screenshot("focus-skip-link", { fullPage: false });
    await page.byQa("sign-out").focus();
    await page.screenshot("focus-sign-out", { fullPage: false });
    page.expectNoProblems();
    await page.page.close();
  });

  test("at a phone's width (375px) nothing runs off the side, and it stays accessible", async () => {
    const page = await open(375);
    await page.open();
    await page.continue();
    assert.equal(await page.horizontalOverflow(), 0, "the page scrolls sideways");
    await page.screenshot("example-errors-phone");
    await page.checkAccessibility();
    page.expectNoProblems();
    await page.page.context().close();
  });

  test("printed, it shows the content and the demonstration notice, without navigation or buttons", async () => {
    const page = await open();
    await page.open();
    await page.page.emulateMedia({ media: "print" });
    for (const hidden of [
      "header",
      "footer",
      ".govuk-service-navigation",
      ".govuk-phase-banner",
      ".govuk-button",
      ".govuk-back-link",
      ".govuk-skip-link",
    ]) {
      assert.equal(
        await page.page.locator(hidden).first().isVisible(),
        false,
        `${hidden} is printed`,
      );
    }
    assert.equal(await page.heading().isVisible(), true);
    assert.equal(await page.byQa("demo-banner").isVisible(), true);
    await page.screenshot("example-print");
    page.expectNoProblems();
    await page.page.close();
  });

  test("without JavaScript, the form still submits and shows its errors", async () => {
    const noScript = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = new ExamplePage(await noScript.newPage(), app.baseUrl);
      await page.open();
      assert.doesNotMatch(
        (await page.page.locator("body").getAttribute("class")) ?? "",
        /js-enabled/,
      );
      await page.page.locator("#agency").fill("Kingsmere Police");
      await page.continue();
      assert.equal(await page.errorSummary().isVisible(), true);
      assert.equal(await page.errorSummary().locator("a").count(), 3);
      assert.equal(await page.page.locator("#agency").inputValue(), "Kingsmere Police");
      await page.screenshot("example-errors-no-javascript");
      page.expectNoProblems();
    } finally {
      await noScript.close();
    }
  });

  test("without JavaScript, the form with its errors is accessible", async () => {
    const withoutScripts = await contextWithoutAppScripts(browser, {
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = new ExamplePage(await withoutScripts.newPage(), app.baseUrl);
      await page.open();
      await page.continue();
      assert.doesNotMatch(
        (await page.page.locator("body").getAttribute("class")) ?? "",
        /js-enabled/,
      );
      await page.checkAccessibility();
      page.expectNoProblems();
    } finally {
      await withoutScripts.close();
    }
  });
});
