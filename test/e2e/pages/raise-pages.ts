import type { Locator } from "playwright-core";
import { BasePage } from "./base-page.ts";

// The pages of raising an escalation (src/web/routes/raise/): the triage and kind questions,
// what to do instead, the details form, check your answers and the confirmation.

/** A question page: one question answered with radios (triage, the track, child or theme, start). */
export class RaiseQuestionPage extends BasePage {
  /** The question, without the caption above it. */
  async question(): Promise<string> {
    const heading = (await this.heading().textContent()) ?? "";
    const caption = (await this.heading().locator(".govuk-caption-l").textContent()) ?? "";
    return heading.replace(caption, "").replace(/\s+/g, " ").trim();
  }

  /** The radios' labels, in order. */
  async choices(): Promise<string[]> {
    return (await this.page.locator(".govuk-radios__label").allTextContents()).map((text) =>
      text.trim(),
    );
  }

  choice(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  /** Chooses an answer by its label and presses Continue; returns the next page's status. */
  async answer(label: string): Promise<number> {
    await this.choice(label).check();
    return this.continue();
  }

  continue(): Promise<number> {
    return this.submitWith(this.byQa("continue"));
  }

  backLink(): Locator {
    return this.page.locator(".govuk-back-link");
  }
}

/** What to do instead, after a triage "yes". */
export class RaiseInsteadPage extends BasePage {
  redirect(): Locator {
    return this.byQa("redirect");
  }

  contact(): Locator {
    return this.byQa("contact");
  }

  /** "Continue to raise the disagreement": only where the procedure says act, then come back. */
  continueLink(): Locator {
    return this.byQa("continue");
  }

  changeAnswer(): Locator {
    return this.byQa("change-answer");
  }
}

/** The escalation's details: one form in fieldsets. */
export class RaiseDetailsPage extends BasePage {
  childReference(): Locator {
    return this.page.locator("#child-reference");
  }

  async dateOfBirth(day: string, month: string, year: string): Promise<void> {
    await this.page.locator("#dob-day").fill(day);
    await this.page.locator("#dob-month").fill(month);
    await this.page.locator("#dob-year").fill(year);
  }

  /** A radio or checkbox of a group (`child-status`, `category`, …) by its label. */
  option(group: string, label: string | RegExp): Locator {
    return this.page
      .locator(`.govuk-form-group:has(input[name="${group}"])`)
      .getByLabel(label, { exact: true });
  }

  text(field: "challenged" | "tried" | "evidence" | "outcome"): Locator {
    return this.page.locator(`#${field}`);
  }

  async earlierDeadline(date: [string, string, string], time?: [string, string]): Promise<void> {
    await this.page.locator("#safety-day").fill(date[0]);
    await this.page.locator("#safety-month").fill(date[1]);
    await this.page.locator("#safety-year").fill(date[2]);
    if (time !== undefined) {
      await this.page.locator("#safety-hour").fill(time[0]);
      await this.page.locator("#safety-minute").fill(time[1]);
    }
  }

  /** What the page says about where the escalation will start. */
  scope(): Locator {
    return this.byQa("scope");
  }

  /** Fills in a complete escalation about a child, as a school's practitioner might. */
  async fillAboutAChild(agency: string | RegExp): Promise<void> {
    await this.childReference().fill("LM");
    await this.dateOfBirth("9", "11", "2016");
    await this.option("child-status", "Child in need").check();
    await this.option("receiving", agency).check();
    await this.option("category", "A plan that is not making the progress expected").check();
    await this.fillDisagreement();
  }

  /** The disagreement itself: what is challenged, tried, the evidence, the outcome, the urgency. */
  async fillDisagreement(): Promise<void> {
    await this.text("challenged").fill(
      "The child in need plan has not been reviewed since March, and the actions from it have not started.",
    );
    await this.text("tried").fill(
      "I spoke to the social worker twice, and we held a professionals' meeting on Tuesday.",
    );
    await this.option("evidence-kind", "Evidence").check();
    await this.text("evidence").fill(
      "Attendance has fallen to 71% this term and the child has arrived hungry on four days.",
    );
    await this.text("outcome").fill(
      "A review of the plan within two weeks, with the school invited.",
    );
    await this.option("urgency", "Urgent").check();
  }

  continue(): Promise<number> {
    return this.submitWith(this.byQa("continue"));
  }
}

/** Check your answers before raising. */
export class RaiseCheckAnswersPage extends BasePage {
  /** An answer's row by its hook (`child-reference`, `category`, …): its value's text. */
  async answer(row: string): Promise<string> {
    const text = await this.byQa(`answer-${row}`)
      .locator(".govuk-summary-list__value")
      .textContent();
    return (text ?? "").replace(/\s+/g, " ").trim();
  }

  /** The keys of the rows, in order. */
  async keys(): Promise<string[]> {
    return (await this.page.locator(".govuk-summary-list__key").allTextContents()).map((text) =>
      text.trim(),
    );
  }

  /** Presses a row's Change (`category`, `about`, …); returns the next page's status. */
  change(field: string): Promise<number> {
    return this.submitWith(this.byQa(`change-${field}`));
  }

  raise(): Promise<number> {
    return this.submitWith(this.byQa("raise"));
  }
}

/** The confirmation: the panel with the reference, the stage, its deadline and what comes next. */
export class RaiseConfirmationPage extends BasePage {
  async reference(): Promise<string> {
    return ((await this.byQa("reference").textContent()) ?? "").trim();
  }

  async stage(): Promise<string> {
    return ((await this.byQa("stage").textContent()) ?? "").replace(/\s+/g, " ").trim();
  }

  async deadline(part: "due" | "explanation" | "child-safety" | "procedure"): Promise<string> {
    return ((await this.byQa(`deadline-${part}`).textContent()) ?? "").replace(/\s+/g, " ").trim();
  }

  viewEscalation(): Locator {
    return this.byQa("view-escalation");
  }
}
