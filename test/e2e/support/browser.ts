import { existsSync } from "node:fs";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
} from "playwright-core";

/** Debian's Chromium: the browser tests use the system's browser, never a downloaded one. */
export const CHROMIUM = "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/**
 * Starts Chromium. One per spec file: launch it in `before`, close it in `after`, and open a
 * fresh context or page per test. Fails, never skips, when Chromium is missing.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM}. Install Debian's chromium: ` +
        "sudo apt-get install chromium (CI installs it in .ci/run).",
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/**
 * A context whose pages render as they do without JavaScript (none of the app's scripts run:
 * they arrive empty), but in which tools such as axe can still run. axe cannot run where
 * JavaScript is disabled outright (`javaScriptEnabled: false`): its timers never fire.
 */
export async function contextWithoutAppScripts(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.route(/\/assets\/.*\.m?js(\?|$)/, (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript", body: "" }),
  );
  return context;
}
