import type { FastifyInstance } from "fastify";
import { type BuildAppOptions, buildApp } from "../../../src/web/app.ts";
import type { WebServices } from "../../../src/web/services.ts";

export interface RunningApp {
  /** e.g. http://127.0.0.1:41234, no trailing slash. */
  baseUrl: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Services that answer without a database; pass your own to test a feature's pages. */
export const stubServices: WebServices = { ready: async () => true };

/**
 * Builds the app and listens on a free port on 127.0.0.1, for a browser to visit. Start it in
 * `before` and close it in `after`.
 */
export async function startTestApp(
  options: BuildAppOptions = {},
  services: WebServices = stubServices,
): Promise<RunningApp> {
  const app = await buildApp(services, options);
  const baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
  return { baseUrl, app, close: () => app.close() };
}
