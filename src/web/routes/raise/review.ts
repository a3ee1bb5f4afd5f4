// After the details are sent (or an answer changed): check them, ask the engine whether it would
// raise the escalation, then show check your answers, or the form again with what is wrong.
import type { FastifyReply } from "fastify";
import type { Fields } from "../../forms/index.ts";
import { showCheckAnswers } from "./check-answers/page.ts";
import { previewRaise, type RaiseContext } from "./context.ts";
import { showDetails } from "./details/page.ts";
import { fieldOfRejection, validateDetails } from "./details/validation.ts";
import type { Journey, Scope } from "./journey.ts";

/** The details as sent, read and checked against the person's partnership and agency. */
export function checkDetails(context: RaiseContext, scope: Scope, fields: Fields) {
  return validateDetails(fields, {
    procedure: context.procedure,
    scope,
    agencies: context.otherAgencies,
    ownAgencyId: context.person.agencyId,
    calendar: context.calendar,
    today: context.today,
  });
}

export function reviewDetails(
  reply: FastifyReply,
  context: RaiseContext,
  page: { journey: Journey; scope: Scope; fields: Fields; back: string | null },
) {
  const { scope, fields } = page;
  const result = checkDetails(context, scope, fields);
  if (!result.ok) return showDetails(reply, context, { ...page, errors: result.errors });
  const preview = previewRaise(context, result.input);
  if (!preview.ok) {
    const field = fieldOfRejection(preview.rejection, scope.thematic);
    return showDetails(reply, context, {
      ...page,
      errors: [{ field, message: preview.rejection.reason }],
    });
  }
  return showCheckAnswers(reply, context, {
    journey: page.journey,
    scope,
    fields,
    input: result.input,
    preview: preview.preview,
  });
}
