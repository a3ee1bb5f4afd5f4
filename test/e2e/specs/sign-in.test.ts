// Signing in and out in a real browser: with a local account, as a demo person, and without
// JavaScript. Every page visited is checked with axe and photographed.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContextOptions } from "playwright-core";
import { hashPassword } from "../../../src/app/auth.ts";
import { insertPerson, listPartnerships, type Person } from "../../../src/db/directory.ts";
import { SESSION_COOKIE } from "../../../src/web/plugins/sessions.ts";
import { DemoSignInPage, SignInPage } from "../pages/sign-in-page.ts";
import { type RunningApp, startTestApp } from "../support/app.ts";
import { launchBrowser } from "../support/browser.ts";

const PASSWORD = "correct horse battery staple";

describe("signing in, in a browser", () => {
  let app: RunningApp;
  let browser: Browser;
  let local: Person;

  before(async () => {
    app = await startTestApp({ demo: true, demoProcedure: "dorset" });
    browser = await launchBrowser();
    const [partnership] = await listPartnerships(app.services.db);
    assert.ok(partnership, "the demo partnership was seeded");
    local = await insertPerson(app.services.db, {
      id: randomUUID(),
      partnershipId: partnership.id,
      agencyId: null,
      name: "Lena Local",
      email: "lena.local@example.test",
      passwordHash: await hashPassword(PASSWORD),
      roles: ["partnership-business-team"],
    });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A page in a fresh context: its own cookies, so its own session. */
  const fresh = async <Page extends SignInPage | DemoSignInPage>(
    PageObject: new (page: import("playwright-core").Page, baseUrl: string) => Page,
    options: BrowserContextOptions = {},
  ): Promise<Page> => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      ...options,
    });
    return new PageObject(await context.newPage(), app.baseUrl);
  };

  /** The session cookie the browser holds, if any. */
  const sessionCookie = async (page: SignInPage | DemoSignInPage) =>
    (await page.page.context().cookies()).find((cookie) => cookie.name === SESSION_COOKIE);

  test("with a local account: a wrong password is explained, the right one signs in", async () => {
    const page = await fresh(SignInPage);
    await page.open();
    await page.checkAccessibility();
    assert.equal(await page.signIn(local.email, "not my password"), 400);
    assert.equal(page.path(), "/sign-in");
    assert.deepEqual(await page.errorMessages(), ["Enter a correct email address and password"]);
    assert.equal(await page.email().inputValue(), local.email, "the email is kept");
    assert.equal(await page.password().inputValue(), "", "the password is not");
    await page.screenshot("sign-in-wrong-password");
    await page.checkAccessibility();

    await page.signIn(local.email, PASSWORD);
    assert.equal(page.path(), "/your-work");
    const cookie = await sessionCookie(page);
    assert.ok(cookie, "a session cookie");
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, "Lax");
    await page.screenshot("your-work-after-sign-in");
    await page.checkAccessibility();
    page.expectNoProblems();
    await page.page.context().close();
  });

  test("signing in returns to the page that asked for it, naming the person in the header", async () => {
    const page = await fresh(SignInPage);
    await page.open("/demo/sign-in");
    await page.signIn(local.email, PASSWORD);
    assert.equal(page.path(), "/demo/sign-in");
    assert.equal(await page.signedInName(), "Lena Local");
    await page.screenshot("returned-after-sign-in");
    await page.checkAccessibility();
    page.expectNoProblems();
    await page.page.context().close();
  });

  test("as a demo person: from the sign-in page, choose someone and arrive at your work", async () => {
    const signIn = await fresh(SignInPage);
    await signIn.open();
    await signIn.submitWith(signIn.demoSignInLink());
    const page = new DemoSignInPage(signIn.page, app.baseUrl);
    assert.equal(page.path(), "/demo/sign-in");
    assert.equal(await page.heading().textContent(), "Sign in as a demo person");
    const groups = await page.groups();
    assert.ok(groups.length >= 3, `people grouped by agency: ${groups.join(", ")}`);
    assert.ok(!groups.some((group) => group.includes("Lena")), "a local account is not listed");
    assert.equal(
      await page.people().filter({ hasText: "Lena Local" }).count(),
      0,
      "only demo people",
    );
    await page.screenshot("demo-sign-in");
    await page.checkAccessibility();

    const name = /Sign in as ([^,]+),/.exec((await page.people().first().textContent()) ?? "")?.[1];
    assert.ok(name, "the first person has a name");
    await page.chooseNamed(name.trim());
    assert.equal(page.path(), "/your-work");
    assert.ok(await sessionCookie(page), "signed in");
    await page.screenshot("your-work-as-demo-person");
    await page.checkAccessibility();
    // Back on the list, the header says who is signed in.
    await page.open();
    assert.equal(await page.signedInName(), name.trim());
    page.expectNoProblems();
    await page.page.context().close();
  });

  test("signing out ends the session: the header forgets the person, and Back shows nothing kept", async () => {
    const page = await fresh(DemoSignInPage);
    await page.open();
    await page.submitWith(page.people().first());
    await page.open();
    const name = await page.signedInName();
    assert.ok(name);
    await page.checkAccessibility();
    await page.signOut();
    assert.equal(page.path(), "/sign-in");
    assert.equal(await page.signedInName(), null);
    assert.equal(await sessionCookie(page), undefined, "the cookie is gone");
    await page.screenshot("signed-out");
    await page.checkAccessibility();
    // Pages are never stored, so going back asks the server again, which knows no one.
    await page.page.goBack({ waitUntil: "load" });
    assert.equal(page.path(), "/demo/sign-in");
    assert.equal(await page.signedInName(), null);
    await page.goto("/");
    assert.equal(page.path(), "/sign-in");
    page.expectNoProblems();
    await page.page.context().close();
  });

  test("without JavaScript: errors, signing in and signing out all work", async () => {
    const page = await fresh(SignInPage, { javaScriptEnabled: false });
    await page.open();
    assert.equal(await page.submitWith(page.signInButton()), 400);
    assert.deepEqual(await page.errorMessages(), [
      "Enter your email address",
      "Enter your password",
    ]);
    await page.screenshot("sign-in-errors-empty-no-javascript");
    await page.signIn(local.email, PASSWORD);
    assert.equal(page.path(), "/your-work");
    await page.goto("/demo/sign-in");
    assert.equal(await page.signedInName(), "Lena Local");
    await page.screenshot("signed-in-no-javascript");
    await page.signOut();
    assert.equal(page.path(), "/sign-in");
    assert.equal(await page.signedInName(), null);
    page.expectNoProblems();
    await page.page.context().close();
  });
});
