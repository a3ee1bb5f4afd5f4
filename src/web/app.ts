import cookie from "@fastify/cookie";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { Config } from "../config.ts";
import { assets } from "./plugins/assets.ts";
import { errorPages } from "./plugins/errors.ts";
import { FORM_BODY_LIMIT, formBodies } from "./plugins/form-bodies.ts";
import { securityHeaders } from "./plugins/security-headers.ts";
import { sessions } from "./plugins/sessions.ts";
import { views } from "./plugins/views.ts";
import { accountRoutes } from "./routes/account/index.ts";
import { adminRoutes } from "./routes/admin/index.ts";
import { delegationRoutes } from "./routes/delegation/index.ts";
import { demoMailboxRoutes } from "./routes/demo-mailbox/index.ts";
import { escalationRoutes } from "./routes/escalation/index.ts";
import { figuresRoutes } from "./routes/figures/index.ts";
import { healthRoutes } from "./routes/health/index.ts";
import { logRoutes } from "./routes/log/index.ts";
import { notificationRoutes } from "./routes/notifications/index.ts";
import { raiseRoutes } from "./routes/raise/index.ts";
import { signInRoutes } from "./routes/sign-in/index.ts";
import { offerSingleSignOn, singleSignOnRoutes } from "./routes/single-sign-on/index.ts";
import { yourWorkRoutes } from "./routes/your-work/index.ts";
import type { WebServices } from "./services.ts";

export interface BuildAppOptions {
  /** Fastify's JSON request log (pino): true, or pino's options. Off by default, for tests. */
  logger?: FastifyServerOptions["logger"];
  /** Shows the banner that says everything is made up, on every page. */
  demo?: boolean;
  /** The partnership, named in the header. */
  organisationName?: string;
  /** Signs cookies (`reply.setCookie(…, { signed: true })`); needed by sessions. */
  cookieSecret?: string;
}

/**
 * The web service, assembled in order: each step may rely on those before it. It does not
 * listen: `startServer` (server.ts) does, and tests use `app.inject`.
 */
export async function buildApp(
  services: WebServices,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: FORM_BODY_LIMIT,
    trustProxy: trustedProxies(services.config.trustProxy),
  });

  await securityHeaders(app);
  await app.register(cookie, options.cookieSecret ? { secret: options.cookieSecret } : {});
  await formBodies(app);
  await assets(app);
  await views(app, { demo: options.demo, organisationName: options.organisationName });
  await errorPages(app);
  await app.register(healthRoutes, { services });

  // The service's pages: each request learns who is signed in, and every form carries a token.
  // Assets and health checks stay outside, so they never touch the sessions table.
  await app.register(async (pages) => {
    await sessions(pages, services);
    await offerSingleSignOn(pages, services);
    await pages.register(signInRoutes, { services });
    await pages.register(accountRoutes, { services });
    await pages.register(singleSignOnRoutes, { services });
    await pages.register(yourWorkRoutes, { services });
    await pages.register(raiseRoutes, { services });
    await pages.register(escalationRoutes, { services });
    await pages.register(logRoutes, { services });
    await pages.register(figuresRoutes, { services });
    await pages.register(notificationRoutes, { services });
    await pages.register(demoMailboxRoutes, { services });
    await pages.register(adminRoutes, { services });
    await pages.register(delegationRoutes, { services });
    // Unknown pages answer from here, so the "Page not found" page knows who is signed in.
    pages.get("/*", async (_request, reply) => reply.callNotFound());
    pages.get("/", async (request, reply) =>
      reply.redirect(request.person ? "/your-work" : "/sign-in", 303),
    );
  });

  return app;
}

/**
 * Fastify's trustProxy for the setting: a number of hops, as a function (Fastify's types take
 * no number), trusting the nearest `hops` addresses that forwarded the request.
 */
function trustedProxies(
  setting: Config["trustProxy"],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== "number") return setting;
  return (_address: string, hop: number) => hop < setting;
}
