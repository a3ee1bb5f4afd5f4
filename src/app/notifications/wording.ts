import { DateTime } from "luxon";
import type { Person } from "../../db/directory.ts";
import type { NewMessage } from "../../db/messages.ts";
import { type Calendar, formatDate } from "../../engine/calendar/index.ts";
import { LONDON } from "../../engine/calendar/instant.ts";
import { stageOf } from "../../engine/escalation/index.ts";
import type { Procedure } from "../../engine/procedure/schema.ts";
import { endOfDayMs } from "./timing.ts";

// The words of a message about an escalation. Every message says which escalation (its
// reference), where it stands (the stage) and what is due, and links to it; none carries a
// child's details or anything typed as free text, since an email leaves Resolve.

/** What every message about an escalation says of it. */
export interface AboutEscalation {
  id: string;
  partnershipId: string;
  reference: string;
  /** The stage's name, with its round after the first. */
  stageName: string;
  /** The running deadline in words: "by the end of Tue 7 Apr 2026", or why there is none. */
  deadline: string;
}

/** What one message says, besides the escalation it is about. */
export interface Content {
  /** Names the cause, so the message is written once: see NewMessage.key. */
  key: string;
  kind: string;
  subject: string;
  /** The opening paragraph: what happened and what to do. */
  lead: string;
  /** Hold the email for the daily digest. */
  digest?: boolean;
}

/** A message to one person about an escalation, emailed to their address. */
export function messageFor(
  person: Pick<Person, "id" | "email">,
  about: AboutEscalation,
  content: Content,
): NewMessage {
  return {
    partnershipId: about.partnershipId,
    key: content.key,
    kind: content.kind,
    recipientPersonId: person.id,
    escalationId: about.id,
    subject: content.subject,
    body: [
      content.lead,
      "",
      `Reference: ${about.reference}`,
      `Stage: ${about.stageName}`,
      `Deadline: ${about.deadline}`,
    ].join("\n"),
    link: `/escalations/${about.id}`,
    email: person.email,
    digest: content.digest === true,
  };
}

/** The stage's name as people see it: "Stage 3 – senior managers, round 2". */
export function stageName(
  procedure: Procedure,
  where: { track: string; stage: string; round: number },
): string {
  const name = stageOf(procedure, where.track, where.stage).name;
  return where.round > 1 ? `${name}, round ${where.round}` : name;
}

/** "the end of Tue 7 Apr 2026", or "17:00 on Tue 7 Apr 2026" for a deadline at a set time. */
export function dueWords(dueAt: string, calendar: Calendar): string {
  const date = calendar.localDate(dueAt);
  if (Date.parse(dueAt) === endOfDayMs(date)) return `the end of ${formatDate(date)}`;
  const local = DateTime.fromMillis(Date.parse(dueAt), { zone: LONDON });
  return `${local.toFormat("HH:mm")} on ${formatDate(date)}`;
}

/** The deadline line of a message: when the running stage is due, or why nothing is. */
export function deadlineLine(dueAt: string | null, running: boolean, calendar: Calendar): string {
  if (!running) return "none, the escalation has ended";
  if (dueAt === null) return "none, the procedure sets no timescale for this stage";
  return `by ${dueWords(dueAt, calendar)}`;
}
