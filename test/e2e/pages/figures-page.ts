import { BasePage } from "./base-page.ts";

/** The partnership team's figures, /partnership/figures: a summary and tables of counts. */
export class FiguresPage extends BasePage {
  open() {
    return this.goto("/partnership/figures");
  }

  /** "Key: value" for each line of the summary. */
  async summary(): Promise<string[]> {
    const rows = await this.byQa("summary").locator(".govuk-summary-list__row").all();
    return Promise.all(
      rows.map(async (row) => {
        const key = await row.locator(".govuk-summary-list__key").textContent();
        const value = await row.locator(".govuk-summary-list__value").textContent();
        return `${key?.trim()}: ${value?.trim()}`;
      }),
    );
  }

  /** Each body row of the tables marked `qa`, as its cells' texts. */
  async table(qa: string): Promise<string[][]> {
    const rows = await this.byQa(qa).locator("tbody tr").all();
    return Promise.all(
      rows.map(async (row) =>
        (await row.locator("th, td").allTextContents()).map((text) => text.trim()),
      ),
    );
  }
}
