// The escalation's details, read from the form (or from the hidden fields of check your answers,
// read again exactly the same way) into what raiseEscalation takes, with GOV.UK error messages.
import type { RaiseInput } from "../../../../app/escalations.ts";
import type { Agency } from "../../../../db/directory.ts";
import type { Calendar } from "../../../../engine/calendar/index.ts";
import type { Rejection } from "../../../../engine/escalation/index.ts";
import {
  CHILD_STATUSES,
  type ChildStatus,
  type Procedure,
} from "../../../../engine/procedure/schema.ts";
import { type Fields, FormReader, londonInstant, TEXT_LIMIT } from "../../../forms/index.ts";
import type { FieldError } from "../../../views/form-errors.ts";
import type { Scope } from "../journey.ts";

/** The form's fields, in the order the page shows them. */
export const DETAIL_FIELDS = [
  "child-reference",
  "dob-day",
  "dob-month",
  "dob-year",
  "child-status",
  "receiving",
  "category",
  "challenged",
  "tried",
  "evidence-kind",
  "evidence",
  "outcome",
  "urgency",
  "safety-day",
  "safety-month",
  "safety-year",
  "safety-hour",
  "safety-minute",
] as const;

/** Initials or a local reference, never a name: the engine takes at most 40 characters. */
export const CHILD_REFERENCE_LIMIT = 40;

export const CHILD_STATUS_NAMES: Record<ChildStatus, string> = {
  "cp-plan": "Subject to a child protection plan",
  "child-in-need": "Child in need",
  "looked-after": "Looked after (in care)",
  none: "None of these",
};

export const EVIDENCE_KINDS = ["evidence", "gut-feeling"] as const;
export const EVIDENCE_KIND_NAMES = {
  evidence: "Evidence",
  "gut-feeling": "A gut feeling",
} as const;

export const URGENCIES = ["routine", "urgent"] as const;
export const URGENCY_NAMES = { routine: "Routine", urgent: "Urgent" } as const;

/** The categories offered for this escalation: the track's, and the thematic ones only for a theme. */
export function categoriesFor(procedure: Procedure, scope: Scope): Procedure["categories"] {
  return procedure.categories.filter(
    (category) =>
      (scope.track.categories === undefined || scope.track.categories.includes(category.id)) &&
      (scope.thematic || category.thematic !== true),
  );
}

/** Whether the person may set an earlier deadline to protect the child at the entry stage. */
export function childSafetyApplies(scope: Scope): boolean {
  const stage = scope.track.stages.find((candidate) => candidate.id === scope.entry.stage);
  return stage?.childSafetyOverride === true || scope.track.target?.childSafetyOverride === true;
}

export interface DetailsOptions {
  procedure: Procedure;
  scope: Scope;
  /** The agencies the person may challenge: the partnership's others. */
  agencies: readonly Pick<Agency, "id" | "name">[];
  /**
   * The person's own agency: never offered, but let through so that the engine, which refuses a
   * challenge inside one agency, can say why.
   */
  ownAgencyId?: string;
  calendar: Calendar;
  /** Today in the partnership's time zone, YYYY-MM-DD. */
  today: string;
}

export type DetailsResult = { ok: true; input: RaiseInput } | { ok: false; errors: FieldError[] };

/** Reads and checks every field; the result is what raiseEscalation takes, or every error in order. */
export function validateDetails(fields: Fields, options: DetailsOptions): DetailsResult {
  const { procedure, scope, agencies, calendar, today } = options;
  const form = new FormReader(fields, { today });

  let child: RaiseInput["child"] = null;
  if (!scope.thematic) {
    const reference = form.text(
      "child-reference",
      "the child’s initials or your agency’s case reference",
      { max: CHILD_REFERENCE_LIMIT, named: "The child’s initials or case reference" },
    );
    const dateOfBirth = form.date("dob", "the child’s date of birth", {
      required: false,
      bound: "today-or-past",
      named: "Date of birth",
    });
    const status = form.choice("child-status", CHILD_STATUSES, "Select the child’s status");
    if (status !== null) child = { reference, dateOfBirth, status };
  }

  const receivingAgencies = form.choices(
    "receiving",
    [
      ...agencies.map((agency) => agency.id),
      ...(options.ownAgencyId === undefined ? [] : [options.ownAgencyId]),
    ],
    "Select the agency or agencies whose decision you are challenging",
  );
  const category = form.choice(
    "category",
    categoriesFor(procedure, scope).map((candidate) => candidate.id),
    "Select what kind of disagreement it is",
  );
  const challenged = form.text(
    "challenged",
    "the decision, action or inaction you are challenging",
  );
  const tried = form.text("tried", "what has been tried to resolve it");
  const evidenceKind = form.choice(
    "evidence-kind",
    EVIDENCE_KINDS,
    "Select whether you have evidence or a gut feeling",
  );
  const evidence = form.text(
    "evidence",
    evidenceKind === "gut-feeling"
      ? "your gut feeling and what it rests on"
      : evidenceKind === "evidence"
        ? "the evidence"
        : "the evidence or your gut feeling",
  );
  const outcomeSought = form.text("outcome", "the outcome you are seeking");
  const urgency = form.choice("urgency", URGENCIES, "Select how urgent it is");

  let childSafetyDueAt: string | null = null;
  if (childSafetyApplies(scope)) {
    const what = "the date of the earlier deadline";
    const date = form.date("safety", what, { required: false, bound: "today-or-future" });
    const time = form.time("safety", "the time of the earlier deadline", { required: false });
    if (date === null && time !== null && !form.hasAny("safety")) {
      form.add("safety-day", `Enter ${what}, or leave the time empty too`);
    }
    if (date !== null && !form.hasAny("safety")) {
      childSafetyDueAt = time === null ? calendar.dueInstant(date) : londonInstant(date, time);
    }
  }

  if (!form.ok || category === null || evidenceKind === null || urgency === null) {
    return { ok: false, errors: form.errors };
  }
  if (!scope.thematic && child === null) return { ok: false, errors: form.errors };
  return {
    ok: true,
    input: {
      track: scope.trackId,
      entry: scope.entry.id,
      thematic: scope.thematic,
      child,
      receivingAgencies,
      category,
      details: {
        challenged,
        tried,
        evidence: { kind: evidenceKind, text: evidence },
        outcomeSought,
        urgency,
      },
      childSafetyDueAt,
    },
  };
}

/** The field the engine's refusal is about, for the error summary's link. */
export function fieldOfRejection(rejection: Rejection, thematic: boolean): string {
  const byCode: Record<string, string> = {
    "thematic-child": "child-reference",
    "child-required": "child-reference",
    "child-reference": "child-reference",
    "invalid-date": "dob-day",
    "child-status": "child-status",
    "not-own-agency": "receiving",
    "no-receiving-agency": "receiving",
    "same-agency": "receiving",
    "unknown-category": "category",
    "thematic-category": "category",
    "invalid-time": "safety-day",
    "child-safety-past": "safety-day",
    "child-safety-not-allowed": "safety-day",
    "child-safety-not-earlier": "safety-day",
  };
  return byCode[rejection.code] ?? (thematic ? "receiving" : "child-reference");
}

/** TEXT_LIMIT, for the templates' character counts. */
export const DETAIL_TEXT_LIMIT = TEXT_LIMIT;
