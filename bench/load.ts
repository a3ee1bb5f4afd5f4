// Load benchmark: "your work", an escalation page and the filtered log under 50 concurrent
// connections, each beside a bare Fastify route that runs the same query in the same run, so the
// ratio shows the cost of everything else (sessions, rendering, headers).
//
//   node bench/seed.ts 100000 --schema bench_load      (once; DATABASE_URL must be set)
//   DATABASE_URL=postgres://… node bench/load.ts [--schema bench_load] [--seconds 10]
import { fork } from "node:child_process";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { and, desc, eq, inArray } from "drizzle-orm";
import Fastify from "fastify";
import { accessOf } from "../src/app/access.ts";
import { loadEscalation } from "../src/app/escalations.ts";
import { servicesOn } from "../src/app/services.ts";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/client.ts";
import { listAgencies, listPartnerships, listPeople } from "../src/db/directory.ts";
import { escalationLog, yourWork } from "../src/db/escalation-queries.ts";
import { escalationParties, escalations } from "../src/db/schema.ts";
import { createSession } from "../src/db/sessions.ts";
import { readAs } from "../src/db/visibility.ts";
import { buildApp } from "../src/web/app.ts";

const { values } = parseArgs({
  options: {
    schema: { type: "string", default: "bench_load" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    serve: { type: "boolean", default: false },
  },
});
const url = process.env.DATABASE_URL ?? "";
if (url === "") throw new Error("Set DATABASE_URL to the seeded PostgreSQL");
const seconds = Number(values.seconds);
const logQuery = "?status=open&category=referral-threshold";
const connections = Number(values.connections);

interface Targets {
  appUrl: string;
  bareUrl: string;
  cookie: string;
  sampleId: string;
  total: number;
}

/** The servers, in a process of their own so the load generator does not share their CPU time. */
async function serve(): Promise<void> {
  const database = await openDatabase({
    url,
    schema: values.schema ?? "bench_load",
    maxConnections: 20,
  });
  await database.migrate();
  const config = { ...loadConfig({}), databaseUrl: url, demo: false, secureCookies: false };
  const services = await servicesOn(database, config);
  const [partnership] = await listPartnerships(services.db);
  if (partnership === undefined) throw new Error(`Nothing seeded in schema ${values.schema}`);
  const agencies = await listAgencies(services.db, partnership.id);
  const school = agencies.find((agency) => agency.sector === "education");
  const people = await listPeople(services.db, partnership.id, {
    agencyIds: school ? [school.id] : [],
  });
  const person = people.find((candidate) => candidate.roles.includes("line-manager"));
  if (school === undefined || person === undefined)
    throw new Error("No school line manager seeded");
  const viewer = (await accessOf(services, person)).visibility;
  const [sample] = await services.db
    .select({ id: escalations.id })
    .from(escalations)
    .innerJoin(escalationParties, eq(escalationParties.escalationId, escalations.id))
    .where(and(eq(escalationParties.agencyId, school.id), inArray(escalations.status, ["open"])))
    .orderBy(desc(escalations.updatedAt))
    .limit(1);
  if (sample === undefined) throw new Error("No open escalation for the school");
  const total = await services.db.$count(escalations);

  const session = await createSession(services.db, person.id, new Date(), 24 * 60);
  const cookie = `resolve_session=${session.token}`;

  const app = await buildApp(services, {});
  const appUrl = await app.listen({ port: 0, host: "127.0.0.1" });

  // The same queries, with nothing around them.
  const bare = Fastify();
  // Each as the signed-in person, so row-level security applies as it does to the pages.
  bare.get("/your-work", async () => readAs(services.db, viewer, (tx) => yourWork(tx, viewer)));
  bare.get(
    "/escalation",
    async () =>
      (await loadEscalation({ ...services, actingFor: viewer }, sample.id))?.state.version,
  );
  bare.get("/log", async () =>
    readAs(services.db, viewer, (tx) =>
      escalationLog(
        tx,
        viewer,
        { status: "open", category: "referral-threshold" },
        services.now(),
        { size: 25 },
      ),
    ),
  );
  const bareUrl = await bare.listen({ port: 0, host: "127.0.0.1" });

  process.send?.({ appUrl, bareUrl, cookie, sampleId: sample.id, total } satisfies Targets);
  process.on("disconnect", async () => {
    await app.close();
    await bare.close();
    await database.close();
  });
}

if (values.serve) {
  await serve();
} else {
  const child = fork(
    new URL(import.meta.url),
    ["--serve", "--schema", values.schema ?? "bench_load"],
    {
      stdio: "inherit",
    },
  );
  const targets = await new Promise<Targets>((resolve, reject) => {
    child.once("message", (message) => resolve(message as Targets));
    child.once("exit", (code) => reject(new Error(`The servers stopped (exit ${code})`)));
  });
  try {
    await report(targets);
  } finally {
    child.disconnect();
  }
}

async function measure(name: string, target: string, cookie: string) {
  const result = await autocannon({
    url: target,
    connections,
    duration: seconds,
    headers: { cookie },
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${name}: ${result.non2xx} non-2xx responses and ${result.errors} errors`);
  }
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
  };
}

async function report({ appUrl, bareUrl, cookie, sampleId, total }: Targets): Promise<void> {
  const rows = [];
  for (const [name, path, barePath] of [
    ["your work", "/your-work", "/your-work"],
    ["an escalation page", `/escalations/${sampleId}`, "/escalation"],
    ["the filtered log", `/log${logQuery}`, "/log"],
  ] as const) {
    const page = await measure(name, `${appUrl}${path}`, cookie);
    const query = await measure(`${name} (bare query)`, `${bareUrl}${barePath}`, cookie);
    rows.push({ ...page, bareP99ms: query.p99ms, bareRequestsPerSecond: query.requestsPerSecond });
  }
  console.log(
    JSON.stringify(
      {
        escalations: total,
        connections,
        seconds,
        cpu: cpus()[0]?.model,
        cores: cpus().length,
        node: process.version,
        rows,
      },
      null,
      2,
    ),
  );
}
