// Check your answers: every answer in a summary list, each with a Change button that takes the
// answers back to its question. The answers travel in hidden fields (there is no stored draft)
// and are checked again, in full, when the escalation is raised.
import type { FastifyReply } from "fastify";
import type { RaiseInput } from "../../../../app/escalations.ts";
import { dueWords } from "../../../../engine/escalation/deadlines.ts";
import type { Fields } from "../../../forms/index.ts";
import type { Preview, RaiseContext } from "../context.ts";
import {
  CHILD_STATUS_NAMES,
  childSafetyApplies,
  DETAIL_FIELDS,
  EVIDENCE_KIND_NAMES,
  URGENCY_NAMES,
} from "../details/validation.ts";
import { hasThematicEntry, JOURNEY_FIELDS, type Journey, type Scope } from "../journey.ts";
import { CAPTION, hiddenInputs, longDate } from "../pages.ts";

/** What a Change button can go back to (its `change` value), and the id of the field to land on. */
export const CHANGE_TARGETS = {
  track: "track",
  about: "about",
  start: "entry",
  "child-reference": "child-reference",
  dob: "dob-day",
  "child-status": "child-status",
  receiving: "receiving",
  category: "category",
  challenged: "challenged",
  tried: "tried",
  "evidence-kind": "evidence-kind",
  outcome: "outcome",
  urgency: "urgency",
  safety: "safety-day",
} as const;
export type ChangeTarget = keyof typeof CHANGE_TARGETS;

export interface SummaryRow {
  key: string;
  /** The answer: one line, several lines (kept as written), or a list. */
  text?: string;
  lines?: string;
  list?: string[];
  /**
   * The question to go back to: the `change` value, the id of the field to land on, and words
   * for screen readers ("Change the child’s status").
   */
  change: { field: string; anchor: string; label: string } | null;
  qa: string;
}

export interface CheckAnswersPage {
  journey: Journey;
  scope: Scope;
  fields: Fields;
  input: RaiseInput;
  preview: Preview;
}

export function summaryRows(context: RaiseContext, page: CheckAnswersPage): SummaryRow[] {
  const { procedure, calendar, otherAgencies } = context;
  const { scope, input, preview } = page;
  const rows: SummaryRow[] = [];
  const row = (
    qa: string,
    key: string,
    answer: Pick<SummaryRow, "text" | "lines" | "list">,
    change: { field: ChangeTarget; label: string } | null,
  ) =>
    rows.push({
      qa,
      key,
      ...answer,
      change: change === null ? null : { ...change, anchor: CHANGE_TARGETS[change.field] },
    });

  if (Object.keys(procedure.tracks).length > 1) {
    row(
      "track",
      "Kind of matter",
      { text: scope.track.name },
      { field: "track", label: "the kind of disagreement" },
    );
  }
  if (hasThematicEntry(scope.track)) {
    row(
      "about",
      "About",
      { text: scope.thematic ? "A theme across children" : "A child, or brothers and sisters" },
      { field: "about", label: "whether it is about a child or a theme" },
    );
  }
  const due =
    preview.deadline.dueAt === null
      ? ""
      : `, due ${dueWords(preview.deadline.dueAt, calendar)} if raised now`;
  row(
    "start",
    "Starts at",
    { text: `${preview.stage.name}${due}` },
    scope.entryChosen ? { field: "start", label: "where the escalation starts" } : null,
  );
  if (input.child !== null) {
    row(
      "child-reference",
      "Child’s initials or reference",
      { text: input.child.reference },
      {
        field: "child-reference",
        label: "the child’s initials or reference",
      },
    );
    row(
      "dob",
      "Date of birth",
      { text: input.child.dateOfBirth === null ? "Not given" : longDate(input.child.dateOfBirth) },
      { field: "dob", label: "the child’s date of birth" },
    );
    row(
      "child-status",
      "Child’s status",
      { text: CHILD_STATUS_NAMES[input.child.status] },
      {
        field: "child-status",
        label: "the child’s status",
      },
    );
  }
  row(
    "receiving",
    input.receivingAgencies.length > 1 ? "Agencies challenged" : "Agency challenged",
    {
      list: input.receivingAgencies.map(
        (id) => otherAgencies.find((agency) => agency.id === id)?.name ?? id,
      ),
    },
    { field: "receiving", label: "the agency challenged" },
  );
  row(
    "category",
    "Kind of disagreement",
    {
      text:
        procedure.categories.find((category) => category.id === input.category)?.name ??
        input.category,
    },
    { field: "category", label: "what kind of disagreement it is" },
  );
  const { details } = input;
  row(
    "challenged",
    "Decision, action or inaction challenged",
    { lines: details.challenged },
    {
      field: "challenged",
      label: "the decision, action or inaction challenged",
    },
  );
  row(
    "tried",
    "What has been tried",
    { lines: details.tried },
    { field: "tried", label: "what has been tried" },
  );
  row(
    "evidence",
    EVIDENCE_KIND_NAMES[details.evidence.kind],
    { lines: details.evidence.text },
    { field: "evidence-kind", label: "the evidence or gut feeling" },
  );
  row(
    "outcome",
    "Outcome sought",
    { lines: details.outcomeSought },
    { field: "outcome", label: "the outcome sought" },
  );
  row(
    "urgency",
    "Urgency",
    { text: URGENCY_NAMES[details.urgency] },
    { field: "urgency", label: "how urgent it is" },
  );
  if (childSafetyApplies(scope)) {
    row(
      "safety",
      "Earlier deadline to protect the child",
      {
        text: input.childSafetyDueAt == null ? "None" : dueWords(input.childSafetyDueAt, calendar),
      },
      { field: "safety", label: "the earlier deadline" },
    );
  }
  return rows;
}

export function showCheckAnswers(
  reply: FastifyReply,
  context: RaiseContext,
  page: CheckAnswersPage,
) {
  return reply.render("raise/check-answers/check-answers.njk", {
    caption: CAPTION,
    rows: summaryRows(context, page),
    stageName: page.preview.stage.name,
    hidden: [
      ...hiddenInputs(page.fields, [...JOURNEY_FIELDS, ...DETAIL_FIELDS]),
      { name: "submission", value: context.services.newId() },
    ],
  });
}
