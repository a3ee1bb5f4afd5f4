// `npm start`: the composition root. Reads the settings, opens and migrates the database, seeds
// the demo partnership on first run in demo mode, and serves Resolve until stopped, running the
// background jobs (sending emails, …) too unless RESOLVE_JOBS=false.
import { seedDemo } from "./app/demo.ts";
import { loadProcedureLibrary, officialHolidays } from "./app/procedures.ts";
import { createServices } from "./app/services.ts";
import { engineStatus } from "./app/status.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { listPartnerships } from "./db/directory.ts";
import { jobs } from "./jobs/index.ts";
import { type Runner, startJobs } from "./jobs/runner.ts";
import { emailStatus } from "./notify/sender.ts";
import { buildApp } from "./web/app.ts";
import { startServer } from "./web/server.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  const status = engineStatus(loadProcedureLibrary(), officialHolidays());
  for (const line of status.lines) process.stdout.write(`${line}\n`);
  const services = await createServices(config);
  const where = services.database.kind === "pglite" ? `PGlite in ${config.dataDir}` : "PostgreSQL";
  process.stdout.write(`Database: ${where}, migrated\n`);
  process.stdout.write(`${emailStatus(services.sender)}\n`);
  if (config.demo) {
    const demo = await seedDemo(services.db, {
      procedureId: config.demoProcedure,
      now: services.now(),
    });
    process.stdout.write(
      demo.seeded
        ? `Demo: seeded a demo partnership running the ${config.demoProcedure} procedure\n`
        : "Demo: the database already has data, so nothing was seeded\n",
    );
  }
  const [partnership] = await listPartnerships(services.db);
  const app = await buildApp(services, {
    logger: config.production ? true : { level: "warn" },
    demo: config.demo,
    ...(partnership === undefined
      ? {}
      : { organisationName: partnership.name.replace(/ \(demo\)$/, "") }),
  });
  let runner: Runner | null = null;
  // The jobs stop (their passes under way finishing) before the database closes under them.
  app.addHook("onClose", async () => {
    await runner?.stop();
    await services.database.close();
  });
  const address = await startServer(app, { port: config.port, host: config.host });
  if (config.jobs) runner = startJobs(services, jobs, app.log);
  process.stdout.write(
    config.jobs
      ? `Jobs: ${jobs.map((job) => job.name).join(", ")}, in this server\n`
      : "Jobs: not run here (RESOLVE_JOBS=false): run `npx resolve worker` beside it\n",
  );
  if (config.demo)
    process.stdout.write(`Open ${address}/demo/sign-in to sign in as a demo person\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 1;
});
