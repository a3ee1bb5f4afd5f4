import { formatDate, formatInstant, isInstant, isIsoDate } from "../calendar/index.ts";
import {
  CHILD_STATUSES,
  DISCUSSION_METHODS,
  type OutcomeKind,
  type Stage,
} from "../procedure/schema.ts";
import {
  currentVisit,
  deadlinesOf,
  dueWords,
  followUpCheck,
  stageOf,
  trackOf,
} from "./deadlines.ts";
import { evolve } from "./evolve.ts";
import type {
  Command,
  Context,
  Decision,
  EscalationEvent,
  EscalationState,
  EventData,
  Rejection,
} from "./types.ts";

class Rejected extends Error {
  readonly rejection: Rejection;
  constructor(code: string, reason: string) {
    super(reason);
    this.rejection = { code, reason };
  }
}

function reject(code: string, reason: string): never {
  throw new Rejected(code, reason);
}

/**
 * Decides what a command does to an escalation: the events to record, or why it cannot be done.
 * Pure: time, ids and the actor come in through the command and context.
 */
export function decide(
  state: EscalationState | null,
  command: Command,
  context: Context,
): Decision {
  try {
    return { ok: true, events: new Decider(state, context).run(command) };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, rejection: error.rejection };
    throw error;
  }
}

/** Collects the events of one decision, keeping a draft state so later checks see earlier events. */
class Decider {
  private readonly events: EscalationEvent[] = [];
  /** The id a raise gives the new escalation, until the draft carries it. */
  private raisedId = "";
  private draft: EscalationState | null;
  private readonly context: Context;

  constructor(state: EscalationState | null, context: Context) {
    this.draft = state;
    this.context = context;
  }

  run(command: Command): EscalationEvent[] {
    instant(this.context.now, "the time of this action");
    if (command.type === "raise") {
      this.raise(command);
      return this.events;
    }
    const state = this.state();
    if (
      state.procedure.id !== this.context.procedure.id ||
      state.procedure.version !== this.context.procedure.version
    ) {
      throw new Error(
        `Escalation ${state.id} runs under ${state.procedure.id} ${state.procedure.version}, not ${this.context.procedure.version}`,
      );
    }
    if (command.type === "confirm-resolution") {
      this.confirmResolution();
      return this.events;
    }
    if (command.type === "answer-follow-up") {
      this.answerFollowUp(command.happened, command.note);
      return this.events;
    }
    this.mustBeOpen(command.type);
    switch (command.type) {
      case "record-discussion":
        instant(command.heldAt, "when the discussion was held");
        if (Date.parse(command.heldAt) > Date.parse(this.context.now)) {
          reject(
            "discussion-in-future",
            "A discussion can only be recorded once it has taken place.",
          );
        }
        if (!DISCUSSION_METHODS.includes(command.method)) {
          reject("invalid-method", "Choose how the discussion was held.");
        }
        this.emit({
          type: "discussion-recorded",
          heldAt: command.heldAt,
          method: command.method,
          participants: required(command.participants, "who took part"),
          summary: required(command.summary, "a summary of the discussion"),
        });
        break;
      case "agree-action":
        this.emit({
          type: "action-agreed",
          actionId: required(command.actionId, "the action's id"),
          description: required(command.description, "what was agreed"),
          owner: required(command.owner, "who will do it"),
          dueDate: localDate(command.dueDate, "when it is due"),
        });
        break;
      case "set-child-safety-deadline":
        this.setChildSafety(
          command.dueAt,
          required(command.reason, "why the child needs this deadline"),
        );
        break;
      case "extend-deadline":
        this.extend(command.dueAt, required(command.reason, "the reason for extending"));
        break;
      case "escalate":
        this.escalate(command.reason, command.evidence, command.childSafetyDueAt ?? null);
        break;
      case "next-round":
        this.nextRound(required(command.reason, "why another round is needed"));
        break;
      case "resolve":
        this.leaveBy("resolve");
        this.emit({
          type: "resolution-proposed",
          outcome: required(command.outcome, "the agreed outcome"),
          outstandingIssues: required(
            command.outstandingIssues,
            "how any outstanding issues will be pursued",
          ),
          agencyId: this.context.actor.agencyId,
        });
        break;
      case "close-with-disagreement":
        this.leaveBy("close-with-disagreement");
        this.emit({
          type: "closed-with-disagreement",
          raisingPosition: required(command.raisingPosition, "the raising agency's position"),
          receivingPosition: required(command.receivingPosition, "the other agency's position"),
          planContinues: required(command.planContinues, "how the plan continues"),
        });
        this.notifyOnOutcome();
        break;
      case "withdraw":
        if (this.context.actor.agencyId !== state.raisingAgency) {
          reject(
            "not-raising-agency",
            "Only the agency that raised the escalation can withdraw it.",
          );
        }
        this.emit({ type: "withdrawn", reason: required(command.reason, "why it is withdrawn") });
        break;
      case "redirect":
        this.emit({
          type: "redirected",
          to: required(command.to, "where the matter is going instead"),
          reason: required(command.reason, "why it is redirected"),
        });
        break;
    }
    return this.events;
  }

  private state(): EscalationState {
    if (this.draft === null) reject("not-raised", "This escalation has not been raised.");
    return this.draft;
  }

  private emit(data: EventData): void {
    const event: EscalationEvent = { at: this.context.now, actor: this.context.actor, data };
    this.events.push(event);
    this.draft = evolve(this.draft, event, this.draft?.id ?? this.raisedId);
  }

  private stage(): Stage {
    const state = this.state();
    return stageOf(this.context.procedure, state.track, currentVisit(state).stage);
  }

  private mustBeOpen(action: string): void {
    const state = this.state();
    if (state.status === "open") return;
    if (state.status === "resolution-proposed") {
      const allowed = ["record-discussion", "agree-action", "escalate", "withdraw", "redirect"];
      if (allowed.includes(action)) return;
      reject("resolution-pending", "A resolution is waiting for the other side to confirm it.");
    }
    const ended = {
      resolved: "resolved",
      "closed-with-disagreement": "closed with the disagreement noted",
      withdrawn: "withdrawn",
      redirected: "redirected",
    }[state.status];
    reject(
      "closed",
      `This escalation was ${ended} on ${formatInstant(state.closedAt ?? state.raisedAt)}; it can no longer change.`,
    );
  }

  private leaveBy(outcome: OutcomeKind): void {
    const stage = this.stage();
    if (stage.outcomes.some((candidate) => candidate.outcome === outcome)) return;
    const words = {
      escalate: "escalated",
      resolve: "resolved",
      "close-with-disagreement": "closed with the disagreement noted",
    }[outcome];
    const allowed = stage.outcomes
      .map((candidate) => candidate.label ?? candidate.outcome)
      .join(", ");
    reject(
      `cannot-${outcome}`,
      `${stage.name} cannot be ${words} under ${this.context.procedure.partnership}'s procedure. It can end with: ${allowed}.`,
    );
  }

  private raise(command: Extract<Command, { type: "raise" }>): void {
    if (this.draft !== null) reject("already-raised", "This escalation has already been raised.");
    const { procedure, actor } = this.context;
    const trackId = command.track ?? "general";
    const track = procedure.tracks[trackId];
    if (track === undefined)
      reject("unknown-track", `${procedure.partnership}'s procedure has no track "${trackId}".`);
    const entry =
      command.entry !== undefined
        ? track.entries.find(
            (candidate) => candidate.id === command.entry || candidate.stage === command.entry,
          )
        : track.entries.find((candidate) =>
            command.thematic ? candidate.thematic === true : candidate.default === true,
          );
    if (entry === undefined) {
      reject(
        "unknown-entry",
        command.entry !== undefined
          ? `${track.name} cannot be entered at "${command.entry}". It can be entered at: ${track.entries.map((e) => e.stage).join(", ")}.`
          : `${procedure.partnership}'s procedure has no route for thematic escalations on ${track.name}.`,
      );
    }
    if (entry.roles !== undefined && !entry.roles.some((role) => actor.roles.includes(role))) {
      const names = entry.roles.map(
        (role) => procedure.roles.find((r) => r.id === role)?.name ?? role,
      );
      reject(
        "entry-not-permitted",
        `Only a ${names.join(" or ")} can raise an escalation at ${entry.stage}.`,
      );
    }
    if (command.thematic && command.child !== null) {
      reject(
        "thematic-child",
        "A thematic escalation is about many children, so it holds no child's details.",
      );
    }
    if (!command.thematic) {
      if (command.child === null)
        reject("child-required", "Give the child's initials or local reference and status.");
      required(command.child.reference, "the child's initials or local reference");
      if (command.child.reference.length > 40) {
        reject(
          "child-reference",
          "Use initials or a local reference of 40 characters or fewer, not a full name.",
        );
      }
      if (command.child.dateOfBirth !== null)
        localDate(command.child.dateOfBirth, "the child's date of birth");
      if (!CHILD_STATUSES.includes(command.child.status))
        reject("child-status", "Choose the child's status.");
    }
    const category = procedure.categories.find((candidate) => candidate.id === command.category);
    if (
      category === undefined ||
      (track.categories !== undefined && !track.categories.includes(category.id))
    ) {
      reject("unknown-category", "Choose a category of disagreement from the procedure's list.");
    }
    if (category.thematic === true && !command.thematic) {
      reject("thematic-category", `"${category.name}" is only for thematic escalations.`);
    }
    required(command.raisingAgency, "the raising agency");
    if (command.raisingAgency !== actor.agencyId) {
      reject("not-own-agency", "You can only raise an escalation on behalf of your own agency.");
    }
    if (command.receivingAgencies.length === 0) {
      reject("no-receiving-agency", "Choose the agency whose decision you are challenging.");
    }
    if (command.receivingAgencies.includes(command.raisingAgency)) {
      reject(
        "same-agency",
        "A disagreement inside one agency follows that agency's own procedure, not this one.",
      );
    }
    const details = command.details;
    required(details.challenged, "the decision, action or inaction you are challenging");
    required(details.tried, "what has been tried so far");
    required(
      details.evidence.text,
      details.evidence.kind === "gut-feeling" ? "what your gut feeling is" : "the evidence",
    );
    required(details.outcomeSought, "the outcome you are seeking");

    this.raisedId = required(command.escalationId, "the escalation's id");
    this.emit({
      type: "escalation-raised",
      registration: command.registration,
      procedure: { id: procedure.id, version: procedure.version },
      track: trackId,
      entry: entry.id,
      thematic: command.thematic,
      child: command.child,
      raisingAgency: command.raisingAgency,
      receivingAgencies: [...command.receivingAgencies],
      category: category.id,
      details,
    });
    this.enter(entry.stage, 1, "raised");
    if (command.childSafetyDueAt != null) {
      this.setChildSafety(command.childSafetyDueAt, "set when the escalation was raised");
    }
  }

  private enter(
    stageId: string,
    round: number,
    reason: Extract<EventData, { type: "stage-entered" }>["reason"],
  ): void {
    this.emit({ type: "stage-entered", stage: stageId, round, reason });
    this.notify("entry", this.stage().notifyOnEntry ?? []);
  }

  private notifyOnOutcome(): void {
    this.notify("outcome", this.stage().notifyOnOutcome ?? []);
  }

  private notify(trigger: "entry" | "outcome", notices: NonNullable<Stage["notifyOnEntry"]>): void {
    const state = this.state();
    const visit = currentVisit(state);
    for (const notice of notices) {
      const statuses = notice.when?.childStatus;
      if (
        statuses !== undefined &&
        (state.child === null || !statuses.includes(state.child.status))
      )
        continue;
      const role = this.context.procedure.roles.find((candidate) => candidate.id === notice.role);
      this.emit({
        type: "notification-required",
        stage: visit.stage,
        round: visit.round,
        role: notice.role,
        partnership: role?.level === "partnership",
        trigger,
        note: notice.note ?? null,
      });
    }
  }

  private setChildSafety(dueAt: string, reason: string): void {
    instant(dueAt, "the child-safety deadline");
    if (Date.parse(dueAt) <= Date.parse(this.context.now)) {
      reject("child-safety-past", "A child-safety deadline must be later than now.");
    }
    const state = this.state();
    const track = trackOf(this.context.procedure, state.track);
    const deadlines = deadlinesOf(state, this.context);
    const scopes: ("stage" | "target")[] = [];
    if (this.stage().childSafetyOverride === true) scopes.push("stage");
    if (track.target?.childSafetyOverride === true) scopes.push("target");
    if (scopes.length === 0) {
      reject(
        "child-safety-not-allowed",
        `${this.context.procedure.partnership}'s procedure does not provide for a child-safety deadline at ${this.stage().name}.`,
      );
    }
    const sooner = scopes.filter((scope) => {
      const own =
        scope === "stage"
          ? deadlines.stage.procedureDueAt
          : (deadlines.target?.procedureDueAt ?? null);
      return own === null || Date.parse(dueAt) < Date.parse(own);
    });
    if (sooner.length === 0) {
      reject(
        "child-safety-not-earlier",
        "The procedure's own deadline is already sooner; a child-safety deadline must be earlier than it.",
      );
    }
    for (const scope of sooner)
      this.emit({ type: "child-safety-deadline-set", scope, dueAt, reason });
  }

  private extend(dueAt: string, reason: string): void {
    const { procedure, actor } = this.context;
    const permitted = procedure.deadlineExtension.roles;
    if (!permitted.some((role) => actor.roles.includes(role))) {
      const names = permitted.map(
        (role) => procedure.roles.find((r) => r.id === role)?.name ?? role,
      );
      reject(
        "extension-not-permitted",
        `Only a ${names.join(" or ")} can extend a deadline under ${procedure.partnership}'s procedure.`,
      );
    }
    instant(dueAt, "the new deadline");
    const current = deadlinesOf(this.state(), this.context).stage;
    if (current.dueAt === null) reject("no-deadline", "This stage has no deadline to extend.");
    if (Date.parse(dueAt) <= Date.parse(current.dueAt)) {
      reject(
        "extension-not-later",
        `The new deadline must be later than the current one, ${dueWords(current.dueAt, this.context.calendar)}.`,
      );
    }
    this.emit({ type: "deadline-extended", previousDueAt: current.dueAt, dueAt, reason });
  }

  private escalate(
    reason: string,
    evidence: string | undefined,
    childSafetyDueAt: string | null,
  ): void {
    const stage = this.stage();
    const outcome = stage.outcomes.find((candidate) => candidate.outcome === "escalate");
    if (outcome?.to === undefined) {
      reject(
        "cannot-escalate",
        `${stage.name} is the last stage of ${this.context.procedure.partnership}'s procedure: it cannot be escalated further. It can end with: ${stage.outcomes.map((o) => o.label ?? o.outcome).join(", ")}.`,
      );
    }
    const next = stageOf(this.context.procedure, this.state().track, outcome.to);
    const evidenceText = evidence?.trim() ?? "";
    if (stage.evidenceToEscalate !== undefined && evidenceText === "") {
      reject(
        "evidence-required",
        `Before escalating to ${next.name}, record the evidence the procedure asks for: ${stage.evidenceToEscalate}`,
      );
    }
    this.emit({
      type: "escalated",
      from: stage.id,
      to: next.id,
      reason: required(reason, "why it is being escalated"),
      evidence: evidenceText === "" ? null : evidenceText,
    });
    this.enter(next.id, 1, "escalated");
    if (childSafetyDueAt !== null) this.setChildSafety(childSafetyDueAt, reason);
  }

  private nextRound(reason: string): void {
    const stage = this.stage();
    const visit = currentVisit(this.state());
    if (stage.repeats === undefined) {
      reject("not-repeating", `${stage.name} does not repeat; escalate it or end it instead.`);
    }
    const round = visit.round + 1;
    if (stage.repeats.maxRounds !== undefined && round > stage.repeats.maxRounds) {
      reject("too-many-rounds", `${stage.name} has at most ${stage.repeats.maxRounds} rounds.`);
    }
    this.enter(stage.id, round, "next-round");
    if (stage.repeats.escalateOnRound === round) {
      const to = stage.outcomes.find((candidate) => candidate.outcome === "escalate")?.to;
      if (to === undefined)
        throw new Error(`${stage.id} escalates on round ${round} but has nowhere to go`);
      this.emit({
        type: "escalated",
        from: stage.id,
        to,
        reason: `Round ${round} reached: ${reason}`,
        evidence: null,
      });
      this.enter(to, 1, "automatic");
    }
  }

  /**
   * The follow-up check: on or after its day, either side says whether the agreed actions
   * happened. If they did not, the escalation opens again at the stage it was resolved at, in a
   * new round with fresh deadlines, and whoever that stage tells on entry is told again.
   */
  private answerFollowUp(happened: boolean, note: string): void {
    const state = this.state();
    const check = followUpCheck(state, this.context);
    if (check === null) {
      reject("no-follow-up", "There is no follow-up check waiting for an answer.");
    }
    if (Date.parse(this.context.now) < Date.parse(check.fallsDueAt)) {
      reject(
        "follow-up-not-due",
        `The follow-up check is due on ${formatDate(check.dueDate)}; it can be answered from then.`,
      );
    }
    if (![state.raisingAgency, ...state.receivingAgencies].includes(this.context.actor.agencyId)) {
      reject(
        "follow-up-not-party",
        "Only the agencies in the disagreement can answer the follow-up check.",
      );
    }
    if (happened) {
      this.emit({ type: "follow-up-confirmed", note: note.trim() === "" ? null : note.trim() });
      return;
    }
    this.emit({
      type: "escalation-reopened",
      outstanding: required(note, "what has not happened"),
    });
    const stage = currentVisit(state).stage;
    const rounds = state.visits.filter((visit) => visit.stage === stage).map((v) => v.round);
    this.enter(stage, Math.max(...rounds) + 1, "reopened");
  }

  private confirmResolution(): void {
    const state = this.state();
    if (state.status !== "resolution-proposed" || state.resolution === null) {
      this.mustBeOpen("confirm-resolution");
      reject("no-resolution", "There is no resolution waiting to be confirmed.");
    }
    const agency = this.context.actor.agencyId;
    const parties = [state.raisingAgency, ...state.receivingAgencies];
    if (!parties.includes(agency) || agency === state.resolution.agencyId) {
      reject(
        "confirm-other-side",
        "The resolution must be confirmed by the other side of the disagreement.",
      );
    }
    this.notifyOnOutcome();
    this.emit({ type: "resolution-confirmed" });
  }
}

function required(text: string, what: string): string {
  if (typeof text !== "string" || text.trim() === "") reject("missing", `Enter ${what}.`);
  return text.trim();
}

function instant(text: string, what: string): void {
  if (!isInstant(text)) reject("invalid-time", `Enter ${what} as a real date and time.`);
}

function localDate(text: string, what: string): string {
  if (!isIsoDate(text)) reject("invalid-date", `Enter ${what} as a real date.`);
  return text;
}
