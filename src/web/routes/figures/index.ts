import type { FastifyInstance } from "fastify";
import { accessOf } from "../../../app/access.ts";
import { figuresFor } from "../../../app/figures.ts";
import { HttpError } from "../../http-error.ts";
import { requireSignIn, signedIn } from "../../plugins/sessions.ts";
import type { WebServices } from "../../services.ts";
import { presentFigures } from "./present.ts";

/** /partnership/figures: the partnership team's anonymised figures. It reads no query. */
export async function figuresRoutes(app: FastifyInstance, { services }: { services: WebServices }) {
  app.get("/partnership/figures", { preHandler: requireSignIn }, async (request, reply) => {
    const access = await accessOf(services, signedIn(request));
    const counts = await figuresFor(services, access);
    if (counts === null) throw new HttpError(403, "the figures are for the partnership team");
    return reply.render(
      "figures/figures.njk",
      presentFigures(counts, access.partnership.name, access.procedure, services.now()),
    );
  });
}
