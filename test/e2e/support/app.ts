import type { FastifyInstance } from "fastify";
import { seedDemo } from "../../../src/app/demo.ts";
import type { Services } from "../../../src/app/services.ts";
import type { Config } from "../../../src/config.ts";
import { listPartnerships } from "../../../src/db/directory.ts";
import { type BuildAppOptions, buildApp } from "../../../src/web/app.ts";
import { testServices } from "../../support/services.ts";

export interface TestAppOptions extends BuildAppOptions {
  /** Settings over the test defaults. `demo` follows the option of the same name. */
  config?: Partial<Config>;
  /**
   * Seeds the demo partnership running this procedure (e.g. "dorset"), as `npm start` does in
   * demo mode, and names it in the header.
   */
  demoProcedure?: string;
}

export interface RunningApp {
  /** e.g. http://127.0.0.1:41234, no trailing slash. */
  baseUrl: string;
  app: FastifyInstance;
  /** The real services, on the app's own fresh database: add people, read sessions. */
  services: Services;
  /** Closes the app, then its database. */
  close(): Promise<void>;
}

/**
 * Builds the app on the real services and a fresh test database (PGlite, or PostgreSQL when
 * DATABASE_URL is set) and listens on a free port on 127.0.0.1, for a browser to visit. Start it
 * in `before` and close it in `after`.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<RunningApp> {
  const { config, demoProcedure, ...appOptions } = options;
  const demo = appOptions.demo ?? false;
  const services = await testServices({ demo, ...config });
  try {
    let organisationName = appOptions.organisationName;
    if (demoProcedure !== undefined) {
      await seedDemo(services.db, { procedureId: demoProcedure, now: services.now() });
      const [partnership] = await listPartnerships(services.db);
      organisationName ??= partnership?.name.replace(/ \(demo\)$/, "");
    }
    const app = await buildApp(services, {
      ...appOptions,
      demo,
      ...(organisationName === undefined ? {} : { organisationName }),
    });
    const baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
    return {
      baseUrl,
      app,
      services,
      close: async () => {
        await app.close();
        await services.database.close();
      },
    };
  } catch (error) {
    await services.database.close();
    throw error;
  }
}
