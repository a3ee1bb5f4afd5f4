import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createFirstAdministrator } from "../app/admin/first-administrator.ts";
import { rebuildReadModels, verifyHistory } from "../app/history.ts";
import { paths } from "../app/paths.ts";
import { calendarFor, loadProcedureFile, loadProcedureLibrary } from "../app/procedures.ts";
import { createServices, type Services } from "../app/services.ts";
import { loadConfig } from "../config.ts";
import { type Scenario, scenarioErrors, simulate } from "../engine/escalation/index.ts";
import { describeDeadline } from "../engine/procedure/describe.ts";
import { formatDefinitionError } from "../engine/procedure/load.ts";
import { type Procedure, procedureJsonSchema } from "../engine/procedure/schema.ts";
import { runRetention } from "../jobs/retention.ts";
import { runWorker } from "./worker.ts";

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** The environment (default process.env): RESOLVE_ADMIN_PASSWORD is read from it. */
  env?: NodeJS.ProcessEnv;
  /** Reads a secret from standard input (see secret.ts); undefined when there is none to read. */
  readSecret?: (prompt: string) => Promise<string | undefined>;
  /** Opens the database and the services (default: from the environment); tests bring their own. */
  openServices?: () => Promise<Services>;
}

const USAGE = `Usage: resolve <command>

  procedures list             the shipped procedures, their versions and tracks
  procedures check FILE...    check definition files; exit 1 with each error
  procedures show ID          a procedure's stages, who acts, and timescales in words
  procedures schema [--check] print the JSON Schema for definitions, or check schemas/ is current
  simulate FILE               run a scenario (JSON) through the engine; JSON result on stdout
  migrate                     apply database migrations (DATABASE_URL, else PGlite in RESOLVE_DATA_DIR)
  verify                      recompute every escalation's hash chain; exit 1 at the first broken link
  rebuild                     recreate the read models from the event history
  retention                   remove the personal details of escalations closed longer ago than
                              their partnership keeps them (one pass of the daily job)
  worker                      run the background jobs (sending emails, …) until SIGTERM or
                              SIGINT, for servers started with RESOLVE_JOBS=false
  admin create --name NAME --email EMAIL
      [--partnership-name NAME --procedure ID --reference-prefix ABC]
                              create the first administrator, and the partnership when there is
                              none yet; the password is read from RESOLVE_ADMIN_PASSWORD, or
                              from standard input (never give it on the command line)

Options:
  --procedures DIR            read definitions from DIR instead of the shipped procedures/
`;

/** The `resolve` command line. Returns the exit code. */
export async function run(args: readonly string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [command, subcommand, ...rest] = positionals;
  const library = (): Map<string, Procedure> => loadLibrary(values.procedures, io);
  if (command === "procedures") {
    switch (subcommand) {
      case "list":
        return listProcedures(library(), io);
      case "check":
        return checkProcedures(rest, io);
      case "show":
        return showProcedure(rest[0], library(), io);
      case "schema":
        return schema(values.check === true, values.write === true, io);
    }
  }
  if (command === "simulate" && subcommand !== undefined)
    return runScenario(subcommand, library, io);
  if (
    command === "migrate" ||
    command === "verify" ||
    command === "rebuild" ||
    command === "retention"
  ) {
    return withServices(io, (services) => database(command, services, io));
  }
  if (command === "worker") {
    return withServices(io, (services) => runWorker(services, io.out));
  }
  if (command === "admin" && subcommand === "create") {
    return createAdministrator(values, io);
  }
  if (command === undefined || command === "help" || values.help === true) {
    io.out(USAGE);
    return 0;
  }
  io.err(`Unknown command: ${args.join(" ")}\n\n${USAGE}`);
  return 2;
}

async function withServices(
  io: Io,
  work: (services: Services) => Promise<number>,
): Promise<number> {
  let services: Services;
  try {
    services = await (io.openServices ?? (() => createServices(loadConfig())))();
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
  try {
    return await work(services);
  } finally {
    await services.database.close();
  }
}

async function database(
  command: "migrate" | "verify" | "rebuild" | "retention",
  services: Services,
  io: Io,
) {
  const where =
    services.database.kind === "pglite" ? `PGlite in ${services.config.dataDir}` : "PostgreSQL";
  if (command === "migrate") {
    io.out(`Migrations applied (${where}).`);
    return 0;
  }
  if (command === "rebuild") {
    const count = await rebuildReadModels(services.db);
    io.out(`Rebuilt the read models of ${count} escalation(s) from their events (${where}).`);
    return 0;
  }
  if (command === "retention") {
    const report = await runRetention(services, services.now());
    io.out(
      `Removed the personal details of ${report.anonymised} escalation(s) (${report.eventsCleared} event(s)) kept longer than their partnership's retention period (${where}).`,
    );
    if (report.changed > 0) {
      io.out(`${report.changed} escalation(s) changed meanwhile: the next pass takes them.`);
    }
    for (const id of report.unverified) {
      io.err(`Left escalation ${id} whole: its history does not verify (see resolve verify).`);
    }
    return report.unverified.length === 0 ? 0 : 1;
  }
  const report = await verifyHistory(services.db);
  if (report.firstBreak === null) {
    io.out(
      `Verified ${report.events} event(s) in ${report.escalations} escalation(s): every chain holds (${where}).`,
    );
    return 0;
  }
  const { escalationId, version, problem } = report.firstBreak;
  io.err(`Broken at escalation ${escalationId}, event ${version}: ${problem}.`);
  return 1;
}

function parseOptions(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      procedures: { type: "string" },
      check: { type: "boolean" },
      write: { type: "boolean" },
      help: { type: "boolean" },
      name: { type: "string" },
      email: { type: "string" },
      "partnership-name": { type: "string" },
      procedure: { type: "string" },
      "reference-prefix": { type: "string" },
    },
  });
}

/** `resolve admin create`: exit 2 with the reason when the input is refused. */
async function createAdministrator(
  values: ReturnType<typeof parseOptions>["values"],
  io: Io,
): Promise<number> {
  const partnershipOptions = [
    values["partnership-name"],
    values.procedure,
    values["reference-prefix"],
  ];
  const given = partnershipOptions.filter((value) => value !== undefined).length;
  if (given !== 0 && given !== partnershipOptions.length) {
    io.err(
      "To create the partnership, give all of --partnership-name, --procedure and --reference-prefix.",
    );
    return 2;
  }
  const password =
    (io.env ?? process.env).RESOLVE_ADMIN_PASSWORD ??
    (await io.readSecret?.("The new administrator's password: "));
  if (password === undefined || password === "") {
    io.err(
      "Give the password in RESOLVE_ADMIN_PASSWORD or on standard input, never as an argument.",
    );
    return 2;
  }
  return withServices(io, async (services) => {
    const result = await createFirstAdministrator(services, {
      name: values.name ?? "",
      email: values.email ?? "",
      password,
      ...(given === 0
        ? {}
        : {
            partnership: {
              name: values["partnership-name"] ?? "",
              procedureId: values.procedure ?? "",
              referencePrefix: values["reference-prefix"] ?? "",
            },
          }),
    });
    if (!result.ok) {
      io.err(result.message);
      return 2;
    }
    io.out(
      `${result.partnershipCreated ? "Created the partnership and its" : "Created the"} administrator ${values.email?.trim()}. Sign in at /sign-in.`,
    );
    return 0;
  });
}

function loadLibrary(directory: string | undefined, io: Io): Map<string, Procedure> {
  const { procedures, errors } = loadProcedureLibrary(directory);
  for (const error of errors) io.err(formatDefinitionError(error));
  return procedures;
}

function listProcedures(procedures: Map<string, Procedure>, io: Io): number {
  for (const procedure of procedures.values()) {
    const tracks = Object.keys(procedure.tracks).join(", ");
    io.out(`${procedure.id}\t${procedure.version}\t${procedure.partnership}\ttracks: ${tracks}`);
  }
  return 0;
}

function checkProcedures(files: readonly string[], io: Io): number {
  if (files.length === 0) {
    io.err("Name at least one definition file to check.");
    return 2;
  }
  let failed = false;
  for (const file of files) {
    const result = loadProcedureFile(file);
    if (result.ok) {
      io.out(`${file}: ok (${result.procedure.id} ${result.procedure.version})`);
    } else {
      failed = true;
      for (const error of result.errors) io.err(formatDefinitionError(error));
    }
  }
  return failed ? 1 : 0;
}

function showProcedure(id: string | undefined, procedures: Map<string, Procedure>, io: Io): number {
  const procedure = id === undefined ? undefined : procedures.get(id);
  if (procedure === undefined) {
    io.err(`No procedure "${id ?? ""}". Shipped: ${[...procedures.keys()].join(", ")}.`);
    return 1;
  }
  const roleName = (roleId: string) =>
    procedure.roles.find((role) => role.id === roleId)?.name ?? roleId;
  io.out(`${procedure.partnership}: ${procedure.title}`);
  io.out(
    `Version ${procedure.version}, from ${procedure.source.document} (${procedure.source.published})`,
  );
  io.out(`Working days: ${procedure.calendar.nation} bank holidays excluded`);
  for (const gap of procedure.source.gaps ?? []) io.out(`Left open by the source: ${gap}`);
  for (const [trackId, track] of Object.entries(procedure.tracks)) {
    io.out(`\n${track.name} (track ${trackId})\n  ${track.summary}`);
    for (const entry of track.entries) {
      const who =
        entry.roles === undefined ? "" : `, by ${entry.roles.map(roleName).join(" or ")} only`;
      io.out(
        `  Starts at ${entry.stage}${entry.default === true ? " (usual)" : ""}${who}: ${entry.description}`,
      );
    }
    if (track.target !== undefined) {
      io.out(
        `  Whole-escalation target: ${track.target.name}, ${describeDeadline(track.target.deadline, procedure)}`,
      );
    }
    for (const stage of track.stages) {
      io.out(`\n  ${stage.id}: ${stage.name}`);
      io.out(`    ${stage.summary}`);
      for (const actor of stage.actors)
        io.out(`    Acts (${actor.side} side): ${roleName(actor.role)}`);
      const timescale =
        stage.deadline === undefined ? "none given" : describeDeadline(stage.deadline, procedure);
      io.out(`    Timescale: ${timescale}`);
      if (stage.childSafetyOverride === true)
        io.out("    Or sooner, where the child's safety needs it");
      for (const clock of stage.clocks ?? []) {
        io.out(`    Clock: ${clock.name}, ${describeDeadline(clock.deadline, procedure)}`);
      }
      if (stage.repeats !== undefined) io.out(`    Repeats: ${stage.repeats.description}`);
      if (stage.evidenceToEscalate !== undefined)
        io.out(`    To escalate: ${stage.evidenceToEscalate}`);
      for (const notice of stage.notifyOnEntry ?? []) {
        const when =
          notice.when === undefined
            ? ""
            : ` when the child's status is ${notice.when.childStatus.join(" or ")}`;
        io.out(`    On entry, tell: ${roleName(notice.role)}${when}`);
      }
      if (stage.composition !== undefined)
        io.out(`    Made up of: ${stage.composition.description}`);
      const outcomes = stage.outcomes.map((outcome) =>
        outcome.to === undefined
          ? (outcome.label ?? outcome.outcome)
          : `${outcome.outcome} to ${outcome.to}`,
      );
      io.out(`    Ends by: ${outcomes.join("; ")}`);
    }
  }
  return 0;
}

function schema(check: boolean, write: boolean, io: Io): number {
  const text = `${JSON.stringify(procedureJsonSchema(), null, 2)}\n`;
  if (check) {
    const current = readFileSync(paths.schema, "utf8");
    if (current === text) return 0;
    io.err(`${paths.schema} is out of date: run npm run schema`);
    return 1;
  }
  if (write) {
    writeFileSync(paths.schema, text);
    io.err(`Wrote ${paths.schema}`);
    return 0;
  }
  io.out(text.trimEnd());
  return 0;
}

function runScenario(file: string, library: () => Map<string, Procedure>, io: Io): number {
  let scenario: unknown;
  try {
    scenario = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    io.err(
      `${file}: cannot read the scenario: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
  const problems = scenarioErrors(scenario);
  if (problems.length > 0) {
    for (const problem of problems) io.err(`${file}: ${problem}`);
    return 1;
  }
  const valid = scenario as Scenario;
  const procedures = library();
  const procedure = procedures.get(valid.partnership);
  if (procedure === undefined) {
    io.err(
      `${file}: no procedure "${valid.partnership}". Shipped: ${[...procedures.keys()].join(", ")}.`,
    );
    return 1;
  }
  const simulation = simulate(valid, procedure, calendarFor(procedure));
  if (!simulation.ok) {
    io.err(simulation.reason);
    return 1;
  }
  io.out(JSON.stringify(simulation.result, null, 2));
  return 0;
}
