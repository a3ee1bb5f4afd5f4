import type { Database } from "../../db/client.ts";
import {
  claimHeld,
  type HeldMessage,
  includeInDigest,
  releaseHeld,
} from "../../db/deadline-scan.ts";
import { enqueueMessages, type NewMessage } from "../../db/messages.ts";
import { type Calendar, formatDate } from "../../engine/calendar/index.ts";
import { workingDayStarted } from "./timing.ts";

// The daily digest. Everything the deadline scanner writes is held (delivery "digest") and shown
// in the app at once. Emails go out from the start of a working day (08:00 local): a person with
// one held email gets it on its own; a person with several gets one digest listing them, once a
// working day (key `digest:<person>:<date>`). Held emails that arrive after that day's digest has
// gone — a stage that starts inside its reminder window, a deadline at close of business — go on
// their own at the next pass, and those held overnight or over a weekend wait for the next
// working morning.

/** The most held emails a digest lists by subject; the rest are counted. */
export const DIGEST_LISTS_AT_MOST = 50;

/**
 * Sends the partnership's held emails if its working day has started: per person, one digest or
 * the email on its own. Held emails are claimed with SKIP LOCKED, so scanners running side by
 * side never send one twice.
 */
export async function sendHeld(
  db: Database,
  partnershipId: string,
  calendar: Calendar,
  now: string,
  newId: () => string,
): Promise<{ digests: number; alone: number }> {
  if (!workingDayStarted(now, calendar)) return { digests: 0, alone: 0 };
  const date = calendar.localDate(now);
  return db.transaction(async (tx) => {
    const byPerson = new Map<string, HeldMessage[]>();
    for (const message of await claimHeld(tx, partnershipId)) {
      const list = byPerson.get(message.recipientPersonId);
      if (list === undefined) byPerson.set(message.recipientPersonId, [message]);
      else list.push(message);
    }
    let digests = 0;
    const alone: string[] = [];
    for (const [personId, held] of byPerson) {
      const ids = held.map((message) => message.id);
      if (held.length > 1) {
        const digestId = newId();
        const digest = digestMessage(partnershipId, personId, date, held);
        // Written unless the person has had today's digest already.
        if ((await enqueueMessages(tx, [digest], now, () => digestId)) === 1) {
          await includeInDigest(tx, ids, digestId);
          digests += 1;
          continue;
        }
      }
      alone.push(...ids);
    }
    await releaseHeld(tx, alone, now);
    return { digests, alone: alone.length };
  });
}

/** One email listing a person's held emails by subject: none says more than its own subject did. */
export function digestMessage(
  partnershipId: string,
  personId: string,
  date: string,
  held: readonly HeldMessage[],
): NewMessage {
  const listed = held.slice(0, DIGEST_LISTS_AT_MOST).map((message) => `- ${message.subject}`);
  const more = held.length - listed.length;
  return {
    partnershipId,
    key: `digest:${personId}:${date}`,
    kind: "digest",
    recipientPersonId: personId,
    escalationId: null,
    subject: `${held.length} updates about escalation deadlines, ${formatDate(date)}`,
    body: [
      `You have ${held.length} updates about escalation deadlines. We have put them in one email rather than send each on its own.`,
      "",
      ...listed,
      ...(more > 0 ? [`- and ${more} more`] : []),
      "",
      "Open each one from your notifications in Resolve.",
    ].join("\n"),
    link: "/notifications",
    email: held.find((message) => message.email !== null)?.email ?? null,
  };
}
