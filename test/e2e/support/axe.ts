import type { AxeResults, Result } from "axe-core";
import axe from "axe-core";
import type { Page } from "playwright-core";

/** WCAG 2.2 AA, which public sector services must meet. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

interface AxeInPage {
  run(options: {
    runOnly: { type: "tag"; values: string[] };
    resultTypes: string[];
  }): Promise<AxeResults>;
}

/**
 * Runs axe-core in the page against WCAG 2.2 AA and returns its violations. The source goes in
 * through the DevTools protocol, which the page's Content-Security-Policy does not apply to, so
 * the policy stays on while the page is checked.
 */
export async function accessibilityViolations(page: Page): Promise<Result[]> {
  const loaded = await page.evaluate(() => "axe" in globalThis);
  if (!loaded) await page.evaluate(axe.source);
  const results = await page.evaluate(
    (tags) =>
      (globalThis as unknown as { axe: AxeInPage }).axe.run({
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
      }),
    WCAG_TAGS,
  );
  return results.violations;
}

/** One line per violation and an indented line per element, for a failing test's message. */
export function describeViolations(violations: readonly Result[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes.map(
        (node) =>
          `    ${node.target.join(" ")}: ${node.failureSummary?.replace(/\s+/g, " ") ?? ""}`,
      );
      return [
        `  ${violation.id} (${violation.impact}): ${violation.help} ${violation.helpUrl}`,
        ...nodes,
      ].join("\n");
    })
    .join("\n");
}
