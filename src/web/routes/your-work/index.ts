import type { FastifyInstance } from "fastify";
import { yourWork } from "../../../db/escalation-queries.ts";
import { requireSignIn, signedIn } from "../../plugins/sessions.ts";
import { listSetting, presentForSetting } from "../../presenters/escalation-row.ts";
import type { WebServices } from "../../services.ts";

/** The service's main sections, for signed-in people; `current` is the section being shown. */
export function signedInNavigation(current: "/your-work" | "/raise" | "/log") {
  return [
    { href: "/your-work", text: "Your work" },
    { href: "/raise", text: "Raise an escalation" },
    { href: "/log", text: "Log" },
  ].map((item) => ({ ...item, current: item.href === current }));
}

/** "Your work": the escalations waiting on the signed-in person or their agency. */
export async function yourWorkRoutes(
  app: FastifyInstance,
  { services }: { services: WebServices },
) {
  app.get("/your-work", { preHandler: requireSignIn }, async (request, reply) => {
    const setting = await listSetting(services, signedIn(request));
    const rows = await yourWork(services.db, setting.viewer);
    const escalations = await presentForSetting(rows, setting, services.procedures);
    return reply.render("your-work/your-work.njk", {
      navigation: signedInNavigation("/your-work"),
      procedure: setting.procedure,
      agency: setting.agency,
      escalations,
      overdue: escalations.filter((escalation) => escalation.deadline?.overdue === true).length,
      routedStages: setting.routedStages,
    });
  });
}
