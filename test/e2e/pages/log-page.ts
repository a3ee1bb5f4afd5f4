import type { Locator } from "playwright-core";
import { BasePage } from "./base-page.ts";
import { settled } from "./your-work-page.ts";

/** The log: /log, every escalation the person may see, filtered and a page at a time. */
export class LogPage extends BasePage {
  async open(query = "") {
    const response = await this.goto(query === "" ? "/log" : `/log?${query}`);
    await settled(this);
    return response;
  }

  rows(): Locator {
    return this.byQa("escalation");
  }

  /** The escalations' references, in the order shown. */
  references(): Promise<string[]> {
    return this.byQa("reference").allTextContents();
  }

  /** The visible text of each row's deadline tag ("Overdue", "Due today", …). */
  async deadlineTags(): Promise<string[]> {
    const texts = await this.rows().locator(".app-deadline-tag").allTextContents();
    // Screen readers also hear the date, "(was due Tue 27 May 2025)": not shown, so left out.
    return texts.map((text) =>
      text
        .replace(/\s+/g, " ")
        .replace(/\s*\((?:was )?due [^)]*\)\s*$/, "")
        .trim(),
    );
  }

  overdueOnly(): Locator {
    return this.page.getByLabel("Overdue only");
  }

  stage(): Locator {
    return this.page.getByLabel("Stage", { exact: true });
  }

  /** The chosen filters' values, as their removal links show them. */
  async selectedFilters(): Promise<string[]> {
    const tags = await this.page
      .locator(".moj-filter__selected .moj-filter__tag")
      .allTextContents();
    return tags.map((tag) =>
      tag
        .replace(/Remove this filter, [^:]*:/, "")
        .replace(/\s+/g, " ")
        .trim(),
    );
  }

  filters(): Locator {
    return this.byQa("filters");
  }

  /** Presses a link or button and waits for the log page it leads to. */
  private async follow(target: Locator): Promise<void> {
    await Promise.all([this.page.waitForEvent("load"), target.click()]);
    await settled(this);
  }

  applyFilters(): Promise<void> {
    return this.follow(this.byQa("apply-filters"));
  }

  nextPageLink(): Locator {
    return this.byQa("next-page");
  }

  firstPageLink(): Locator {
    return this.byQa("first-page");
  }

  nextPage(): Promise<void> {
    return this.follow(this.nextPageLink());
  }

  firstPage(): Promise<void> {
    return this.follow(this.firstPageLink());
  }

  pageCount(): Promise<string | null> {
    return this.byQa("page-count").textContent();
  }
}
