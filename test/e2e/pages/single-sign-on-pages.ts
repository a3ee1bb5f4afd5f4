import type { Locator } from "playwright-core";
import { BasePage } from "./base-page.ts";
import { SignInPage } from "./sign-in-page.ts";

/** The sign-in page's single sign-on buttons, one per partnership with a provider. */
export class SignInWithProviderPage extends SignInPage {
  /** Every "Sign in with …" button. */
  providerButtons(): Locator {
    return this.byQa("single-sign-on");
  }

  providerButton(label: string): Locator {
    return this.page.getByRole("button", { name: `Sign in with ${label}`, exact: true });
  }

  /** Presses "Sign in with <label>"; returns the status of the page that follows (the provider's). */
  pressSignInWith(label: string): Promise<number> {
    return this.submitWith(this.providerButton(label));
  }
}

/**
 * The test provider's own sign-in page (oidc-provider's development pages): not Resolve's, so
 * not held to its standards; only filled in. Any password will do; the login names the account.
 */
export class ProviderSignInPage extends BasePage {
  async signInAs(login: string): Promise<number> {
    await this.page.locator('input[name="login"]').fill(login);
    await this.page.locator('input[name="password"]').fill("any password");
    return this.submitWith(this.page.locator('button[type="submit"]'));
  }
}

/** /admin/single-sign-on: the partnership's provider, for its administrators. */
export class SingleSignOnAdminPage extends BasePage {
  open() {
    return this.goto("/admin/single-sign-on");
  }

  /** What is set now, as the summary list shows it: key → value. */
  async saved(): Promise<Record<string, string>> {
    const rows = this.byQa("saved").locator(".govuk-summary-list__row");
    const entries: [string, string][] = [];
    for (const row of await rows.all()) {
      const key = (await row.locator(".govuk-summary-list__key").textContent())?.trim() ?? "";
      const value = (await row.locator(".govuk-summary-list__value").textContent())?.trim() ?? "";
      entries.push([key, value]);
    }
    return Object.fromEntries(entries);
  }

  callbackUrl(): Promise<string | null> {
    return this.byQa("callback-url").textContent();
  }

  /** Fills in what is given (the rest left as it is) and presses Save. */
  async save(fields: {
    label?: string;
    issuer?: string;
    clientId?: string;
    clientSecret?: string;
  }): Promise<number> {
    const boxes: [string, string | undefined][] = [
      ["Name of the account", fields.label],
      ["Issuer URL", fields.issuer],
      ["Client ID", fields.clientId],
      ["Client secret", fields.clientSecret],
    ];
    for (const [label, value] of boxes) {
      if (value !== undefined) await this.page.getByLabel(label, { exact: true }).fill(value);
    }
    return this.submitWith(this.byQa("save"));
  }

  /** The rows of the changes table: [when, who, what]. */
  async changes(): Promise<string[][]> {
    const rows = this.byQa("changes").locator("tbody tr");
    return Promise.all(
      (await rows.all()).map(async (row) =>
        (await row.locator("td").allTextContents()).map((text) => text.trim()),
      ),
    );
  }
}
