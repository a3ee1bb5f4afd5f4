// A local account in a real browser: setting up an authenticator app and signing in with its
// code, and resetting a forgotten password by the link an email brings (through a real SMTP
// server started here). Every page visited is checked with axe and photographed.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { hashPassword } from "../../../src/app/auth.ts";
import { insertPerson, listPartnerships, type Person } from "../../../src/db/directory.ts";
import { type MailServer, startMailServer } from "../../support/mail-server.ts";
import { codeAt } from "../../support/totp.ts";
import type { BasePage } from "../pages/base-page.ts";
import {
  AccountPage,
  PasswordResetPages,
  SetUpAuthenticatorPage,
  SignInCodePage,
  TurnOffAuthenticatorPage,
} from "../pages/local-account-pages.ts";
import { SignInPage } from "../pages/sign-in-page.ts";
import { type RunningApp, startTestApp } from "../support/app.ts";
import { launchBrowser } from "../support/browser.ts";

const PASSWORD = "correct horse battery staple";
const PUBLIC_URL = "https://resolve.partnership.example";

describe("a local account, in a browser", () => {
  let app: RunningApp;
  let browser: Browser;
  let mail: MailServer;

  const person = async (name: string): Promise<Person> => {
    const [partnership] = await listPartnerships(app.services.db);
    assert.ok(partnership, "the demo partnership was seeded");
    return insertPerson(app.services.db, {
      id: randomUUID(),
      partnershipId: partnership.id,
      agencyId: null,
      name,
      email: `${name.toLowerCase().replaceAll(" ", ".")}@example.test`,
      passwordHash: await hashPassword(PASSWORD),
      roles: ["partnership-business-team"],
    });
  };

  /** The same browser tab seen as another page object. */
  const as = <Page extends BasePage>(
    PageObject: new (page: import("playwright-core").Page, baseUrl: string) => Page,
    from: BasePage,
  ) => new PageObject(from.page, app.baseUrl);

  /** Checks the page with axe, photographs it, and fails on any problem in the browser. */
  const look = async (page: BasePage, name: string) => {
    await page.screenshot(name);
    await page.checkAccessibility();
    page.expectNoProblems();
  };

  before(async () => {
    mail = await startMailServer();
    app = await startTestApp({
      demo: true,
      demoProcedure: "dorset",
      config: {
        publicUrl: PUBLIC_URL,
        mail: { smtpUrl: mail.url, from: "Resolve <resolve@partnership.example>" },
      },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await mail?.close();
  });

  test("setting up an authenticator app, then signing in with its code", async () => {
    const ada = await person("Ada Authenticator");
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const signIn = new SignInPage(await context.newPage(), app.baseUrl);
    await signIn.open();
    await signIn.signIn(ada.email, PASSWORD);
    assert.equal(signIn.path(), "/your-work");

    const account = as(AccountPage, signIn);
    await account.submitWith(account.headerLink());
    assert.equal(account.path(), "/account");
    assert.equal(await account.authenticatorStatus(), "Off");
    await look(account, "account-authenticator-off");

    await account.setUp();
    const setUp = as(SetUpAuthenticatorPage, account);
    assert.equal(setUp.path(), "/account/authenticator-app");
    assert.equal(await setUp.qrCode().count(), 1, "a QR code");
    const box = await setUp.qrCode().boundingBox();
    assert.ok(box && box.width >= 150 && box.height >= 150, "big enough to scan");
    const secret = await setUp.secretKey();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await look(setUp, "authenticator-set-up");

    assert.equal(await setUp.turnOn("12345"), 400);
    assert.deepEqual(await setUp.errorMessages(), ["The code must be 6 numbers, like 123456"]);
    assert.equal(await setUp.focusedId(), "", "no script moved the focus yet");
    await look(setUp, "authenticator-set-up-error");

    const setUpAt = Date.now();
    await setUp.turnOn(codeAt(secret, setUpAt));
    assert.equal(account.path(), "/account?changed=authenticator-on");
    assert.equal(await account.authenticatorStatus(), "On");
    await look(account, "account-authenticator-on");

    await account.signOut();
    assert.equal(signIn.path(), "/sign-in");
    await signIn.signIn(ada.email, PASSWORD);
    const code = as(SignInCodePage, signIn);
    assert.equal(code.path(), "/sign-in/code");
    assert.equal(await code.signedInName(), null, "not signed in yet");
    await look(code, "sign-in-code");

    const wrong = String((Number(codeAt(secret, setUpAt + 30_000)) + 1) % 1_000_000).padStart(
      6,
      "0",
    );
    assert.equal(await code.continueWith(wrong), 400);
    assert.deepEqual(await code.errorMessages(), [
      "The code is not right. Enter the code your authenticator app shows now",
    ]);
    await look(code, "sign-in-code-wrong");

    // The next step's code: the one that set the app up cannot be used again.
    await code.continueWith(codeAt(secret, setUpAt + 30_000));
    assert.equal(code.path(), "/your-work");
    assert.equal(await code.signedInName(), "Ada Authenticator");

    await account.open();
    await account.turnOff();
    const turnOff = as(TurnOffAuthenticatorPage, account);
    await look(turnOff, "authenticator-turn-off");
    // Codes of two steps after setting up are allowed only from the step after it: wait for it.
    const nextStep = (Math.floor(setUpAt / 30_000) + 1) * 30_000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextStep - Date.now())));
    await turnOff.turnOff(codeAt(secret, nextStep + 30_000));
    assert.equal(account.path(), "/account?changed=authenticator-off");
    assert.equal(await account.authenticatorStatus(), "Off");

    await account.signOutEverywhere();
    assert.equal(account.path(), "/account/signed-out");
    assert.equal(await account.signedInName(), null);
    await look(account, "signed-out-everywhere");
    await context.close();
  });

  test("resetting a forgotten password by the emailed link", async () => {
    const fay = await person("Fay Forgot");
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const signIn = new SignInPage(await context.newPage(), app.baseUrl);
    await signIn.open();
    await look(signIn, "sign-in-with-forgotten-password-link");
    await signIn.submitWith(signIn.forgottenPasswordLink());

    const reset = as(PasswordResetPages, signIn);
    assert.equal(reset.path(), "/forgotten-password");
    await look(reset, "forgotten-password");
    assert.equal(await reset.askFor("not an address"), 400);
    assert.deepEqual(await reset.errorMessages(), [
      "Enter an email address in the correct format, like name@example.com",
    ]);
    await look(reset, "forgotten-password-error");
    await reset.askFor(fay.email);
    assert.equal(reset.path(), "/forgotten-password/sent");
    await look(reset, "forgotten-password-sent");

    const message = await mail.nextMessage();
    const link = /https:\/\/\S+/.exec(message.text ?? "")?.[0] ?? "";
    assert.ok(link.startsWith(`${PUBLIC_URL}/reset-password?token=`), link);
    await reset.goto(link.slice(PUBLIC_URL.length));
    assert.equal(await reset.heading().textContent(), "Choose a new password");
    await look(reset, "reset-password");

    assert.equal(await reset.setPassword("short"), 400);
    assert.deepEqual(await reset.errorMessages(), ["Your password must be 12 characters or more"]);
    await look(reset, "reset-password-error");
    assert.equal(await reset.setPassword("a long new password", "a different one"), 400);
    assert.deepEqual(await reset.errorMessages(), ["Enter the same password in both boxes"]);
    await reset.setPassword("a long new password");
    assert.equal(reset.path(), "/reset-password/done");
    await look(reset, "password-changed");

    await signIn.open();
    await signIn.signIn(fay.email, "a long new password");
    assert.equal(signIn.path(), "/your-work");

    await reset.goto(link.slice(PUBLIC_URL.length));
    assert.equal(await reset.heading().textContent(), "This link does not work");
    await look(reset, "reset-link-used");
    await context.close();
  });
});
