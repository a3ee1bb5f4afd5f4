// The questions between triage and the form: the track, a child or a theme, and where it starts.
import type { FastifyInstance } from "fastify";
import type { Services } from "../../../../app/services.ts";
import { FormReader, fieldsOf } from "../../../forms/index.ts";
import { journeySteps, placeOf, readJourney } from "../journey.ts";
import { contextOrRefusal } from "../pages.ts";
import { reviewDetails } from "../review.ts";
import {
  ANSWER_FIELD,
  answering,
  ask,
  nextPath,
  SCOPE_QUESTIONS,
  showScopeQuestion,
} from "./questions.ts";

export async function questionRoutes(app: FastifyInstance, { services }: { services: Services }) {
  for (const kind of SCOPE_QUESTIONS) {
    app.get(`/raise/${kind}`, async (request, reply) => {
      const context = await contextOrRefusal(services, request, reply);
      if (context === null) return reply;
      const journey = readJourney(fieldsOf(request.query));
      const place = placeOf(context.procedure, context.person, journey, kind);
      if (!place.show) return reply.redirect(place.redirect, 303);
      return showScopeQuestion(reply, context, { kind, journey, back: place.back, changing: null });
    });

    app.post(`/raise/${kind}`, async (request, reply) => {
      const context = await contextOrRefusal(services, request, reply);
      if (context === null) return reply;
      const form = new FormReader(request.body);
      const journey = readJourney(form.fields);
      const place = placeOf(context.procedure, context.person, journey, kind);
      if (!place.show) return reply.redirect(place.redirect, 303);
      // Sent from check your answers' Change: the other answers came too, and go back there.
      const changing = form.raw("changing") === "yes" ? form.fields : null;
      const asked = ask(context, journey, kind);
      const answer = form.choice(
        ANSWER_FIELD[kind],
        asked.items.map((item) => item.value),
        asked.message,
      );
      if (answer === null) {
        return showScopeQuestion(reply, context, {
          kind,
          journey,
          back: changing === null ? place.back : null,
          changing,
          errors: form.errors,
        });
      }
      const onward = answering(journey, kind, answer);
      if (changing === null) return reply.redirect(nextPath(context, onward).path, 303);
      const { next } = journeySteps(context.procedure, context.person, onward);
      const fields = { ...changing, [ANSWER_FIELD[kind]]: answer };
      if (next.kind === "details") {
        return reviewDetails(reply, context, {
          journey: onward,
          scope: next.scope,
          fields,
          back: null,
        });
      }
      if (next.kind === "triage") return reply.redirect(nextPath(context, onward).path, 303);
      // The new answer opened another question (a track with a thematic entry): ask it too.
      return showScopeQuestion(reply, context, {
        kind: next.kind,
        journey: onward,
        back: null,
        changing: fields,
      });
    });
  }
}
