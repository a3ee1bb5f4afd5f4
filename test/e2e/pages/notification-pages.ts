import type { Locator } from "playwright-core";
import { BasePage } from "./base-page.ts";
import { settled } from "./your-work-page.ts";

/** What the pages of messages share, and the count beside Notifications in the header. */
class MessagePages extends BasePage {
  /** The unread count the navigation shows, 0 when it shows none. */
  async unreadCount(): Promise<number> {
    const badge = this.byQa("unread-count");
    return (await badge.count()) === 0 ? 0 : Number((await badge.textContent())?.trim());
  }

  /** How Notifications reads in the navigation, with the count's hidden words. */
  async notificationsLinkText(): Promise<string> {
    const link = this.page.locator('.govuk-service-navigation__link[href="/notifications"]');
    return ((await link.textContent()) ?? "").replace(/\s+/g, " ").trim();
  }

  /** Follows a link or presses a button and waits for the page it leads to. */
  async follow(target: Locator): Promise<void> {
    await this.submitWith(target);
    await settled(this);
  }

  /** The green confirmation banner's words, or null. */
  async success(): Promise<string | null> {
    const heading = this.byQa("success").locator(".govuk-notification-banner__heading");
    return (await heading.count()) === 0 ? null : ((await heading.textContent())?.trim() ?? null);
  }
}

/** Notifications: /notifications, the signed-in person's own messages. */
export class NotificationsPage extends MessagePages {
  async open(query = "") {
    const response = await this.goto(query === "" ? "/notifications" : `/notifications?${query}`);
    await settled(this);
    return response;
  }

  notifications(): Locator {
    return this.byQa("notification");
  }

  /** One notification, by (part of) its subject. */
  notification(subject: string): Locator {
    return this.notifications().filter({ has: this.byQa("subject").filter({ hasText: subject }) });
  }

  /** The subjects shown, in order, without the New tag. */
  async subjects(): Promise<string[]> {
    return (await this.byQa("subject").allTextContents()).map((text) =>
      text.replace(/\s+/g, " ").trim().replace(/^New /, ""),
    );
  }

  /** How many are tagged New. */
  newCount(): Promise<number> {
    return this.byQa("new").count();
  }

  /** Follows a notification's link (through Resolve, which marks it read). */
  openLink(subject: string): Promise<void> {
    return this.follow(this.notification(subject).locator('[data-qa="open"]'));
  }

  markRead(subject: string): Promise<void> {
    return this.follow(this.notification(subject).locator('[data-qa="mark-read"]'));
  }

  markAllRead(): Promise<void> {
    return this.follow(this.byQa("mark-all-read"));
  }

  nextPage(): Promise<void> {
    return this.follow(this.byQa("next-page"));
  }

  emptyState(): Locator {
    return this.byQa("empty");
  }
}

/** The demo mailbox: /demo/mailbox, every email of the demo partnership. */
export class DemoMailboxPage extends MessagePages {
  async open() {
    const response = await this.goto("/demo/mailbox");
    await settled(this);
    return response;
  }

  /** The demo banner's link to the mailbox. */
  bannerLink(): Locator {
    return this.byQa("demo-mailbox-link");
  }

  emails(): Locator {
    return this.byQa("email");
  }

  /** One email, by (part of) its subject. */
  email(subject: string): Locator {
    return this.emails().filter({ has: this.byQa("subject").filter({ hasText: subject }) });
  }
}

/** The administrators' outbox: /admin/outbox, every email with how its sending stands. */
export class OutboxPage extends MessagePages {
  async open(query = "") {
    const response = await this.goto(query === "" ? "/admin/outbox" : `/admin/outbox?${query}`);
    await settled(this);
    return response;
  }

  /** The banner on administration pages saying how many emails could not be sent, or null. */
  async failedBanner(): Promise<string | null> {
    const banner = this.byQa("failed-emails").locator(".govuk-notification-banner__heading");
    return (await banner.count()) === 0 ? null : ((await banner.textContent())?.trim() ?? null);
  }

  /** Follows the failed-emails banner's link to the emails not sent. */
  seeFailed(): Promise<void> {
    return this.follow(this.byQa("failed-emails-link"));
  }

  /** Shows the emails whose sending stands so ("Not sent", "Sent", …) with the filter. */
  async show(status: string): Promise<void> {
    await this.page.getByLabel("Show").selectOption({ label: status });
    await this.follow(this.byQa("show"));
  }

  emails(): Locator {
    return this.byQa("email");
  }

  /** One email, by (part of) its subject. */
  email(subject: string): Locator {
    return this.emails().filter({ has: this.byQa("subject").filter({ hasText: subject }) });
  }

  /** The statuses shown, in order. */
  async statuses(): Promise<string[]> {
    return (await this.byQa("status").allTextContents()).map((text) => text.trim());
  }

  tryAgain(subject: string): Promise<void> {
    return this.follow(this.email(subject).locator('[data-qa="retry"]'));
  }
}
