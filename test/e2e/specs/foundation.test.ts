// The web foundation in a real browser, on the real pages: the layout, the error pages, the error
// summary, GOV.UK Frontend's JavaScript under our Content-Security-Policy, the keyboard, phones,
// printing, and no JavaScript. The sign-in page is the form; the demo sign-in page is a signed-in
// page. Sign-in itself is in sign-in.test.ts.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContextOptions } from "playwright-core";
import { BasePage } from "../pages/base-page.ts";
import { DemoSignInPage, SignInPage } from "../pages/sign-in-page.ts";
import { type RunningApp, startTestApp } from "../support/app.ts";
import { contextWithoutAppScripts, launchBrowser } from "../support/browser.ts";

const DESKTOP = { width: 1280, height: 900 };

describe("the web foundation in a browser", () => {
  let app: RunningApp;
  let browser: Browser;

  before(async () => {
    app = await startTestApp({ demo: true, demoProcedure: "dorset" });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A page in a fresh context (its own cookies), closed with `page.page.context().close()`. */
  const open = async <Page extends BasePage>(
    PageObject: new (page: import("playwright-core").Page, baseUrl: string) => Page,
    options: BrowserContextOptions = {},
  ): Promise<Page> => {
    const context = await browser.newContext({ viewport: DESKTOP, ...options });
    return new PageObject(await context.newPage(), app.baseUrl);
  };

  /** Signed in as the first demo person, on the demo sign-in page (which shows the header). */
  const signedIn = async (options: BrowserContextOptions = {}) => {
    const page = await open(DemoSignInPage, options);
    await page.open();
    await page.submitWith(page.people().first());
    await page.open();
    assert.ok(await page.signedInName(), "signed in");
    return page;
  };

  test("an unknown address shows Page not found, in the layout, accessibly", async () => {
    const page = await open(BasePage);
    const response = await page.goto("/no-such-page");
    assert.equal(response?.status(), 404);
    assert.equal(await page.heading().textContent(), "Page not found");
    assert.equal(await page.page.title(), "Page not found – Resolve");
    await page.screenshot("not-found");
    await page.checkAccessibility();
    page.expectNoProblems();
    await page.page.context().close();
  });

  test("the sign-in page loads its styles, runs GOV.UK Frontend under the CSP, and is accessible", async () => {
    const page = await open(SignInPage);
    await page.open();
    await page.screenshot("sign-in");
    const body = await page.page.locator("body").getAttribute("class");
    assert.match(body ?? "", /\bjs-enabled\b/);
    assert.match(body ?? "", /\bgovuk-frontend-supported\b/);
    // The password input's script has run: its Show button appears, and works.
    await page.showPassword().waitFor({ state: "visible" });
    await page.password().fill("secret");
    assert.equal(await page.password().getAttribute("type"), "password");
    await page.showPassword().click();
    assert.equal(await page.password().getAttribute("type"), "text");
    assert.equal(
      await page
        .showPassword()
        .textContent()
        .then((text) => text?.trim()),
      "Hide",
    );
    // GOV.UK Frontend's styles apply.
    assert.equal(await page.style(page.heading(), "font-size"), "36px");
    assert.equal(await page.byQa("demo-banner").isVisible(), true);
    assert.equal(await page.signedInName(), null);
    await page.checkAccessibility();
    page.expectNoProblems();
    await page.page.context().close();
  });

  test("does not download GOV.UK's typeface or show its crown: Resolve is not on GOV.UK", async () => {
    const page = await open(SignInPage);
    await page.open();
    await page.fontsReady();
    const fontRequests = page.requests.filter((url) => url.includes("/assets/fonts/"));
    assert.deepEqual(fontRequests, []);
    const crowns = page.page.locator(".govuk-header__logotype, .govuk-footer__crown");
    assert.equal(await crowns.count(), 0);
    assert.match(await page.style(page.heading(), "font-family"), /arial/i);
    await page.checkAccessibility();
    page.expectNoProblems();
    await page.page.context().close();
  });

  test("posted empty, the form shows the error summary, focused, linking to each field", async () => {
    const page = await open(SignInPage);
    await page.open();
    assert.equal(await page.submitWith(page.signInButton()), 400);
    assert.equal(page.path(), "/sign-in");
    assert.equal(await page.page.title(), "Error: Sign in – Resolve");
    assert.equal(await page.errorSummary().isVisible(), true);
    assert.deepEqual(await page.errorMessages(), [
      "Enter your email address",
      "Enter your password",
    ]);
    // GOV.UK Frontend moves focus to the summary, so screen readers announce it.
    assert.equal(await page.page.locator('[data-qa="error-summary"]:focus').count(), 1);
    await page.screenshot("sign-in-errors");
    await page.checkAccessibility();
    // Each link moves to its field.
    await page.errorSummary().getByText("Enter your password").click();
    assert.equal(await page.focusedId(), "password");
    await page.screenshot("sign-in-errors-password-focused");
    page.expectNoProblems();
    await page.page.context().close();
  });

  test("the keyboard reaches the skip link first, showing its focus, and it moves to the content", async () => {
    const page = await open(SignInPage, { viewport: { width: 1280, height: 320 } });
    await page.open();
    const focused = page.page.locator(":focus");
    await page.page.keyboard.press("Tab");
    assert.equal(await focused.textContent(), "Skip to main content");
    assert.equal(await focused.isVisible(), true);
    await page.screenshot("focus-skip-link", { fullPage: false });
    await page.page.keyboard.press("Enter");
    assert.equal(await page.focusedId(), "main-content");
    await page.checkAccessibility();
    page.expectNoProblems();
    await page.page.context().close();
  });

  test("signed in, the header names the person and Sign out shows its focus", async () => {
    const page = await signedIn({ viewport: { width: 1280, height: 320 } });
    await page.byQa("sign-out").focus();
    assert.equal(await page.byQa("sign-out").isVisible(), true);
    await page.screenshot("focus-sign-out", { fullPage: false });
    await page.checkAccessibility();
    page.expectNoProblems();
    await page.page.context().close();
  });

  test("at a phone's width (375px) nothing runs off the side, and it stays accessible", async () => {
    const phone = { viewport: { width: 375, height: 812 } };
    const signIn = await open(SignInPage, phone);
    await signIn.open();
    await signIn.submitWith(signIn.signInButton());
    assert.equal(await signIn.horizontalOverflow(), 0, "the sign-in page scrolls sideways");
    await signIn.screenshot("sign-in-errors-phone");
    await signIn.checkAccessibility();
    signIn.expectNoProblems();
    await signIn.page.context().close();

    const demo = await signedIn(phone);
    assert.equal(await demo.horizontalOverflow(), 0, "the demo sign-in page scrolls sideways");
    await demo.screenshot("demo-sign-in-phone");
    await demo.screenshot("demo-sign-in-phone-top", { fullPage: false });
    await demo.checkAccessibility();
    demo.expectNoProblems();
    await demo.page.context().close();
  });

  test("printed, it shows the content and the demonstration notice, without navigation or buttons", async () => {
    const page = await signedIn();
    await page.checkAccessibility();
    await page.page.emulateMedia({ media: "print" });
    for (const hidden of [
      "header",
      "footer",
      ".govuk-service-navigation",
      ".govuk-phase-banner",
      ".govuk-button",
      ".govuk-skip-link",
      "[data-qa=signed-in]",
    ]) {
      assert.equal((await page.page.locator(hidden).count()) > 0, true, `${hidden} is on the page`);
      assert.equal(
        await page.page.locator(hidden).first().isVisible(),
        false,
        `${hidden} is printed`,
      );
    }
    assert.equal(await page.heading().isVisible(), true);
    assert.equal(await page.byQa("demo-banner").isVisible(), true);
    await page.screenshot("demo-sign-in-print");

    const signIn = await open(SignInPage);
    await signIn.open();
    await signIn.submitWith(signIn.signInButton());
    await signIn.page.emulateMedia({ media: "print" });
    assert.equal(await signIn.errorSummary().isVisible(), false, "the error summary is printed");
    assert.equal(await signIn.heading().isVisible(), true);
    await signIn.screenshot("sign-in-print");
    page.expectNoProblems();
    signIn.expectNoProblems();
    await page.page.context().close();
    await signIn.page.context().close();
  });

  test("without JavaScript, the form still submits, shows its errors and keeps what was typed", async () => {
    const page = await open(SignInPage, { javaScriptEnabled: false });
    await page.open();
    assert.doesNotMatch(
      (await page.page.locator("body").getAttribute("class")) ?? "",
      /js-enabled/,
    );
    assert.equal(await page.showPassword().isVisible(), false, "no Show button without its script");
    assert.equal(await page.signIn("nobody@example.test", "guess"), 400);
    assert.equal(await page.errorSummary().isVisible(), true);
    assert.deepEqual(await page.errorMessages(), ["Enter a correct email address and password"]);
    assert.equal(await page.email().inputValue(), "nobody@example.test");
    assert.equal(await page.password().inputValue(), "", "the password is never sent back");
    await page.screenshot("sign-in-errors-no-javascript");
    page.expectNoProblems();
    await page.page.context().close();
  });

  test("without JavaScript, the pages and the form with its errors are accessible", async () => {
    const context = await contextWithoutAppScripts(browser, { viewport: DESKTOP });
    try {
      const signIn = new SignInPage(await context.newPage(), app.baseUrl);
      await signIn.open();
      await signIn.checkAccessibility();
      await signIn.submitWith(signIn.signInButton());
      assert.doesNotMatch(
        (await signIn.page.locator("body").getAttribute("class")) ?? "",
        /js-enabled/,
      );
      assert.equal(await signIn.errorSummary().isVisible(), true);
      await signIn.checkAccessibility();
      signIn.expectNoProblems();
      const demo = new DemoSignInPage(await context.newPage(), app.baseUrl);
      await demo.open();
      await demo.checkAccessibility();
      demo.expectNoProblems();
    } finally {
      await context.close();
    }
  });
});
