import type { FastifyInstance } from "fastify";
import type { WebServices } from "../../services.ts";
import { agencyRoutes } from "./agencies.ts";
import { requireAdministrator } from "./common.ts";
import { historyRoutes } from "./history.ts";
import { inboxRoutes } from "./inboxes.ts";
import { failedEmailsFor, outboxRoutes } from "./outbox.ts";
import { peopleRoutes } from "./people.ts";
import { settingsRoutes } from "./settings.ts";
import { holidayRoutes } from "./settings-holidays.ts";
import { viewRoutes } from "./views.ts";

/**
 * Administration, under /admin, for the partnership's administrators only: signed-out visitors
 * are sent to sign in, anyone else is refused. /admin/single-sign-on is registered with single
 * sign-on's own routes.
 */
export async function adminRoutes(app: FastifyInstance, { services }: { services: WebServices }) {
  app.addHook("preHandler", requireAdministrator);
  app.addHook("preHandler", failedEmailsFor(services));
  app.get("/admin", async (_request, reply) => reply.redirect("/admin/agencies", 303));
  await app.register(agencyRoutes, { services });
  await app.register(peopleRoutes, { services });
  await app.register(inboxRoutes, { services });
  await app.register(settingsRoutes, { services });
  await app.register(holidayRoutes, { services });
  await app.register(outboxRoutes, { services });
  await app.register(viewRoutes, { services });
  await app.register(historyRoutes, { services });
}
