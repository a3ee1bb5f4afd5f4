// Triage: before raising, the procedure's exclusion questions, one page each, in its order. "Yes"
// shows what to do instead; "no" to every one leads on to the escalation's own questions.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Services } from "../../../../app/services.ts";
import type { Procedure } from "../../../../engine/procedure/schema.ts";
import { FormReader, fieldsOf } from "../../../forms/index.ts";
import {
  type Journey,
  journeySteps,
  placeOf,
  readJourney,
  stepPath,
  withJourney,
} from "../journey.ts";
import { contextOrRefusal, journeyInputs, renderQuestion } from "../pages.ts";

type Exclusion = Procedure["exclusions"][number];

export const ANSWERS = ["yes", "no"] as const;

const questionPath = (exclusion: Exclusion) => `/raise/triage/${exclusion.id}`;

function exclusionOf(procedure: Procedure, id: string): Exclusion | undefined {
  return procedure.exclusions.find((exclusion) => exclusion.id === id);
}

/** The journey with one more question answered "no". */
function clearing(journey: Journey, exclusion: Exclusion): Journey {
  return journey.cleared.includes(exclusion.id)
    ? journey
    : { ...journey, cleared: [...journey.cleared, exclusion.id] };
}

/**
 * The triage question a request is about, with the person's context and journey, when it is the
 * page they should be on. Otherwise the reply has been sent (refusal, not found, or a redirect
 * to the right page) and this gives null.
 */
async function triageStep(
  services: Services,
  request: FastifyRequest<{ Params: { id: string } }>,
  reply: FastifyReply,
  fields: Record<string, unknown>,
) {
  const context = await contextOrRefusal(services, request, reply);
  if (context === null) return null;
  const exclusion = exclusionOf(context.procedure, request.params.id);
  if (exclusion === undefined) {
    await reply.callNotFound();
    return null;
  }
  const journey = readJourney(fields);
  const place = placeOf(context.procedure, context.person, journey, `triage:${exclusion.id}`);
  if (!place.show) {
    await reply.redirect(place.redirect, 303);
    return null;
  }
  return { context, exclusion, journey, back: place.back };
}

export async function triageRoutes(app: FastifyInstance, { services }: { services: Services }) {
  // The start of the journey: the first question not yet answered.
  app.get("/raise", async (request, reply) => {
    const context = await contextOrRefusal(services, request, reply);
    if (context === null) return reply;
    const journey = readJourney(fieldsOf(request.query));
    const { next } = journeySteps(context.procedure, context.person, journey);
    return reply.redirect(stepPath(next, journey), 303);
  });

  app.get<{ Params: { id: string } }>("/raise/triage/:id", async (request, reply) => {
    const step = await triageStep(services, request, reply, fieldsOf(request.query));
    if (step === null) return reply;
    const { exclusion, journey } = step;
    return renderQuestion(reply, {
      ...triageQuestion(exclusion, journey),
      back: step.back,
      value: journey.cleared.includes(exclusion.id) ? "no" : null,
      errors: [],
    });
  });

  app.post<{ Params: { id: string } }>("/raise/triage/:id", async (request, reply) => {
    const form = new FormReader(request.body);
    const step = await triageStep(services, request, reply, form.fields);
    if (step === null) return reply;
    const { context, exclusion, journey } = step;
    const answer = form.choice("answer", ANSWERS, "Select yes or no");
    if (answer === null) {
      return renderQuestion(
        reply,
        {
          ...triageQuestion(exclusion, journey),
          back: step.back,
          value: null,
          errors: form.errors,
        },
        400,
      );
    }
    if (answer === "yes") {
      return reply.redirect(withJourney(`${questionPath(exclusion)}/instead`, journey), 303);
    }
    const onward = clearing(journey, exclusion);
    const { next } = journeySteps(context.procedure, context.person, onward);
    return reply.redirect(stepPath(next, onward), 303);
  });

  // What to do instead, when the answer was yes.
  app.get<{ Params: { id: string } }>("/raise/triage/:id/instead", async (request, reply) => {
    const step = await triageStep(services, request, reply, fieldsOf(request.query));
    if (step === null) return reply;
    const { context, exclusion, journey } = step;
    const onward = clearing(journey, exclusion);
    return reply.render("raise/triage/instead.njk", {
      exclusion,
      back: withJourney(questionPath(exclusion), journey),
      continueHref: exclusion.thenContinue
        ? stepPath(journeySteps(context.procedure, context.person, onward).next, onward)
        : null,
    });
  });
}

function triageQuestion(exclusion: Exclusion, journey: Journey) {
  return {
    question: exclusion.question,
    name: "answer",
    inline: true,
    ...(exclusion.hint === undefined ? {} : { hint: exclusion.hint }),
    items: [
      { value: "yes", text: "Yes" },
      { value: "no", text: "No" },
    ],
    action: questionPath(exclusion),
    hidden: journeyInputs(journey),
  };
}
