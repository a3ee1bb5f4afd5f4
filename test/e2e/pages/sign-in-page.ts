import type { Locator } from "playwright-core";
import { BasePage } from "./base-page.ts";

/** Sign in to Resolve: /sign-in, with an email address and a password. */
export class SignInPage extends BasePage {
  /** Opens the page; `returnTo` is where signing in should lead. */
  open(returnTo?: string) {
    return this.goto(
      returnTo === undefined ? "/sign-in" : `/sign-in?returnTo=${encodeURIComponent(returnTo)}`,
    );
  }

  email(): Locator {
    return this.page.getByLabel("Email address");
  }

  password(): Locator {
    return this.page.getByLabel("Password", { exact: true });
  }

  /** GOV.UK Frontend's Show/Hide button beside the password; there only when its script runs. */
  showPassword(): Locator {
    return this.page.locator(".govuk-password-input__toggle");
  }

  signInButton(): Locator {
    return this.page.getByRole("button", { name: "Sign in", exact: true });
  }

  /** "Forgotten your password?", under the form. */
  forgottenPasswordLink(): Locator {
    return this.byQa("forgotten-password-link");
  }

  /** The link to the demo people, shown in demo mode. */
  demoSignInLink(): Locator {
    return this.byQa("demo-sign-in-link");
  }

  /** Fills in what is given and presses Sign in; returns the status of the page that follows. */
  async signIn(email: string, password: string): Promise<number> {
    await this.email().fill(email);
    await this.password().fill(password);
    return this.submitWith(this.signInButton());
  }
}

/** Sign in as a demo person: /demo/sign-in, in demo mode only. */
export class DemoSignInPage extends BasePage {
  open() {
    return this.goto("/demo/sign-in");
  }

  /** The names of the agencies and the partnership, as the page groups the people. */
  groups(): Promise<string[]> {
    return this.page.locator("h2").allTextContents();
  }

  /** Every "Sign in as …" button. */
  people(): Locator {
    return this.byQa("sign-in-as");
  }

  /** Signs in as the person of this name; returns the status of the page that follows. */
  chooseNamed(name: string): Promise<number> {
    return this.submitWith(
      this.people().filter({ hasText: new RegExp(`^\\s*Sign in as ${name},`) }),
    );
  }
}
