// An escalation's history in plain words: each event as an item of MoJ Frontend's timeline
// ("Escalated to Stage 2 – second-tier managers", by "Tom Reed, Children's Social Care"), and as
// one sentence for telling someone what changed while they were working on a form.
import type { StoredEvent } from "../../db/escalation-store.ts";
import { plural } from "../../engine/calendar/explanation.ts";
import { type Calendar, formatDate, formatInstant } from "../../engine/calendar/index.ts";
import {
  currentVisit,
  dueWords,
  stageOf,
  visitDeadline,
} from "../../engine/escalation/deadlines.ts";
import {
  type EscalationEvent,
  type EscalationState,
  type EventData,
  evolve,
  REMOVED,
} from "../../engine/escalation/index.ts";
import type { DiscussionMethod, Procedure } from "../../engine/procedure/schema.ts";

/** Who is who, for bylines: names by id. */
export interface Names {
  person(id: string): string;
  /** An agency's name; "" (someone in no agency) is the partnership's own team. */
  agency(id: string): string;
}

export interface TimelineContext {
  /** The procedure version the escalation runs under. */
  procedure: Procedure;
  calendar: Calendar;
  /** The partnership's values for the procedure's open timescales. */
  settings: Readonly<Record<string, number | null>>;
  names: Names;
}

/** One line of detail under an item: "Reason: …", or text alone when `label` is null. */
export interface TimelineDetail {
  label: string | null;
  text: string;
}

export interface TimelineItem {
  version: number;
  type: EventData["type"];
  /** What happened: "Escalated to Stage 2 – second-tier managers". */
  label: string;
  /** Who did it: "Tom Reed, Children's Social Care"; null for what followed on its own. */
  byline: string | null;
  /** The instant, ISO 8601, for the `<time>` element. */
  timestamp: string;
  /** The instant in words, London time: "10:04 Tue 4 Mar 2025". */
  when: string;
  details: TimelineDetail[];
}

export const METHOD_WORDS: Record<DiscussionMethod, string> = {
  phone: "Phone",
  "face-to-face": "Face to face",
  "virtual-meeting": "Virtual meeting",
  email: "Email",
};

/** "Stage 3 – senior managers", with ", round 2" for a later round of a repeating stage. */
export function stageName(procedure: Procedure, track: string, stage: string, round = 1): string {
  const name = stageOf(procedure, track, stage).name;
  return round > 1 ? `${name}, round ${round}` : name;
}

export function roleName(procedure: Procedure, role: string): string {
  return procedure.roles.find((candidate) => candidate.id === role)?.name ?? role;
}

export function categoryName(procedure: Procedure, category: string): string {
  return procedure.categories.find((candidate) => candidate.id === category)?.name ?? category;
}

/** "Tom Reed, Children's Social Care". */
export function byline(event: EscalationEvent, names: Names): string {
  return `${names.person(event.actor.personId)}, ${names.agency(event.actor.agencyId)}`;
}

/**
 * Every event of an escalation as a timeline item, oldest first (`newestFirst` for the page).
 * The deadline shown when a stage starts is the one it had then; later changes have their own items.
 */
export function timelineItems(
  events: readonly StoredEvent[],
  context: TimelineContext,
  options: { newestFirst?: boolean } = {},
): TimelineItem[] {
  const items: TimelineItem[] = [];
  let state: EscalationState | null = null;
  for (const event of events) {
    state = evolve(state, event, event.escalationId);
    items.push(itemFor(event, state, context));
  }
  return options.newestFirst === true ? items.reverse() : items;
}

function itemFor(
  event: StoredEvent,
  state: EscalationState,
  context: TimelineContext,
): TimelineItem {
  const { procedure, names } = context;
  const data = event.data;
  const stage = (id: string, round = 1) => stageName(procedure, state.track, id, round);
  const item = (
    label: string,
    details: TimelineDetail[] = [],
    by: string | null = byline(event, names),
  ) => ({
    version: event.version,
    type: data.type,
    label,
    byline: by,
    timestamp: event.at,
    when: formatInstant(event.at),
    details: details.filter((detail) => detail.text !== ""),
  });
  const due = (dueAt: string) => dueWords(dueAt, context.calendar);
  switch (data.type) {
    case "escalation-raised":
      return item(
        `Escalation raised with ${data.receivingAgencies.map((id) => names.agency(id)).join(" and ")}`,
        [
          { label: "Category", text: categoryName(procedure, data.category) },
          { label: "Challenged", text: data.details.challenged },
          ...(data.thematic ? [{ label: null, text: "Thematic: about no single child." }] : []),
        ],
      );
    case "stage-entered": {
      const visit = currentVisit(state);
      const deadline = visitDeadline(state, visit, context);
      const label =
        data.reason === "next-round"
          ? `Round ${data.round} of ${stage(data.stage)} started`
          : `${stage(data.stage, data.round)} started`;
      return item(
        label,
        [{ label: "Deadline", text: deadline.explanation }],
        data.reason === "next-round" ? byline(event, names) : null,
      );
    }
    case "notification-required":
      return item(
        data.role === REMOVED
          ? "Someone the procedure names to be told"
          : `${roleName(procedure, data.role)} to be told`,
        [
          {
            label: null,
            text:
              data.trigger === "entry"
                ? `Because the escalation reached ${stage(data.stage, data.round)}.`
                : `Because of the outcome at ${stage(data.stage, data.round)}.`,
          },
          { label: "Why", text: data.note ?? "" },
        ],
        null,
      );
    case "discussion-recorded":
      return item(
        `Discussion recorded: ${METHOD_WORDS[data.method].toLowerCase()}, ${formatInstant(data.heldAt)}`,
        [
          { label: "Who took part", text: data.participants },
          { label: "Summary", text: data.summary },
        ],
      );
    case "action-agreed":
      return item(`Action agreed: ${data.description}`, [
        { label: "Owner", text: data.owner },
        { label: "Due", text: formatDate(data.dueDate) },
      ]);
    case "child-safety-deadline-set":
      return item(
        data.scope === "target"
          ? `Child-safety target set: ${due(data.dueAt)}`
          : `Child-safety deadline set: ${due(data.dueAt)}`,
        [{ label: "Reason", text: data.reason }],
      );
    case "deadline-extended":
      return item(`Deadline extended to ${due(data.dueAt)}`, [
        { label: "Was", text: due(data.previousDueAt) },
        { label: "Reason", text: data.reason },
      ]);
    case "escalated":
      return item(`Escalated to ${stage(data.to)}`, [
        { label: "Reason", text: data.reason },
        { label: "Evidence", text: data.evidence ?? "" },
      ]);
    case "resolution-proposed":
      return item("Resolution proposed", [
        { label: "Outcome", text: data.outcome },
        { label: "Outstanding issues", text: data.outstandingIssues },
      ]);
    case "resolution-confirmed":
      return item("Resolution confirmed: the escalation is resolved");
    case "closed-with-disagreement":
      return item("Closed with the disagreement noted", [
        { label: `${names.agency(state.raisingAgency)}’s position`, text: data.raisingPosition },
        {
          label: `${state.receivingAgencies.map((id) => names.agency(id)).join(" and ")}’s position`,
          text: data.receivingPosition,
        },
        { label: "How the plan continues", text: data.planContinues },
      ]);
    case "withdrawn":
      return item("Withdrawn", [{ label: "Reason", text: data.reason }]);
    case "redirected":
      return item(`Redirected to ${data.to}`, [{ label: "Reason", text: data.reason }]);
    case "follow-up-confirmed":
      return item("Follow-up check: the agreed actions happened", [
        { label: "Note", text: data.note ?? "" },
      ]);
    case "escalation-reopened":
      return item("Reopened: the agreed actions did not happen", [
        { label: "Still outstanding", text: data.outstanding },
      ]);
    case "escalation-anonymised":
      return item(
        "Personal details removed under the retention rule",
        [
          {
            label: null,
            text: `The partnership keeps a closed escalation’s details for ${plural(data.retentionMonths, "month")}; this one closed on ${formatDate(context.calendar.localDate(data.closedAt))}. The child’s details and what people wrote have been removed. The stages, dates, agencies, category and outcome are kept.`,
          },
        ],
        null,
      );
  }
}

/**
 * What someone did, as a sentence for a person whose form is now out of date: "Tom Reed escalated
 * it to Stage 2 – second-tier managers at 10:04". Events that only follow from another (a stage
 * starting after an escalation, a notification) give null.
 */
export function changeSentence(
  event: StoredEvent,
  state: EscalationState,
  context: TimelineContext,
  now: string,
): string | null {
  const { procedure, names, calendar } = context;
  const data = event.data;
  const who = names.person(event.actor.personId);
  const at =
    calendar.localDate(event.at) === calendar.localDate(now)
      ? formatInstant(event.at).slice(0, 5)
      : `${formatInstant(event.at).slice(0, 5)} on ${formatDate(calendar.localDate(event.at))}`;
  const stage = (id: string, round = 1) => stageName(procedure, state.track, id, round);
  const due = (dueAt: string) => dueWords(dueAt, calendar);
  const did = (() => {
    switch (data.type) {
      case "escalation-raised":
        return "raised it";
      case "stage-entered":
        return data.reason === "next-round"
          ? `started round ${data.round} of ${stage(data.stage)}`
          : null;
      case "notification-required":
        return null;
      case "discussion-recorded":
        return `recorded a discussion (${METHOD_WORDS[data.method].toLowerCase()})`;
      case "action-agreed":
        return `recorded an agreed action: ${data.description}`;
      case "child-safety-deadline-set":
        return `set a child-safety deadline of ${due(data.dueAt)}`;
      case "deadline-extended":
        return `extended the deadline to ${due(data.dueAt)}`;
      case "escalated":
        return `escalated it to ${stage(data.to)}`;
      case "resolution-proposed":
        return "proposed a resolution";
      case "resolution-confirmed":
        return "confirmed the resolution";
      case "closed-with-disagreement":
        return "closed it with the disagreement noted";
      case "withdrawn":
        return "withdrew it";
      case "redirected":
        return `redirected it to ${data.to}`;
      case "follow-up-confirmed":
        return "answered the follow-up check: the agreed actions happened";
      case "escalation-reopened":
        return "reopened it: the agreed actions did not happen";
      case "escalation-anonymised":
        return null;
    }
  })();
  return did === null ? null : `${who} ${did} at ${at}`;
}

/** The sentences for every change after the version someone saw, oldest first. */
export function changeSentences(
  allEvents: readonly StoredEvent[],
  changes: readonly StoredEvent[],
  context: TimelineContext,
  now: string,
): string[] {
  const sentences: string[] = [];
  let state: EscalationState | null = null;
  const changed = new Set(changes.map((event) => event.version));
  for (const event of allEvents) {
    state = evolve(state, event, event.escalationId);
    if (!changed.has(event.version)) continue;
    const sentence = changeSentence(event, state, context, now);
    if (sentence !== null) sentences.push(sentence);
  }
  return sentences;
}
