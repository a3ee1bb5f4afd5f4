// Single sign-on in a real browser, through a real OpenID provider (oidc-provider, in this
// process): an administrator sets it up, then people sign in with it, or are told why not.
// axe checks every Resolve page visited (the provider's pages are not ours), and each is
// photographed.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContextOptions } from "playwright-core";
import type { Person } from "../../../src/db/directory.ts";
import { SESSION_COOKIE } from "../../../src/web/plugins/sessions.ts";
import { callbackUrl } from "../../../src/web/routes/single-sign-on/sign-in.ts";
import { startTestProvider, type TestProvider } from "../../support/openid-provider.ts";
import { testPartnership } from "../../support/partnership.ts";
import { personWithPassword } from "../../support/sign-in.ts";
import { BasePage } from "../pages/base-page.ts";
import { SignInPage } from "../pages/sign-in-page.ts";
import {
  ProviderSignInPage,
  SignInWithProviderPage,
  SingleSignOnAdminPage,
} from "../pages/single-sign-on-pages.ts";
import { YourWorkPage } from "../pages/your-work-page.ts";
import { type RunningApp, startTestApp } from "../support/app.ts";
import { launchBrowser } from "../support/browser.ts";

const LABEL = "Kingsmere Council account";

describe("single sign-on, in a browser", () => {
  let app: RunningApp;
  let provider: TestProvider;
  let browser: Browser;
  let admin: { person: Person; password: string };
  let teacher: Person;

  before(async () => {
    app = await startTestApp();
    // The address people reach Resolve at is known only once it listens.
    app.services.config.publicUrl = app.baseUrl;
    provider = await startTestProvider(callbackUrl(app.services.config));
    browser = await launchBrowser();
    const fixture = await testPartnership(app.services.db);
    teacher = fixture.teacher;
    admin = await personWithPassword(app.services.db, {
      partnershipId: fixture.partnership.id,
      agencyId: null,
      name: "Ada Administrator",
      roles: ["administrator"],
    });
    provider.accounts.set("amina", { email: teacher.email, email_verified: true });
    provider.accounts.set("stranger", { email: "stranger@example.test", email_verified: true });
  });

  after(async () => {
    await browser?.close();
    await provider?.close();
    await app?.close();
  });

  const fresh = async <Page extends BasePage>(
    PageObject: new (page: import("playwright-core").Page, baseUrl: string) => Page,
    options: BrowserContextOptions = {},
  ): Promise<Page> => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      ...options,
    });
    return new PageObject(await context.newPage(), app.baseUrl);
  };

  test("an administrator sets up the partnership's provider, and mistakes are explained", async () => {
    const signIn = await fresh(SignInPage);
    await signIn.open("/admin/single-sign-on");
    await signIn.signIn(admin.person.email, admin.password);
    const page = new SingleSignOnAdminPage(signIn.page, app.baseUrl);
    assert.equal(page.path(), "/admin/single-sign-on");
    assert.equal(await page.heading().textContent(), "Single sign-on");
    assert.equal(await page.callbackUrl(), `${app.baseUrl}/sign-in/single-sign-on/callback`);
    await page.screenshot("single-sign-on-admin-empty");
    await page.checkAccessibility();

    assert.equal(await page.save({ issuer: "http://login.kingsmere.example" }), 400);
    assert.deepEqual(await page.errorMessages(), [
      "Enter the name of the account",
      "The issuer URL must start with https://",
      "Enter the client ID",
      "Enter the client secret",
    ]);
    await page.screenshot("single-sign-on-admin-errors");
    await page.checkAccessibility();

    await page.save({
      label: LABEL,
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
    });
    assert.equal(page.path(), "/admin/single-sign-on?done=saved");
    assert.deepEqual(await page.saved(), {
      Button: `Sign in with ${LABEL}`,
      "Issuer URL": provider.issuer,
      "Client ID": provider.clientId,
      "Client secret": "Saved (not shown)",
      "Last changed": (await page.saved())["Last changed"],
    });
    const [change] = await page.changes();
    assert.equal(change?.[1], "Ada Administrator");
    assert.match(change?.[2] ?? "", /with a new client secret/);
    assert.equal(
      await page.page.getByLabel("Client secret", { exact: true }).inputValue(),
      "",
      "the secret is never shown back",
    );
    await page.screenshot("single-sign-on-admin-saved");
    await page.checkAccessibility();
    page.expectNoProblems();
    await page.page.context().close();
  });

  test("a practitioner signs in with their council account and sees their work", async () => {
    const page = await fresh(SignInWithProviderPage);
    await page.open();
    assert.equal(await page.providerButtons().count(), 1);
    await page.screenshot("sign-in-with-single-sign-on");
    await page.checkAccessibility();

    await page.pressSignInWith(LABEL);
    assert.equal(new URL(page.page.url()).origin, provider.issuer, "at the provider");
    const atProvider = new ProviderSignInPage(page.page, provider.issuer);
    await atProvider.screenshot("single-sign-on-provider-login");
    await atProvider.signInAs("amina");

    const work = new YourWorkPage(page.page, app.baseUrl);
    assert.equal(work.path(), "/your-work");
    assert.equal(await work.heading().textContent(), "Your work");
    assert.equal(await work.signedInName(), teacher.name);
    const cookie = (await page.page.context().cookies()).find(
      (each) => each.name === SESSION_COOKIE,
    );
    assert.ok(cookie?.httpOnly, "a session cookie");
    await work.page.waitForLoadState("networkidle");
    await work.screenshot("your-work-after-single-sign-on");
    await work.checkAccessibility();
    work.expectNoProblems();
    await page.page.context().close();
  });

  test("someone with no Resolve account is told to ask their administrator", async () => {
    const page = await fresh(SignInWithProviderPage);
    await page.open();
    await page.pressSignInWith(LABEL);
    assert.equal(
      await new ProviderSignInPage(page.page, provider.issuer).signInAs("stranger"),
      403,
    );
    const refused = new BasePage(page.page, app.baseUrl);
    assert.equal(
      await refused.heading().textContent(),
      "You cannot sign in to Resolve with this account",
    );
    assert.match(
      (await refused.page.locator("main").textContent()) ?? "",
      /Ask your partnership administrator/,
    );
    assert.equal(await refused.signedInName(), null);
    await refused.screenshot("single-sign-on-no-account");
    await refused.checkAccessibility();
    refused.expectNoProblems();
    await page.page.context().close();
  });

  test("without JavaScript, the button still leads through the provider and back", async () => {
    const page = await fresh(SignInWithProviderPage, { javaScriptEnabled: false });
    await page.open();
    await page.pressSignInWith(LABEL);
    await new ProviderSignInPage(page.page, provider.issuer).signInAs("amina");
    assert.equal(page.path(), "/your-work");
    assert.equal(await page.signedInName(), teacher.name);
    await page.screenshot("your-work-after-single-sign-on-no-javascript");
    await page.page.context().close();
  });
});
