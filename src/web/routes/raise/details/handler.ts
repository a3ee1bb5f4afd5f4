// The details form: shown once the questions before it are answered, then checked on sending.
import type { FastifyInstance } from "fastify";
import type { Services } from "../../../../app/services.ts";
import { fieldsOf } from "../../../forms/index.ts";
import { placeOf, readJourney } from "../journey.ts";
import { contextOrRefusal } from "../pages.ts";
import { reviewDetails } from "../review.ts";
import { showDetails } from "./page.ts";

export async function detailsRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get("/raise/details", async (request, reply) => {
    const context = await contextOrRefusal(services, request, reply);
    if (context === null) return reply;
    const journey = readJourney(fieldsOf(request.query));
    const place = placeOf(context.procedure, context.person, journey, "details");
    if (!place.show || place.step.kind !== "details") {
      return reply.redirect(place.show ? "/raise" : place.redirect, 303);
    }
    return showDetails(reply, context, {
      journey,
      scope: place.step.scope,
      fields: {},
      errors: [],
      back: place.back,
    });
  });

  app.post("/raise/details", async (request, reply) => {
    const context = await contextOrRefusal(services, request, reply);
    if (context === null) return reply;
    const fields = fieldsOf(request.body);
    const journey = readJourney(fields);
    const place = placeOf(context.procedure, context.person, journey, "details");
    if (!place.show || place.step.kind !== "details") {
      return reply.redirect(place.show ? "/raise" : place.redirect, 303);
    }
    return reviewDetails(reply, context, {
      journey,
      scope: place.step.scope,
      fields,
      back: place.back,
    });
  });
}
