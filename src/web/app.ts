import cookie from "@fastify/cookie";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { assets } from "./plugins/assets.ts";
import { errorPages } from "./plugins/errors.ts";
import { FORM_BODY_LIMIT, formBodies } from "./plugins/form-bodies.ts";
import { securityHeaders } from "./plugins/security-headers.ts";
import { views } from "./plugins/views.ts";
import { devRoutes } from "./routes/dev/index.ts";
import { healthRoutes } from "./routes/health/index.ts";
import type { WebServices } from "./services.ts";

export interface BuildAppOptions {
  /** Fastify's JSON request log (pino): true, or pino's options. Off by default, for tests. */
  logger?: FastifyServerOptions["logger"];
  /** Adds /dev/example, a page for checking the layout and components by eye. */
  examplePages?: boolean;
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
  });

  await securityHeaders(app);
  await app.register(cookie, options.cookieSecret ? { secret: options.cookieSecret } : {});
  await formBodies(app);
  await assets(app);
  await views(app, { demo: options.demo, organisationName: options.organisationName });
  await errorPages(app);

  await app.register(healthRoutes, { services });
  if (options.examplePages) await app.register(devRoutes);

  return app;
}
