import type { Result } from "axe-core";
import type { Locator } from "playwright-core";
import { accessibilityViolations, describeViolations } from "../support/axe.ts";
import { BasePage } from "./base-page.ts";

/** The whitespace of a text squeezed to single spaces. */
const squeeze = (text: string | null) => (text ?? "").replace(/\s+/g, " ").trim();

/** One escalation: /escalations/:id, its stage, deadline, actions and timeline. */
export class EscalationPage extends BasePage {
  open(id: string) {
    return this.goto(`/escalations/${id}`);
  }

  /** "Stage 2 – second-tier managers", with ", round 2" where it repeats. */
  async stageName(): Promise<string> {
    return squeeze(
      await this.byQa("stage-name").evaluate(
        (element) => element.lastChild?.textContent ?? element.textContent,
      ),
    );
  }

  async status(): Promise<string> {
    return squeeze(await this.byQa("status").first().textContent());
  }

  /** The current stage's deadline block: tag, date and explanation. */
  stageDeadline(): Locator {
    return this.byQa("stage-deadline");
  }

  async stageDeadlineText(): Promise<string> {
    return squeeze(await this.stageDeadline().textContent());
  }

  /** The procedure's date and the child-safety date, where they differ. */
  async deadlineDates(): Promise<string> {
    return squeeze(await this.byQa("stage-deadline-dates").textContent());
  }

  /** The action types offered under "What you can do", in order. */
  async offeredActions(): Promise<string[]> {
    const links = this.byQa("available-actions").locator("a");
    const qas = await links.evaluateAll((elements) =>
      elements.map((element) => element.getAttribute("data-qa") ?? ""),
    );
    return qas.map((qa) => qa.replace(/^action-/, ""));
  }

  action(type: string): Locator {
    return this.byQa(`action-${type}`);
  }

  /** Follows an action's link to its form. */
  async chooseAction(type: string): Promise<ActionFormPage> {
    await Promise.all([
      this.page.waitForURL(/\/escalations\/[^/]+\/[a-z-]+$/),
      this.action(type).click(),
    ]);
    await this.scriptsReady();
    return new ActionFormPage(this.page, this.baseUrl);
  }

  successBanner(): Locator {
    return this.byQa("success");
  }

  async successText(): Promise<string> {
    return squeeze(
      await this.successBanner().locator(".govuk-notification-banner__content").textContent(),
    );
  }

  /** The timeline's titles, newest first. */
  async timelineTitles(): Promise<string[]> {
    return (await this.page.locator(".moj-timeline__title").allTextContents()).map(squeeze);
  }

  /** The timeline's items as "title by byline". */
  async timelineItems(): Promise<string[]> {
    return (
      await this.byQa("timeline-item").locator(".moj-timeline__header").allTextContents()
    ).map(squeeze);
  }

  async summaryText(): Promise<string> {
    return squeeze(await this.byQa("summary").textContent());
  }

  recordLink(): Locator {
    return this.page.getByRole("link", { name: "Record for the child’s file" });
  }
}

/**
 * GOV.UK Frontend's conditional reveal sets `aria-expanded` on the radio that reveals content,
 * which ARIA does not list for radios. GOV.UK keeps it on purpose, as screen readers announce it
 * (alphagov/govuk-frontend#979, a known issue); only that finding is let through.
 */
function govukConditionalReveal(violation: Result): boolean {
  return (
    violation.id === "aria-allowed-attr" &&
    violation.nodes.every(
      (node) =>
        node.html.includes('class="govuk-radios__input"') &&
        node.html.includes("aria-controls=") &&
        /aria-expanded="(true|false)"/.test(node.html),
    )
  );
}

/** An action's form under /escalations/:id/…: fields by label, dates and times by their boxes. */
export class ActionFormPage extends BasePage {
  /** As every page's check, but allowing GOV.UK's conditionally revealed radios (see above). */
  override async checkAccessibility(): Promise<void> {
    const violations = (await accessibilityViolations(this.page)).filter(
      (violation) => !govukConditionalReveal(violation),
    );
    if (violations.length > 0) {
      throw new Error(
        `${this.page.url()} has ${violations.length} accessibility violation(s):\n${describeViolations(violations)}`,
      );
    }
  }

  async fillDate(prefix: string, date: { day: number; month: number; year: number }) {
    await this.page.locator(`#${prefix}-day`).fill(String(date.day));
    await this.page.locator(`#${prefix}-month`).fill(String(date.month));
    await this.page.locator(`#${prefix}-year`).fill(String(date.year));
  }

  async fillTime(prefix: string, hour: number, minute: number) {
    await this.page.locator(`#${prefix}-hour`).fill(String(hour));
    await this.page.locator(`#${prefix}-minute`).fill(String(minute).padStart(2, "0"));
  }

  /** A text field or textarea by its id (its name). */
  field(name: string): Locator {
    return this.page.locator(`#${name}`);
  }

  async fill(values: Record<string, string>) {
    for (const [name, value] of Object.entries(values)) await this.field(name).fill(value);
  }

  /** Chooses a radio by its label. */
  async choose(label: string) {
    await this.page.getByLabel(label, { exact: true }).check();
  }

  /** The hint under a field. */
  async hintOf(name: string): Promise<string> {
    return squeeze(await this.page.locator(`#${name}-hint`).textContent());
  }

  /** The hidden version of the escalation this form was opened at. */
  version(): Promise<string | null> {
    return this.page.locator('input[name="version"]').getAttribute("value");
  }

  submitButton(): Locator {
    return this.byQa("submit");
  }

  /** Presses the form's button; returns the status of the page that comes back. */
  submit(): Promise<number> {
    return this.submitWith(this.submitButton());
  }

  /** The notice that the escalation changed while the form was open. */
  conflict(): Locator {
    return this.byQa("conflict");
  }

  async conflictChanges(): Promise<string[]> {
    return (await this.byQa("conflict-changes").locator("li").allTextContents()).map(squeeze);
  }

  /** Afterwards, the escalation's page (after a 303 back to it). */
  escalationPage(): EscalationPage {
    return new EscalationPage(this.page, this.baseUrl);
  }
}

/** The printable record for the child's file: /escalations/:id/record. */
export class RecordPage extends BasePage {
  open(id: string) {
    return this.goto(`/escalations/${id}/record`);
  }

  async text(): Promise<string> {
    return squeeze(await this.page.locator("main").textContent());
  }

  printInstruction(): Locator {
    return this.byQa("print");
  }
}
