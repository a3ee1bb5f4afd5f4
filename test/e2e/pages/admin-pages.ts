import type { Locator } from "playwright-core";
import { BasePage } from "./base-page.ts";
import { settled } from "./your-work-page.ts";

/** A GOV.UK date as the three boxes take it: YYYY-MM-DD → day, month, year. */
function dateParts(date: string): [string, string, string] {
  const [year = "", month = "", day = ""] = date.split("-");
  return [String(Number(day)), String(Number(month)), year];
}

/**
 * Administration, /admin: the sections behind MoJ's sub-navigation, their lists and summary
 * lists, and the forms that add and change agencies, people, role inboxes, delegates and settings.
 */
export class AdminPages extends BasePage {
  async open(path = "/admin/agencies") {
    const response = await this.goto(path);
    await settled(this);
    return response;
  }

  /** The sub-navigation's sections, in order, and the one marked current. */
  async sections(): Promise<{ names: string[]; current: string | null }> {
    const links = this.page.locator(".moj-sub-navigation__link");
    const names = (await links.allTextContents()).map((name) => name.trim());
    const current = await this.page
      .locator('.moj-sub-navigation__link[aria-current="page"]')
      .textContent();
    return { names, current: current?.trim() ?? null };
  }

  /** Follows a link or presses a button and waits for the page it leads to. */
  async follow(target: Locator): Promise<void> {
    await this.submitWith(target);
    await settled(this);
  }

  /** Goes to a section through the sub-navigation. */
  section(name: string): Promise<void> {
    return this.follow(this.page.locator(".moj-sub-navigation__link", { hasText: name }));
  }

  /** The green confirmation banner's words, or null. */
  async success(): Promise<string | null> {
    const heading = this.byQa("success").locator(".govuk-notification-banner__heading");
    return (await heading.count()) === 0 ? null : ((await heading.textContent())?.trim() ?? null);
  }

  submit(): Promise<void> {
    return this.follow(this.byQa("submit"));
  }

  /** The value shown beside a key in a summary list. */
  summaryValue(key: string): Locator {
    return this.page
      .locator(".govuk-summary-list__row", {
        has: this.page.locator(".govuk-summary-list__key", { hasText: key }),
      })
      .locator(".govuk-summary-list__value");
  }

  /** Presses the Change link of a summary list row. */
  change(key: string): Promise<void> {
    return this.follow(
      this.page
        .locator(".govuk-summary-list__row", {
          has: this.page.locator(".govuk-summary-list__key", { hasText: key }),
        })
        .getByRole("link", { name: /^Change/ }),
    );
  }

  /** The rows of the page's table (its `data-qa` names them: agency, person, inbox, change). */
  rows(qa: string): Locator {
    return this.byQa(qa);
  }

  async addAgency(name: string, sector: string): Promise<void> {
    await this.follow(this.byQa("add-agency"));
    await this.page.getByLabel("Name", { exact: true }).fill(name);
    await this.page.getByLabel(sector, { exact: true }).check();
    await this.submit();
  }

  async addPerson(details: {
    name: string;
    email: string;
    jobTitle?: string;
    agency: string;
    roles: string[];
  }): Promise<void> {
    await this.follow(this.byQa("add-person"));
    await this.page.getByLabel("Full name").fill(details.name);
    await this.page.getByLabel("Email address").fill(details.email);
    if (details.jobTitle !== undefined) {
      await this.page.getByLabel("Job title (optional)").fill(details.jobTitle);
    }
    await this.page.getByLabel("Agency").selectOption({ label: details.agency });
    for (const role of details.roles) {
      await this.page.getByLabel(role, { exact: true }).check();
    }
    await this.submit();
  }

  /** Adds an inbox (its name left to be made from the role and agency) and lands on its members. */
  async addInbox(agency: string, role: string): Promise<void> {
    await this.follow(this.byQa("add-inbox"));
    await this.page.getByLabel("Agency").selectOption({ label: agency });
    await this.page.getByLabel("Role", { exact: true }).selectOption({ label: role });
    await this.submit();
  }

  async chooseMembers(names: string[]): Promise<void> {
    for (const name of names) await this.page.getByLabel(name, { exact: true }).check();
    await this.submit();
  }

  /** Fills the delegate form: who, and the first and last days (YYYY-MM-DD). */
  async fillDelegate(delegate: string, from: string, to: string): Promise<void> {
    await this.page.locator("#delegate").selectOption({ label: delegate });
    const boxes = ["day", "month", "year"];
    for (const [prefix, date] of [
      ["from", from],
      ["to", to],
    ] as const) {
      const parts = dateParts(date);
      for (const [index, box] of boxes.entries()) {
        await this.page.locator(`#${prefix}-${box}`).fill(parts[index] ?? "");
      }
    }
  }

  /** The record of views' rows as "who, agency: reference, what". */
  async viewLines(): Promise<string[]> {
    const rows = await this.rows("view").all();
    return Promise.all(
      rows.map(async (row) => {
        const cells = (await row.locator("td").allInnerTexts()).map((text) =>
          text.replace(/\s+/g, " ").trim(),
        );
        return `${cells[1]}: ${cells[2]}, ${cells[3]}`;
      }),
    );
  }

  /** Filters the record of views by what is given, and shows it. */
  async filterViews(filter: { reference?: string; person?: string }): Promise<void> {
    await this.page.getByLabel("Escalation reference").fill(filter.reference ?? "");
    await this.page.getByLabel("Person").selectOption({ label: filter.person ?? "Everyone" });
    await this.follow(this.byQa("filter"));
  }

  /** The history's rows as "who: what subject". */
  async historyLines(): Promise<string[]> {
    const rows = await this.rows("change").all();
    return Promise.all(
      rows.map(async (row) => {
        const who = (await row.locator('[data-qa="who"]').textContent())?.trim();
        const what = (await row.locator('[data-qa="what"]').textContent())?.trim();
        const subject = await row.locator("td strong").allTextContents();
        return [`${who}: ${what}`, ...subject.map((text) => text.trim())].join(" ");
      }),
    );
  }
}
