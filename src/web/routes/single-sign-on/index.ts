import type { FastifyInstance } from "fastify";
import type { WebServices } from "../../services.ts";
import { singleSignOnAdminRoutes } from "./admin.ts";
import { singleSignOnSignInRoutes } from "./sign-in.ts";

export { offerSingleSignOn } from "./sign-in.ts";

/** Signing in with a partnership's OpenID Connect provider, and its administrators' page for it. */
export async function singleSignOnRoutes(
  app: FastifyInstance,
  { services }: { services: WebServices },
) {
  await app.register(singleSignOnSignInRoutes, { services });
  await app.register(singleSignOnAdminRoutes, { services });
}
