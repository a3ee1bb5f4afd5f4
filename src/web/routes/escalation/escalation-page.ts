// What the escalation's page and its printable record show, worked out from the escalation as it
// stands: the templates only lay it out.
import { deadlineStatus } from "../../../app/deadline-status.ts";
import type { StoredEvent } from "../../../db/escalation-store.ts";
import { formatDate, formatInstant } from "../../../engine/calendar/index.ts";
import { dueWords } from "../../../engine/escalation/deadlines.ts";
import {
  currentVisit,
  type EscalationDeadline,
  type EscalationState,
  evolve,
  REMOVED,
  stageOf,
  trackOf,
  visitDeadline,
} from "../../../engine/escalation/index.ts";
import type { Stage } from "../../../engine/procedure/schema.ts";
import {
  categoryName,
  METHOD_WORDS,
  roleName,
  stageName,
  timelineItems,
} from "../../presenters/timeline.ts";
import { ACTION_FORMS } from "./handlers/index.ts";
import type { OpenEscalation } from "./open.ts";

/** Each status in words, and shorter for its tag (a GOV.UK tag wraps beyond 160px). */
export const STATUS_WORDS: Record<
  EscalationState["status"],
  { text: string; tag: string; colour: string }
> = {
  open: { text: "Open", tag: "Open", colour: "blue" },
  "resolution-proposed": {
    text: "Resolution awaiting confirmation",
    tag: "Awaiting confirmation",
    colour: "yellow",
  },
  resolved: { text: "Resolved", tag: "Resolved", colour: "green" },
  "closed-with-disagreement": {
    text: "Closed with disagreement noted",
    tag: "Disagreement noted",
    colour: "purple",
  },
  withdrawn: { text: "Withdrawn", tag: "Withdrawn", colour: "grey" },
  redirected: { text: "Redirected", tag: "Redirected", colour: "grey" },
};

const CHILD_STATUS_WORDS: Record<string, string> = {
  "cp-plan": "Subject to a child protection plan",
  "child-in-need": "Child in need",
  "looked-after": "Looked after",
  none: "No child protection plan, not a child in need, not looked after",
};

const SIDE_WORDS = { partnership: "The partnership", independent: "Independent of the agencies" };

/** A summary list row: its value is plain text, shown as paragraphs where it has line breaks. */
export interface Row {
  key: string;
  value: string;
}

export interface DeadlineModel {
  name: string;
  dueAt: string | null;
  /** "Tue 31 Dec 2024", or with the time where it is not the end of the day. */
  due: string | null;
  explanation: string;
  tag: {
    dueAt: string | null;
    dueDate: string | null;
    workingDaysLeft: number | null;
    overdue: boolean;
  };
  /** Both dates, where a child-safety deadline or an extension makes them differ. */
  procedureDue: string | null;
  childSafetyDue: string | null;
  extended: boolean;
}

export function deadlineModel(
  deadline: EscalationDeadline,
  open: OpenEscalation,
  now: string,
): DeadlineModel {
  const { calendar } = open.view;
  const words = (at: string | null) => (at === null ? null : dueWords(at, calendar));
  const status = deadlineStatus(deadline.dueAt, now, calendar);
  const differs =
    deadline.procedureDueAt !== null &&
    deadline.dueAt !== null &&
    Date.parse(deadline.procedureDueAt) !== Date.parse(deadline.dueAt);
  return {
    name: deadline.name,
    dueAt: deadline.dueAt,
    due: words(deadline.dueAt),
    explanation: deadline.explanation,
    tag: {
      dueAt: deadline.dueAt,
      dueDate: words(deadline.dueAt),
      workingDaysLeft: status.workingDaysLeft,
      overdue: status.overdue,
    },
    procedureDue:
      differs || deadline.childSafetyDueAt !== null ? words(deadline.procedureDueAt) : null,
    childSafetyDue: words(deadline.childSafetyDueAt),
    extended: deadline.extended,
  };
}

export function summaryRows(open: OpenEscalation): Row[] {
  const { state, procedure } = open.view;
  const { names } = open;
  const details = state.details;
  const child = state.child;
  const rows: Row[] = [
    { key: "Reference", value: state.registration.reference },
    { key: "Status", value: STATUS_WORDS[state.status].text },
    {
      key: "Raised",
      value: `${formatInstant(state.raisedAt)} by ${names.person(state.raisedBy.personId)}`,
    },
    { key: "Raised by", value: names.agency(state.raisingAgency) },
    {
      key: "Challenging",
      value: state.receivingAgencies.map((id) => names.agency(id)).join("\n"),
    },
    { key: "Category", value: categoryName(procedure, state.category) },
  ];
  if (state.thematic) {
    rows.push({
      key: "Child",
      value: "Thematic: about no single child. Not written to any child’s file.",
    });
  } else if (child === null) {
    rows.push({ key: "Child", value: REMOVED });
  } else {
    rows.push({ key: "Child", value: child.reference });
    if (child.dateOfBirth !== null) {
      rows.push({ key: "Child’s date of birth", value: formatDate(child.dateOfBirth) });
    }
    rows.push({ key: "Child’s status", value: CHILD_STATUS_WORDS[child.status] ?? child.status });
  }
  rows.push(
    { key: "What is challenged", value: details.challenged },
    { key: "What has been tried", value: details.tried },
    {
      key: details.evidence.kind === "gut-feeling" ? "Gut feeling, owned as such" : "Evidence",
      value: details.evidence.text,
    },
    { key: "Outcome sought", value: details.outcomeSought },
    { key: "Urgency", value: details.urgency === "urgent" ? "Urgent" : "Routine" },
    {
      key: "Procedure",
      value: `${procedure.title}, ${procedure.partnership}, version ${procedure.version} (${trackOf(procedure, state.track).name})`,
    },
  );
  return rows;
}

/** Who acts at a stage, side by side: "Hillside Primary School: Line manager". */
export function stageActors(stage: Stage, open: OpenEscalation): Row[] {
  const { state, procedure } = open.view;
  return stage.actors.map((actor) => {
    const who =
      actor.side === "raising"
        ? open.names.agency(state.raisingAgency)
        : actor.side === "receiving"
          ? state.receivingAgencies.map((id) => open.names.agency(id)).join(" and ")
          : SIDE_WORDS[actor.side];
    const role = roleName(procedure, actor.role);
    return { key: who, value: actor.does === undefined ? role : `${role}: ${actor.does}` };
  });
}

const OUTCOME_WORDS = {
  resolve: "Resolved",
  "close-with-disagreement": "Closed with the disagreement noted",
  escalate: "Escalated",
};

export function currentStage(open: OpenEscalation, now: string) {
  const { state, procedure, deadlines } = open.view;
  const visit = currentVisit(state);
  const stage = stageOf(procedure, state.track, visit.stage);
  const running = state.status === "open" || state.status === "resolution-proposed";
  return {
    name: stage.name,
    round: visit.round,
    repeats: stage.repeats?.description ?? null,
    summary: stage.summary,
    actors: stageActors(stage, open),
    enteredAt: formatInstant(visit.enteredAt),
    outcomes: stage.outcomes.map((outcome) =>
      outcome.outcome === "escalate" && outcome.to !== undefined
        ? `Escalated to ${stageOf(procedure, state.track, outcome.to).name}`
        : (outcome.label ?? OUTCOME_WORDS[outcome.outcome]),
    ),
    last: !stage.outcomes.some((outcome) => outcome.outcome === "escalate"),
    running,
    closedAt: state.closedAt === null ? null : formatInstant(state.closedAt),
    deadline: deadlineModel(deadlines.stage, open, now),
    clocks: deadlines.clocks.map((clock) => deadlineModel(clock, open, now)),
    target: deadlines.target === null ? null : deadlineModel(deadlines.target, open, now),
    followUp: deadlines.followUp === null ? null : deadlineModel(deadlines.followUp, open, now),
    extensions: visit.extensions.map((extension) => ({
      from: dueWords(extension.previousDueAt, open.view.calendar),
      to: dueWords(extension.dueAt, open.view.calendar),
      reason: extension.reason,
      by: open.names.person(extension.by),
      at: formatInstant(extension.at),
    })),
  };
}

/** Every stage the escalation has been through, with the deadline each had and why. */
export function stageHistory(open: OpenEscalation) {
  const { state, procedure } = open.view;
  return state.visits.map((visit) => {
    const deadline = visitDeadline(state, visit, open.timeline);
    return {
      name: stageName(procedure, state.track, visit.stage, visit.round),
      enteredAt: formatInstant(visit.enteredAt),
      leftAt: visit.leftAt === null ? null : formatInstant(visit.leftAt),
      due: deadline.dueAt === null ? null : dueWords(deadline.dueAt, open.view.calendar),
      explanation: deadline.explanation,
      procedureDue:
        deadline.procedureDueAt !== null &&
        deadline.dueAt !== null &&
        Date.parse(deadline.procedureDueAt) !== Date.parse(deadline.dueAt)
          ? dueWords(deadline.procedureDueAt, open.view.calendar)
          : null,
    };
  });
}

/** Discussions and agreed actions, each with the stage it was recorded at and by whom. */
export function recordsByStage(open: OpenEscalation) {
  const { procedure } = open.view;
  const discussions: {
    stage: string;
    heldAt: string;
    method: string;
    participants: string;
    summary: string;
    by: string;
  }[] = [];
  const agreedActions: {
    stage: string;
    description: string;
    owner: string;
    due: string;
    by: string;
    at: string;
  }[] = [];
  let state: EscalationState | null = null;
  for (const event of open.view.events) {
    state = evolve(state, event, event.escalationId);
    const data = event.data;
    if (data.type !== "discussion-recorded" && data.type !== "action-agreed") continue;
    const visit = currentVisit(state);
    const stage = stageName(procedure, state.track, visit.stage, visit.round);
    const by = `${open.names.person(event.actor.personId)}, ${open.names.agency(event.actor.agencyId)}`;
    if (data.type === "discussion-recorded") {
      discussions.push({
        stage,
        heldAt: formatInstant(data.heldAt),
        method: METHOD_WORDS[data.method],
        participants: data.participants,
        summary: data.summary,
        by,
      });
    } else if (data.type === "action-agreed") {
      agreedActions.push({
        stage,
        description: data.description,
        owner: data.owner,
        due: formatDate(data.dueDate),
        by,
        at: formatInstant(event.at),
      });
    }
  }
  return { discussions, agreedActions };
}

/** How the escalation was resolved or closed, in the words of the people who did it. */
export function decisions(open: OpenEscalation) {
  const { state } = open.view;
  const closing = open.view.events.findLast(
    (event) => event.data.type === "closed-with-disagreement",
  );
  const positions =
    closing?.data.type === "closed-with-disagreement"
      ? {
          raising: closing.data.raisingPosition,
          receiving: closing.data.receivingPosition,
          planContinues: closing.data.planContinues,
          by: `${open.names.person(closing.actor.personId)}, ${open.names.agency(closing.actor.agencyId)}`,
          at: formatInstant(closing.at),
        }
      : null;
  return {
    resolution:
      state.resolution === null
        ? null
        : {
            outcome: state.resolution.outcome,
            outstandingIssues: state.resolution.outstandingIssues,
            proposedBy: open.names.agency(state.resolution.agencyId),
            proposedAt: formatInstant(state.resolution.proposedAt),
            confirmedAt:
              state.resolution.confirmedAt === null
                ? null
                : formatInstant(state.resolution.confirmedAt),
          },
    positions,
    raisingAgency: open.names.agency(state.raisingAgency),
    receivingAgencies: state.receivingAgencies.map((id) => open.names.agency(id)).join(" and "),
  };
}

/** The links to the forms of the actions this person may take now, and only those. */
export function actionLinks(open: OpenEscalation) {
  return ACTION_FORMS.filter((form) => open.available.includes(form.type)).map((form) => ({
    type: form.type,
    href: `/escalations/${open.view.state.id}/${form.slug}`,
    text: form.link(open),
  }));
}

/**
 * The success banner after an action: what the person's action at `version` did, read from the
 * events it recorded. Shown only to the person who took it, and only while it is the latest word.
 */
export function successBanner(
  open: OpenEscalation,
  version: number | null,
): { heading: string; body: string[] } | null {
  if (version === null) return null;
  const { events } = open.view;
  const first = events.find((event) => event.version === version);
  if (first === undefined || first.actor.personId !== open.person.id) return null;
  const own: StoredEvent[] = events.filter(
    (event) =>
      event.version >= version &&
      event.at === first.at &&
      event.actor.personId === first.actor.personId,
  );
  let state: EscalationState | null = null;
  for (const event of events) {
    state = evolve(state, event, event.escalationId);
    if (event === own.at(-1)) break;
  }
  if (state === null) return null;
  const { procedure, calendar } = open.view;
  const due = () => {
    const deadline = visitDeadline(state, currentVisit(state), open.timeline);
    if (deadline.dueAt === null) return [deadline.explanation];
    const words = dueWords(deadline.dueAt, calendar);
    const reason = deadline.explanation.replace(`due ${words}: `, "");
    return [`It is due ${words}: ${reason}.`];
  };
  const main = own.find((event) => event.data.type !== "notification-required") ?? first;
  const data = main.data;
  switch (data.type) {
    case "discussion-recorded":
      return { heading: "Discussion recorded", body: [] };
    case "action-agreed":
      return { heading: "Agreed action recorded", body: [data.description] };
    case "child-safety-deadline-set":
      return {
        heading: "Earlier deadline set to protect the child",
        body: [`It is due ${dueWords(data.dueAt, calendar)}.`],
      };
    case "deadline-extended":
      return {
        heading: "Deadline extended",
        body: [
          `It is now due ${dueWords(data.dueAt, calendar)}; it was due ${dueWords(data.previousDueAt, calendar)}.`,
        ],
      };
    case "escalated":
      return {
        heading: `Escalated to ${stageName(procedure, state.track, data.to)}`,
        body: due(),
      };
    case "stage-entered":
      return {
        heading: `Round ${data.round} of ${stageName(procedure, state.track, data.stage)} started`,
        body: due(),
      };
    case "resolution-proposed":
      return {
        heading: "Resolution recorded",
        body: ["The other side needs to confirm it before the escalation is resolved."],
      };
    case "resolution-confirmed":
      return { heading: "Resolution confirmed", body: ["The escalation is resolved."] };
    case "closed-with-disagreement":
      return {
        heading: "Escalation closed with the disagreement noted",
        body: ["Both sides’ positions are recorded, and the plan continues."],
      };
    case "withdrawn":
      return { heading: "Escalation withdrawn", body: [] };
    case "redirected":
      return { heading: `Escalation redirected to ${data.to}`, body: [] };
    case "follow-up-confirmed":
      return {
        heading: "Follow-up check answered",
        body: ["The agreed actions happened: the escalation stays resolved."],
      };
    case "escalation-reopened":
      return {
        heading: `Escalation reopened at ${stageName(procedure, state.track, currentVisit(state).stage, currentVisit(state).round)}`,
        body: due(),
      };
    case "escalation-raised":
    case "notification-required":
    case "escalation-anonymised":
      return null;
  }
}

export function timeline(open: OpenEscalation, options: { newestFirst: boolean }) {
  return timelineItems(open.view.events, open.timeline, options);
}
