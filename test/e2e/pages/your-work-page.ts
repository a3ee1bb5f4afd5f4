import type { Locator } from "playwright-core";
import { BasePage } from "./base-page.ts";

/**
 * Waits until the page has stopped loading anything, the icon included: leaving sooner cancels
 * the icon's request, which BasePage counts as a problem.
 */
export async function settled(page: BasePage): Promise<void> {
  await page.page.waitForLoadState("networkidle");
}

/** Your work: /your-work, the running escalations of the person's agency or team. */
export class YourWorkPage extends BasePage {
  async open() {
    const response = await this.goto("/your-work");
    await settled(this);
    return response;
  }

  /** One summary card per escalation. */
  escalations(): Locator {
    return this.page.locator(".govuk-summary-card").filter({ has: this.byQa("escalation") });
  }

  /** The escalations' references, in the order shown. */
  async references(): Promise<string[]> {
    return (await this.byQa("reference").allTextContents()).map((text) =>
      text.replace(/,.*$/s, "").trim(),
    );
  }

  /** The text of each escalation's deadline tag, in order ("Overdue", "Due today", …). */
  async deadlineTags(): Promise<string[]> {
    return (await this.page.locator(".app-deadline-tag").allTextContents()).map((text) =>
      text.replace(/\s+/g, " ").trim(),
    );
  }

  overdueSummary(): Locator {
    return this.byQa("overdue-summary");
  }

  emptyState(): Locator {
    return this.byQa("empty");
  }

  raiseButton(): Locator {
    return this.byQa("raise").first();
  }
}
