// Raising the escalation from check your answers, and going back from it to change an answer.
import type { FastifyInstance } from "fastify";
import { accessOf, actingFor } from "../../../../app/access.ts";
import { loadEscalation, raiseEscalation } from "../../../../app/escalations.ts";
import type { Services } from "../../../../app/services.ts";
import { fieldsOf, single } from "../../../forms/index.ts";
import type { RaiseContext } from "../context.ts";
import { showDetails } from "../details/page.ts";
import { fieldOfRejection } from "../details/validation.ts";
import { journeySteps, readJourney, stepPath } from "../journey.ts";
import { contextOrRefusal } from "../pages.ts";
import { SCOPE_QUESTIONS, type ScopeQuestion, showScopeQuestion } from "../questions/questions.ts";
import { checkDetails } from "../review.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function checkAnswersRoutes(
  app: FastifyInstance,
  { services }: { services: Services },
) {
  app.post("/raise/check-answers", async (request, reply) => {
    const context = await contextOrRefusal(services, request, reply);
    if (context === null) return reply;
    const fields = fieldsOf(request.body);
    const journey = readJourney(fields);
    const { next } = journeySteps(context.procedure, context.person, journey);
    if (next.kind !== "details") return reply.redirect(stepPath(next, journey), 303);
    const scope = next.scope;
    // The answers come back from the browser: read them again as if they were typed now.
    const result = checkDetails(context, scope, fields);
    if (!result.ok) {
      return showDetails(reply, context, {
        journey,
        scope,
        fields,
        errors: result.errors,
        back: null,
      });
    }
    // The page's own id for this escalation: sent twice (a second click, a refresh), it raises one.
    const submission = single(fields, "submission");
    const id =
      typeof submission === "string" && UUID.test(submission) ? submission : services.newId();
    const already = await raisedBy(context, id);
    if (already === "this person") return reply.redirect(`/raise/raised/${id}`, 303);
    const escalationId = already === "someone else" ? services.newId() : id;
    let outcome: Awaited<ReturnType<typeof raiseEscalation>>;
    try {
      const acting = actingFor(services, await accessOf(services, context.person));
      outcome = await raiseEscalation(acting, context.person, result.input, escalationId);
    } catch (error) {
      // Two submissions at once: the one that lost finds the escalation the other raised.
      if ((await raisedBy(context, escalationId)) === "this person") {
        return reply.redirect(`/raise/raised/${escalationId}`, 303);
      }
      throw error;
    }
    if (!outcome.ok) {
      const reason = "rejection" in outcome ? outcome.rejection : null;
      if (reason === null) throw new Error("A new escalation cannot conflict");
      return showDetails(reply, context, {
        journey,
        scope,
        fields,
        errors: [{ field: fieldOfRejection(reason, scope.thematic), message: reason.reason }],
        back: null,
      });
    }
    return reply.redirect(`/raise/raised/${outcome.id}`, 303);
  });

  // A Change button on check your answers: the answers come along, back to that question (the
  // kind of escalation), or to the form (any other answer; the URL's fragment finds the field).
  app.post("/raise/change", async (request, reply) => {
    const context = await contextOrRefusal(services, request, reply);
    if (context === null) return reply;
    const fields = fieldsOf(request.body);
    const journey = readJourney(fields);
    const { steps, next } = journeySteps(context.procedure, context.person, journey);
    if (next.kind !== "details") return reply.redirect(stepPath(next, journey), 303);
    const change = single(fields, "change");
    const question = SCOPE_QUESTIONS.find((kind) => kind === change);
    if (question !== undefined && steps.some((step) => step.kind === question)) {
      return showScopeQuestion(reply, context, {
        kind: question as ScopeQuestion,
        journey,
        back: null,
        changing: fields,
      });
    }
    return showDetails(reply, context, {
      journey,
      scope: next.scope,
      fields,
      errors: [],
      back: null,
    });
  });
}

/**
 * Whether an escalation with this id exists, and who raised it: asked as the service itself, since
 * an id someone else used must not be raised again even when the person may not see theirs.
 */
async function raisedBy(
  context: RaiseContext,
  id: string,
): Promise<"nobody" | "this person" | "someone else"> {
  const existing = await loadEscalation(context.services, id);
  if (existing === undefined) return "nobody";
  return existing.state.raisedBy.personId === context.person.id ? "this person" : "someone else";
}
