// The details page: everything about the escalation on one page, in fieldsets, as professionals
// fill it in one sitting. Shown empty, with its errors, or filled in again to change an answer.
import type { FastifyReply } from "fastify";
import {
  dateInputView,
  echo,
  type Fields,
  formatCount,
  many,
  timeInputView,
} from "../../../forms/index.ts";
import type { FieldError } from "../../../views/form-errors.ts";
import type { RaiseContext } from "../context.ts";
import type { Journey, Scope } from "../journey.ts";
import { CAPTION, journeyInputs } from "../pages.ts";
import {
  CHILD_REFERENCE_LIMIT,
  CHILD_STATUS_NAMES,
  categoriesFor,
  childSafetyApplies,
  DETAIL_TEXT_LIMIT,
} from "./validation.ts";

export interface DetailsPage {
  journey: Journey;
  scope: Scope;
  /** What was sent, to show again; {} for an empty form. */
  fields: Fields;
  errors: FieldError[];
  /** The back link; null when the page answers a POST (changing an answer). */
  back: string | null;
}

export function showDetails(reply: FastifyReply, context: RaiseContext, page: DetailsPage) {
  const { procedure } = context;
  const { scope, fields, errors } = page;
  const stage = scope.track.stages.find((candidate) => candidate.id === scope.entry.stage);
  const deadlineNote =
    stage?.deadline !== undefined && "note" in stage.deadline ? stage.deadline.note : undefined;
  return reply.code(errors.length > 0 ? 400 : 200).render("raise/details/details.njk", {
    caption: CAPTION,
    back: page.back,
    errors,
    values: echo(fields),
    hidden: journeyInputs(page.journey),
    trackName: Object.keys(procedure.tracks).length > 1 ? scope.track.name : null,
    thematic: scope.thematic,
    stageName: stage?.name ?? scope.entry.stage,
    agencyName: context.agencyName,
    limits: {
      childReference: CHILD_REFERENCE_LIMIT,
      text: DETAIL_TEXT_LIMIT,
      textInWords: formatCount(DETAIL_TEXT_LIMIT),
    },
    childStatuses: Object.entries(CHILD_STATUS_NAMES).map(([value, text]) => ({ value, text })),
    agencies: context.otherAgencies.map((agency) => ({ value: agency.id, text: agency.name })),
    receiving: many(fields, "receiving") ?? [],
    categories: categoriesFor(procedure, scope).map((category) => ({
      value: category.id,
      text: category.name,
      ...(category.description === undefined ? {} : { hint: { text: category.description } }),
    })),
    guidance: {
      sampleWording: procedure.guidance.sampleWording ?? [],
      avoidTerms: procedure.guidance.avoidTerms ?? [],
    },
    childSafety: childSafetyApplies(scope)
      ? {
          deadlineNote: deadlineNote ?? null,
          target: scope.track.target?.childSafetyOverride === true ? scope.track.target.name : null,
        }
      : null,
    dob: dateInputView("dob", fields, errors),
    safetyDate: dateInputView("safety", fields, errors),
    safetyTime: timeInputView("safety", fields, errors),
  });
}
