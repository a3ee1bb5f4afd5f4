import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Locator, Page, Response } from "playwright-core";
import { accessibilityViolations, describeViolations } from "../support/axe.ts";

/**
 * The few browser globals the page objects use inside `evaluate` (the project's TypeScript has
 * no DOM library; functions passed to `evaluate` run in the page and cannot share code).
 */
interface BrowserGlobals {
  getComputedStyle(element: unknown): { getPropertyValue(name: string): string };
  document: {
    activeElement: { id: string } | null;
    documentElement: { scrollWidth: number; clientWidth: number };
    fonts: { ready: Promise<unknown> };
  };
}

/** Where screenshots go (git-ignored). Look at them: they are how the pages get checked by eye. */
export const SCREENSHOTS = fileURLToPath(new URL("../screenshots/", import.meta.url));

/**
 * What every page object can do. A feature's page extends it with its own questions and
 * actions (`fillAgency(name)`, `continue()`), finding elements by role, label or `data-qa`.
 */
export class BasePage {
  readonly page: Page;
  readonly baseUrl: string;
  /** Console errors, script errors, Content-Security-Policy refusals and failed assets, as seen. */
  readonly problems: string[] = [];
  /** Every URL the page asked for. */
  readonly requests: string[] = [];

  constructor(page: Page, baseUrl: string) {
    this.page = page;
    this.baseUrl = baseUrl;
    page.on("console", (message) => {
      // A status of 400 or more is logged for the page itself too; failed assets are caught below.
      const failedLoad = message.text().startsWith("Failed to load resource");
      if (message.type() === "error" && !failedLoad)
        this.problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => this.problems.push(`script error: ${error.message}`));
    page.on("request", (request) => this.requests.push(request.url()));
    page.on("requestfailed", (request) => {
      const reason = request.failure()?.errorText ?? "";
      // Leaving a page cancels what it was still loading: that is navigation, not a fault.
      if (reason === "net::ERR_ABORTED") return;
      this.problems.push(`failed: ${request.url()} ${reason}`);
    });
    page.on("response", (response) => {
      const isPage = response.request().resourceType() === "document";
      if (!isPage && response.status() >= 400) {
        this.problems.push(`${response.status()}: ${response.url()}`);
      }
    });
  }

  /** Opens a path of the app, e.g. `/sign-in`, and waits until it has loaded. */
  async goto(path: string): Promise<Response | null> {
    const response = await this.page.goto(new URL(path, this.baseUrl).href, { waitUntil: "load" });
    await this.scriptsReady();
    return response;
  }

  /**
   * Waits until the app's script has started GOV.UK Frontend and MoJ Frontend. They load after
   * the page's load event (application.mjs imports them), so a test acting at once could leave
   * before they had run, or cut them off. Pages whose scripts do not run are ready at once.
   */
  async scriptsReady(): Promise<void> {
    const classes = await this.page.locator("body").getAttribute("class");
    if (!/\bgovuk-frontend-supported\b/.test(classes ?? "")) return;
    await this.page.waitForFunction(() =>
      performance
        .getEntriesByType("resource")
        .some((entry) => entry.name.includes("/assets/moj/moj-frontend.min.js")),
    );
  }

  /**
   * Saves a screenshot as test/e2e/screenshots/<name>.png and returns its path: the whole page,
   * or with `{ fullPage: false }` what is in view.
   */
  async screenshot(name: string, options: { fullPage?: boolean } = {}): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = `${SCREENSHOTS}${name}.png`;
    await this.page.screenshot({ path, fullPage: options.fullPage ?? true });
    return path;
  }

  /**
   * Fails, listing every violation, unless the page meets WCAG 2.2 AA as axe-core checks it.
   * Needs JavaScript in the page: for the page as it is without, use `contextWithoutAppScripts`.
   */
  async checkAccessibility(): Promise<void> {
    const violations = await accessibilityViolations(this.page);
    if (violations.length > 0) {
      throw new Error(
        `${this.page.url()} has ${violations.length} accessibility violation(s):\n${describeViolations(violations)}`,
      );
    }
  }

  /** Fails if anything went wrong in the browser (see `problems`). */
  expectNoProblems(): void {
    if (this.problems.length > 0) {
      throw new Error(
        `${this.page.url()}: problems in the browser:\n  ${this.problems.join("\n  ")}`,
      );
    }
  }

  /** A CSS property's computed value on an element, e.g. `style(heading(), "font-size")`. */
  style(locator: Locator, property: string): Promise<string> {
    return locator.evaluate(
      (element, name) =>
        (globalThis as unknown as BrowserGlobals).getComputedStyle(element).getPropertyValue(name),
      property,
    );
  }

  /** The id of the element that has the focus ("" if none or it has no id). */
  async focusedId(): Promise<string> {
    return this.page.evaluate(
      () => (globalThis as unknown as BrowserGlobals).document.activeElement?.id ?? "",
    );
  }

  /** How many pixels the page runs off to the side (0 when it fits its window). */
  horizontalOverflow(): Promise<number> {
    return this.page.evaluate(() => {
      const root = (globalThis as unknown as BrowserGlobals).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
  }

  /** Waits until the page's fonts have loaded (or failed to). */
  async fontsReady(): Promise<void> {
    await this.page.evaluate(async () => {
      await (globalThis as unknown as BrowserGlobals).document.fonts.ready;
    });
  }

  heading(): Locator {
    return this.page.locator("h1");
  }

  /** An element by its `data-qa` hook. */
  byQa(name: string): Locator {
    return this.page.locator(`[data-qa="${name}"]`);
  }

  errorSummary(): Locator {
    return this.byQa("error-summary");
  }

  /** The error summary's messages, in order. */
  errorMessages(): Promise<string[]> {
    return this.errorSummary().locator("a").allTextContents();
  }

  /** The path of the page now showing, with its query, e.g. `/sign-in?returnTo=%2Flog`. */
  path(): string {
    const url = new URL(this.page.url());
    return `${url.pathname}${url.search}`;
  }

  /** The header's signed-in part: the person's name and Sign out, present only when signed in. */
  signedIn(): Locator {
    return this.byQa("signed-in");
  }

  /** Who the header says is signed in, or null when no one is. */
  async signedInName(): Promise<string | null> {
    if ((await this.signedIn().count()) === 0) return null;
    return (await this.signedIn().locator(".app-signed-in__name").textContent())?.trim() ?? null;
  }

  /** Presses Sign out in the header and waits for the page it leads to (sign in). */
  async signOut(): Promise<void> {
    await this.submitWith(this.byQa("sign-out"));
  }

  /**
   * Presses a form's button and waits until the page that comes back has loaded: the same page
   * with its errors, or (after a redirect) wherever the form led. Returns that page's status.
   */
  async submitWith(button: Locator): Promise<number> {
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (each) =>
          each.request().isNavigationRequest() &&
          each.request().frame() === this.page.mainFrame() &&
          (each.status() < 300 || each.status() >= 400),
      ),
      this.page.waitForEvent("load"),
      button.click(),
    ]);
    await this.scriptsReady();
    return response.status();
  }
}
