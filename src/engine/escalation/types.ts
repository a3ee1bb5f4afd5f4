import type { Calendar } from "../calendar/index.ts";
import type { ChildStatus, DiscussionMethod, Procedure } from "../procedure/schema.ts";

/** Who is acting: passed in, never looked up by the engine. */
export interface Actor {
  personId: string;
  agencyId: string;
  roles: readonly string[];
}

/** Everything the engine needs from outside, handed in by the caller. */
export interface Context {
  /** The procedure version the escalation started under. */
  procedure: Procedure;
  calendar: Calendar;
  /** The current instant, ISO 8601 with offset. */
  now: string;
  actor: Actor;
  /** Values the partnership has set for the definition's open timescales, by setting id. */
  settings?: Readonly<Record<string, number | null>>;
}

export interface Child {
  /** Initials or the agency's local reference: never a full name. */
  reference: string;
  dateOfBirth: string | null;
  status: ChildStatus;
}

export interface RaiseDetails {
  /** The decision, action or inaction being challenged. */
  challenged: string;
  tried: string;
  evidence: { kind: "evidence" | "gut-feeling"; text: string };
  outcomeSought: string;
  urgency: "routine" | "urgent";
}

/** A discussion as recorded: when, how, who, and what was said. */
export interface Discussion {
  heldAt: string;
  method: DiscussionMethod;
  participants: string;
  summary: string;
}

/** An action agreed at a stage, with its owner and date. */
export interface AgreedAction {
  actionId: string;
  description: string;
  owner: string;
  dueDate: string;
}

/** Each side's position when an escalation closes without agreement. */
export interface Positions {
  raisingPosition: string;
  receivingPosition: string;
  planContinues: string;
}

/** Where the escalation is filed: opaque to the engine, kept with the raise so the record is whole. */
export interface Registration {
  partnershipId: string;
  reference: string;
}

export type Command =
  | {
      type: "raise";
      escalationId: string;
      registration: Registration;
      track?: string;
      entry?: string;
      thematic: boolean;
      child: Child | null;
      raisingAgency: string;
      receivingAgencies: readonly string[];
      category: string;
      details: RaiseDetails;
      childSafetyDueAt?: string | null;
    }
  | ({ type: "record-discussion" } & Discussion)
  | ({ type: "agree-action" } & AgreedAction)
  | { type: "set-child-safety-deadline"; dueAt: string; reason: string }
  | { type: "extend-deadline"; dueAt: string; reason: string }
  | { type: "escalate"; reason: string; evidence?: string; childSafetyDueAt?: string | null }
  | { type: "next-round"; reason: string }
  | { type: "resolve"; outcome: string; outstandingIssues: string }
  | { type: "confirm-resolution" }
  | ({ type: "close-with-disagreement" } & Positions)
  | { type: "withdraw"; reason: string }
  | { type: "redirect"; to: string; reason: string }
  /**
   * The follow-up check after a resolution: whether the agreed actions happened. `note` is an
   * optional remark when they did, and what is still outstanding when they did not.
   */
  | { type: "answer-follow-up"; happened: boolean; note: string };

export type CommandType = Command["type"];

/** What happened, in the order it happened. The store adds the version and hashes. */
export type EventData =
  | {
      type: "escalation-raised";
      registration: Registration;
      procedure: { id: string; version: string };
      track: string;
      entry: string;
      thematic: boolean;
      child: Child | null;
      raisingAgency: string;
      receivingAgencies: readonly string[];
      category: string;
      details: RaiseDetails;
    }
  | {
      type: "stage-entered";
      stage: string;
      round: number;
      reason: "raised" | "escalated" | "next-round" | "automatic" | "reopened";
    }
  | {
      type: "notification-required";
      stage: string;
      round: number;
      role: string;
      /** True when the role belongs to the partnership rather than an agency. */
      partnership: boolean;
      trigger: "entry" | "outcome";
      note: string | null;
    }
  | ({ type: "discussion-recorded" } & Discussion)
  | ({ type: "action-agreed" } & AgreedAction)
  | { type: "child-safety-deadline-set"; scope: "stage" | "target"; dueAt: string; reason: string }
  | { type: "deadline-extended"; previousDueAt: string; dueAt: string; reason: string }
  | { type: "escalated"; from: string; to: string; reason: string; evidence: string | null }
  | { type: "resolution-proposed"; outcome: string; outstandingIssues: string; agencyId: string }
  | { type: "resolution-confirmed" }
  | ({ type: "closed-with-disagreement" } & Positions)
  | { type: "withdrawn"; reason: string }
  | { type: "redirected"; to: string; reason: string }
  | { type: "follow-up-confirmed"; note: string | null }
  /** The agreed actions did not happen: the escalation opens again, at the stage it was resolved. */
  | { type: "escalation-reopened"; outstanding: string }
  /**
   * The retention rule removed the escalation's personal details (src/engine/escalation/personal.ts).
   * `sealed` is the store's: for each event recorded before personal details were kept apart, a
   * digest of what is kept of it, which the chain vouches for once its own hash cannot be checked.
   */
  | {
      type: "escalation-anonymised";
      closedAt: string;
      retentionMonths: number;
      sealed: readonly { version: number; digest: string }[];
    };

export interface EscalationEvent<T extends EventData = EventData> {
  at: string;
  actor: Actor;
  data: T;
}

export type Decision =
  | { ok: true; events: EscalationEvent[] }
  | { ok: false; rejection: Rejection };

export interface Rejection {
  /** A stable code for tests and the web layer. */
  code: string;
  /** Why, in words the person can act on. */
  reason: string;
}

export type Status =
  | "open"
  | "resolution-proposed"
  | "resolved"
  | "closed-with-disagreement"
  | "withdrawn"
  | "redirected";

/** One pass through a stage: a stage entered once, or one round of a repeating stage. */
export interface StageVisit {
  stage: string;
  round: number;
  enteredAt: string;
  leftAt: string | null;
  /** Where clocks counted from the raise start for this visit: the raise, or the latest reopening. */
  raisedClockFrom: string;
  /** When a partnership role was told of this visit (its entry notification), if one was. */
  partnershipNotifiedAt: string | null;
  childSafetyDueAt: string | null;
  extensions: readonly {
    previousDueAt: string;
    dueAt: string;
    reason: string;
    at: string;
    by: string;
  }[];
}

/** When something was recorded and by whom. */
export interface Recorded {
  at: string;
  by: Actor;
}

export interface EscalationState {
  id: string;
  registration: Registration;
  /** The number of events applied. */
  version: number;
  procedure: { id: string; version: string };
  track: string;
  entry: string;
  thematic: boolean;
  child: Child | null;
  raisedAt: string;
  raisedBy: Actor;
  raisingAgency: string;
  receivingAgencies: readonly string[];
  category: string;
  details: RaiseDetails;
  status: Status;
  visits: readonly StageVisit[];
  targetChildSafetyDueAt: string | null;
  discussions: readonly (Discussion & Recorded)[];
  actions: readonly (AgreedAction & Recorded)[];
  resolution: {
    outcome: string;
    outstandingIssues: string;
    agencyId: string;
    proposedAt: string;
    confirmedAt: string | null;
  } | null;
  /** The follow-up check of the latest resolution: set when it is confirmed, until reopened. */
  followUp: {
    resolvedAt: string;
    /** How it was answered; null while it waits. */
    answer: { at: string; by: Actor; note: string | null } | null;
  } | null;
  /** When it was last reopened: a clock counted from the raise starts again from here. */
  reopenedAt: string | null;
  closedAt: string | null;
  /** When the retention rule removed its personal details, and the rule's months then. */
  anonymised: { at: string; retentionMonths: number } | null;
}
