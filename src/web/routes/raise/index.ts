import type { FastifyInstance } from "fastify";
import { requireSignIn } from "../../plugins/sessions.ts";
import type { WebServices } from "../../services.ts";
import { checkAnswersRoutes } from "./check-answers/handler.ts";
import { confirmationRoutes } from "./confirmation/handler.ts";
import { detailsRoutes } from "./details/handler.ts";
import { questionRoutes } from "./questions/handler.ts";
import { triageRoutes } from "./triage/handler.ts";

/**
 * Raising an escalation, for signed-in people in a member agency:
 *
 *   GET  /raise                        → the first question not yet answered
 *   GET  /raise/triage/:id             the procedure's exclusion questions, one a page (POST: yes/no)
 *   GET  /raise/triage/:id/instead     what to do instead, for a "yes"
 *   GET  /raise/track, /about, /start  the kind of escalation, where there is a choice (POST: answer)
 *   GET  /raise/details                the details form (POST: check it → check your answers)
 *   POST /raise/change                 from check your answers back to a question, answers kept
 *   POST /raise/check-answers          raises it → 303 /raise/raised/:id
 *   GET  /raise/raised/:id             the confirmation, for the person who raised it
 *
 * The answers travel in the query string and then in hidden fields: nothing is stored until the
 * escalation is raised, and everything is checked again then. See journey.ts for the order.
 */
export async function raiseRoutes(app: FastifyInstance, { services }: { services: WebServices }) {
  app.addHook("preHandler", requireSignIn);
  await app.register(triageRoutes, { services });
  await app.register(questionRoutes, { services });
  await app.register(detailsRoutes, { services });
  await app.register(checkAnswersRoutes, { services });
  await app.register(confirmationRoutes, { services });
}
