import type { FastifyInstance } from "fastify";
import { yourWork } from "../../../db/escalation-queries.ts";
import { readAs } from "../../../db/visibility.ts";
import { requireSignIn, signedInAccess } from "../../plugins/sessions.ts";
import { listSetting, presentForSetting } from "../../presenters/escalation-row.ts";
import type { WebServices } from "../../services.ts";

/** "Your work": the escalations waiting on the signed-in person or their agency. */
export async function yourWorkRoutes(
  app: FastifyInstance,
  { services }: { services: WebServices },
) {
  app.get("/your-work", { preHandler: requireSignIn }, async (request, reply) => {
    const setting = listSetting(services, signedInAccess(request));
    const rows = await readAs(services.db, setting.viewer, (tx) => yourWork(tx, setting.viewer));
    const escalations = await presentForSetting(rows, setting, services.procedures);
    return reply.render("your-work/your-work.njk", {
      procedure: setting.procedure,
      agency: setting.agency,
      escalations,
      overdue: escalations.filter((escalation) => escalation.deadline?.overdue === true).length,
      routedStages: setting.routedStages,
    });
  });
}
