import type { Locator } from "playwright-core";
import { BasePage } from "./base-page.ts";

// The pages of a local account beyond signing in: the authenticator app's code, Your account,
// setting up and turning off the app, and resetting a forgotten password.

/** A page with the authenticator app's code field. */
class CodeFieldPage extends BasePage {
  code(): Locator {
    return this.page.locator("#code");
  }

  /** Types the code and presses the page's button; returns the status of the page that follows. */
  async enterCode(code: string, button: string): Promise<number> {
    await this.code().fill(code);
    return this.submitWith(this.page.getByRole("button", { name: button, exact: true }));
  }
}

/** /sign-in/code: the second step of signing in for someone with an authenticator app. */
export class SignInCodePage extends CodeFieldPage {
  continueWith(code: string): Promise<number> {
    return this.enterCode(code, "Continue");
  }
}

/** /account: Your account. */
export class AccountPage extends BasePage {
  open() {
    return this.goto("/account");
  }

  /** The header's link here, on every signed-in page. */
  headerLink(): Locator {
    return this.byQa("account-link");
  }

  /** "On" or "Off". */
  async authenticatorStatus(): Promise<string> {
    return ((await this.byQa("authenticator-status").textContent()) ?? "").trim();
  }

  setUp(): Promise<number> {
    return this.submitWith(this.byQa("set-up-link"));
  }

  turnOff(): Promise<number> {
    return this.submitWith(this.byQa("turn-off-link"));
  }

  signOutEverywhere(): Promise<number> {
    return this.submitWith(this.byQa("sign-out-everywhere"));
  }
}

/** /account/authenticator-app: the QR code, the key, and the code that turns the app on. */
export class SetUpAuthenticatorPage extends CodeFieldPage {
  qrCode(): Locator {
    return this.byQa("qr-code").locator("svg");
  }

  /** The key as shown for typing into an app, without its spaces. */
  async secretKey(): Promise<string> {
    return ((await this.byQa("secret-key").textContent()) ?? "").replace(/\s+/g, "");
  }

  turnOn(code: string): Promise<number> {
    return this.enterCode(code, "Turn on");
  }
}

/** /account/authenticator-app/turn-off */
export class TurnOffAuthenticatorPage extends CodeFieldPage {
  turnOff(code: string): Promise<number> {
    return this.enterCode(code, "Turn off");
  }
}

/** /forgotten-password, and the pages the emailed link leads to. */
export class PasswordResetPages extends BasePage {
  email(): Locator {
    return this.page.getByLabel("Email address");
  }

  /** Asks for a link for this address; returns the status of the page that follows. */
  async askFor(email: string): Promise<number> {
    await this.email().fill(email);
    return this.submitWith(this.byQa("send-link"));
  }

  newPassword(): Locator {
    return this.page.getByLabel("New password", { exact: true });
  }

  confirmation(): Locator {
    return this.page.getByLabel("Enter the new password again");
  }

  /** Types the new password and its confirmation and presses Set the new password. */
  async setPassword(password: string, again = password): Promise<number> {
    await this.newPassword().fill(password);
    await this.confirmation().fill(again);
    return this.submitWith(this.byQa("set-password"));
  }
}
