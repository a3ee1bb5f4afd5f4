import type { Delivery, Message, OutboxMessage } from "../../db/message-queries.ts";
import { formatInstant } from "../../engine/calendar/index.ts";
import { type Fields, single } from "../forms/index.ts";
import { safeReturnPath } from "../plugins/sessions.ts";

// A message as the pages show it: your notifications, the demo mailbox and the administrators'
// outbox. Messages are plain text with no child details (src/db/schema.ts `messages`).

/** How an email's sending stands, in words, with the colour of its tag. */
export const DELIVERIES: Record<
  Exclude<Delivery, "none">,
  { text: string; colour: "blue" | "green" | "red" | "yellow" | "grey" }
> = {
  failed: { text: "Not sent", colour: "red" },
  pending: { text: "Waiting to send", colour: "blue" },
  sending: { text: "Sending", colour: "blue" },
  digest: { text: "Held for the daily digest", colour: "grey" },
  sent: { text: "Sent", colour: "green" },
};

/** A delivery (as the outbox and the history record it) in words. */
export function deliveryText(delivery: string): string {
  return Object.hasOwn(DELIVERIES, delivery)
    ? DELIVERIES[delivery as keyof typeof DELIVERIES].text
    : delivery === "none"
      ? "App only"
      : delivery;
}

/** The message's link when it is a path in Resolve; anything else is never followed. */
export function localLink(link: string | null): string | null {
  return link !== null && safeReturnPath(link) === link ? link : null;
}

/** A message's body as paragraphs of lines: it is plain text, so line breaks are all it has. */
export function paragraphs(body: string): string[][] {
  return body
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.split("\n").map((line) => line.trim()))
    .filter((lines) => lines.some((line) => line !== ""));
}

/** What every list of messages shows of one: when, what, and where it leads. */
export function presentMessage(message: Message) {
  return {
    id: message.id,
    subject: message.subject,
    paragraphs: paragraphs(message.body),
    at: formatInstant(message.createdAt),
    datetime: message.createdAt,
    link: localLink(message.link),
    linkText: message.escalationId === null ? "Go to the page" : "Go to the escalation",
    read: message.read,
  };
}

/** An email, as the outbox and the demo mailbox show it: to whom, and how its sending stands. */
export function presentEmail(message: OutboxMessage) {
  return {
    ...presentMessage(message),
    to: message.recipientName,
    email: message.email,
    status: deliveryText(message.delivery),
    statusColour: message.delivery === "none" ? "grey" : DELIVERIES[message.delivery].colour,
    failed: message.delivery === "failed",
    attempts: message.attempts,
    lastError: message.lastError,
    sentAt: message.sentAt === null ? null : formatInstant(message.sentAt),
  };
}

/**
 * The message a page of a list starts after (`?after=<id>`): undefined for the first page; when
 * sent as anything but one value, ignored (and said so).
 */
export function readAfter(query: Fields): { id: string | undefined; ignored: boolean } {
  const after = single(query, "after");
  if (after === undefined || after === "") return { id: undefined, ignored: false };
  return after === null ? { id: undefined, ignored: true } : { id: after, ignored: false };
}
