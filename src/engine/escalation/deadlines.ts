import {
  type Calendar,
  computeDeadline,
  type DeadlineRule,
  formatDate,
  formatInstant,
} from "../calendar/index.ts";
import {
  type ClockStart,
  DEFAULT_FOLLOW_UP_WORKING_DAYS,
  type Deadline,
  type Procedure,
  type Stage,
  type Track,
} from "../procedure/schema.ts";
import type { Context, EscalationState, StageVisit } from "./types.ts";

export type DeadlineContext = Pick<Context, "procedure" | "calendar" | "settings">;

/** A due instant with the rule behind it and its explanation. */
export interface EscalationDeadline {
  name: string;
  /** null where the procedure sets no timescale. */
  dueAt: string | null;
  dueDate: string | null;
  explanation: string;
  /** What the procedure's own rule gives, before any child-safety deadline or extension. */
  procedureDueAt: string | null;
  childSafetyDueAt: string | null;
  extended: boolean;
}

export interface EscalationDeadlines {
  stage: EscalationDeadline;
  clocks: EscalationDeadline[];
  target: EscalationDeadline | null;
  /** The follow-up check of a resolution, while it waits for an answer. */
  followUp: FollowUpCheck | null;
}

/**
 * The check, after a resolution, that the agreed actions happened. It falls due on a working day:
 * it can be answered from the start of that day (`fallsDueAt`), and is overdue after its end.
 */
export interface FollowUpCheck extends EscalationDeadline {
  dueAt: string;
  dueDate: string;
  fallsDueAt: string;
}

export function trackOf(procedure: Procedure, trackId: string): Track {
  const track = procedure.tracks[trackId];
  if (track === undefined) throw new Error(`${procedure.id} has no track ${trackId}`);
  return track;
}

export function stageOf(procedure: Procedure, trackId: string, stageId: string): Stage {
  const stage = trackOf(procedure, trackId).stages.find((candidate) => candidate.id === stageId);
  if (stage === undefined) throw new Error(`${procedure.id} ${trackId} has no stage ${stageId}`);
  return stage;
}

export function currentVisit(state: EscalationState): StageVisit {
  const visit = state.visits.at(-1);
  if (visit === undefined) throw new Error(`Escalation ${state.id} has not entered a stage`);
  return visit;
}

/** The deadlines running now: the current stage's, its inner clocks, and the whole-escalation target. */
export function deadlinesOf(state: EscalationState, context: DeadlineContext): EscalationDeadlines {
  const visit = currentVisit(state);
  const stage = stageOf(context.procedure, state.track, visit.stage);
  return {
    stage: visitDeadline(state, visit, context),
    clocks: (stage.clocks ?? []).map((clock) =>
      ruleDeadline(clock.name, clock.deadline, state, visit, context),
    ),
    target: targetDeadline(state, context),
    followUp: followUpCheck(state, context),
  };
}

/** The follow-up check waiting for an answer, or null when there is none. */
export function followUpCheck(
  state: EscalationState,
  context: DeadlineContext,
): FollowUpCheck | null {
  if (state.status !== "resolved" || state.followUp === null || state.followUp.answer !== null)
    return null;
  const { calendar, procedure } = context;
  const days = procedure.followUp?.workingDays ?? DEFAULT_FOLLOW_UP_WORKING_DAYS;
  const computed = computeDeadline(
    calendar,
    { kind: "working-days-after", days },
    state.followUp.resolvedAt,
  );
  const why =
    procedure.followUp === undefined
      ? `${procedure.partnership}'s procedure sets no time for it, so Resolve checks ${days} working days after a resolution is confirmed`
      : `${procedure.partnership}'s procedure checks ${days} working days after a resolution is confirmed${procedure.followUp.note === undefined ? "" : `: ${procedure.followUp.note}`}`;
  return {
    name: "Follow-up check",
    dueAt: computed.dueAt,
    dueDate: computed.dueDate,
    fallsDueAt: calendar.dayStart(computed.dueDate),
    explanation: `${computed.explanation}. ${why}`,
    procedureDueAt: computed.dueAt,
    childSafetyDueAt: null,
    extended: false,
  };
}

/** Whether the follow-up check can be answered at `now`: its day has come. */
export function followUpDue(
  state: EscalationState,
  context: DeadlineContext,
  now: string,
): FollowUpCheck | null {
  const check = followUpCheck(state, context);
  return check !== null && Date.parse(now) >= Date.parse(check.fallsDueAt) ? check : null;
}

/** The deadline of one pass through a stage, with any child-safety deadline and extension applied. */
export function visitDeadline(
  state: EscalationState,
  visit: StageVisit,
  context: DeadlineContext,
): EscalationDeadline {
  const stage = stageOf(context.procedure, state.track, visit.stage);
  const name = visit.round > 1 ? `${stage.name}, round ${visit.round}` : stage.name;
  const own =
    stage.deadline === undefined
      ? noTimescale(name, "The procedure sets no timescale for this stage.")
      : ruleDeadline(name, stage.deadline, state, visit, context);
  const safe = withChildSafety(own, visit.childSafetyDueAt, context.calendar);
  const extension = visit.extensions.at(-1);
  if (extension === undefined) return safe;
  return {
    ...safe,
    ...due(extension.dueAt, context.calendar),
    extended: true,
    explanation: `due ${dueWords(extension.dueAt, context.calendar)}: extended from ${dueWords(extension.previousDueAt, context.calendar)} because ${extension.reason}`,
  };
}

function targetDeadline(
  state: EscalationState,
  context: DeadlineContext,
): EscalationDeadline | null {
  const target = trackOf(context.procedure, state.track).target;
  if (target === undefined) return null;
  const own = ruleDeadline(target.name, target.deadline, state, currentVisit(state), context);
  return withChildSafety(own, state.targetChildSafetyDueAt, context.calendar);
}

function ruleDeadline(
  name: string,
  deadline: Deadline,
  state: EscalationState,
  visit: StageVisit,
  context: DeadlineContext,
): EscalationDeadline {
  const resolved = resolveRule(deadline, context);
  if ("open" in resolved) return noTimescale(name, resolved.open);
  const computed = computeDeadline(
    context.calendar,
    resolved.rule,
    clockStart(resolved.from, visit),
  );
  const restarted =
    resolved.from === "raised" && visit.raisedClockFrom !== state.raisedAt
      ? `; counted from ${formatDate(context.calendar.localDate(visit.raisedClockFrom))}, when the escalation was reopened`
      : "";
  return {
    name,
    dueAt: computed.dueAt,
    dueDate: computed.dueDate,
    explanation: `${computed.explanation}${restarted}`,
    procedureDueAt: computed.dueAt,
    childSafetyDueAt: null,
    extended: false,
  };
}

function noTimescale(name: string, explanation: string): EscalationDeadline {
  return {
    name,
    dueAt: null,
    dueDate: null,
    explanation,
    procedureDueAt: null,
    childSafetyDueAt: null,
    extended: false,
  };
}

/** The earlier of the procedure's deadline and one set to protect the child; both stay visible. */
function withChildSafety(
  own: EscalationDeadline,
  childSafetyDueAt: string | null,
  calendar: Calendar,
): EscalationDeadline {
  if (childSafetyDueAt === null) return own;
  const ownPhrase =
    own.dueAt === null
      ? "the procedure sets no timescale"
      : `the procedure's own deadline is ${own.explanation}`;
  if (own.dueAt !== null && Date.parse(own.dueAt) <= Date.parse(childSafetyDueAt)) {
    return {
      ...own,
      childSafetyDueAt,
      explanation: `${own.explanation}; earlier than the child-safety deadline of ${dueWords(childSafetyDueAt, calendar)}`,
    };
  }
  return {
    ...own,
    ...due(childSafetyDueAt, calendar),
    childSafetyDueAt,
    explanation: `due ${dueWords(childSafetyDueAt, calendar)}: a deadline set to protect the child, earlier than the procedure's; ${ownPhrase}`,
  };
}

/** "Wed 5 Mar 2025" for a deadline at the end of a day (or close of business), else the time too. */
export function dueWords(dueAt: string, calendar: Calendar): string {
  const date = calendar.localDate(dueAt);
  return Date.parse(calendar.dueInstant(date)) === Date.parse(dueAt)
    ? formatDate(date)
    : formatInstant(dueAt);
}

function due(dueAt: string, calendar: Calendar): { dueAt: string; dueDate: string } {
  return { dueAt, dueDate: calendar.localDate(dueAt) };
}

type ResolvedRule = { rule: DeadlineRule; from: ClockStart } | { open: string };

/** Turns a definition's deadline into the calendar's rule, filling open timescales from settings. */
function resolveRule(deadline: Deadline, context: DeadlineContext): ResolvedRule {
  if ("workingDays" in deadline) {
    const kind = deadline.counting === "day-one" ? "working-days-day-one" : "working-days-after";
    return { rule: { kind, days: deadline.workingDays }, from: deadline.from };
  }
  if ("hours" in deadline)
    return { rule: { kind: "hours-after", hours: deadline.hours }, from: deadline.from };
  if ("calendarDays" in deadline) {
    return {
      rule: { kind: "calendar-days-after", days: deadline.calendarDays },
      from: deadline.from,
    };
  }
  const setting = context.procedure.settings?.find(
    (candidate) => candidate.id === deadline.setting,
  );
  if (setting === undefined) throw new Error(`Undeclared setting ${deadline.setting}`);
  const value = context.settings?.[setting.id] ?? setting.value;
  if (value === null) {
    return {
      open: `No timescale set. ${deadline.note} The partnership has not set "${setting.name}".`,
    };
  }
  return setting.rule === "hours-after"
    ? { rule: { kind: "hours-after", hours: value }, from: setting.from }
    : { rule: { kind: "working-days-after", days: value }, from: setting.from };
}

function clockStart(from: ClockStart, visit: StageVisit): string {
  switch (from) {
    case "raised":
      // Reopened, the escalation counts as raised again: its stages get fresh deadlines.
      return visit.raisedClockFrom;
    case "stage-entered":
      return visit.enteredAt;
    case "partnership-notified":
      return visit.partnershipNotifiedAt ?? visit.enteredAt;
  }
}
