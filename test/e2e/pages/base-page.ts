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
    page.on("requestfailed", (request) =>
      this.problems.push(`failed: ${request.url()} ${request.failure()?.errorText ?? ""}`),
    );
    page.on("response", (response) => {
      const isPage = response.request().resourceType() === "document";
      if (!isPage && response.status() >= 400) {
        this.problems.push(`${response.status()}: ${response.url()}`);
      }
    });
  }

  /** Opens a path of the app, e.g. `/dev/example`, and waits until it has loaded. */
  async goto(path: string): Promise<Response | null> {
    return this.page.goto(new URL(path, this.baseUrl).href, { waitUntil: "load" });
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
}
