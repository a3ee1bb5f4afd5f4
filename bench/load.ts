// Load benchmark: "your work", an escalation page and the filtered log under 50 concurrent
// connections, each beside a bare Fastify route that runs the same query in the same run, so the
// ratio shows the cost of everything else (sessions, rendering, headers).
//
//   node bench/seed.ts 100000 --schema bench_load      (once; DATABASE_URL must be set)
//   DATABASE_URL=postgres://… node bench/load.ts [--schema bench_load] [--seconds 10]
//       [--connections 50] [--pool 10] [--timeout 10] [--costs 200]
//
// --costs N  instead of the load, sends each page N times one after another and reports what a
//            request costs: Node's CPU time, PostgreSQL's CPU time (its backends serving this
//            benchmark, read from /proc), and statements sent to the database. Those hold steady
//            on a busy machine, where latency under load does not.
// --only P   only that page: your-work, escalation or log
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import Fastify from "fastify";
import pg from "pg";
import { accessOf } from "../src/app/access.ts";
import { loadEscalation } from "../src/app/escalations.ts";
import { servicesOn } from "../src/app/services.ts";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/client.ts";
import { listAgencies, listPartnerships, listPeople } from "../src/db/directory.ts";
import { escalationLog, yourWork } from "../src/db/escalation-queries.ts";
import { escalations } from "../src/db/schema.ts";
import { createSession } from "../src/db/sessions.ts";
import { readAs } from "../src/db/visibility.ts";
import { buildApp } from "../src/web/app.ts";

const { values } = parseArgs({
  options: {
    schema: { type: "string", default: "bench_load" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    timeout: { type: "string", default: "10" },
    pool: { type: "string", default: "10" },
    costs: { type: "string" },
    only: { type: "string" },
    serve: { type: "boolean", default: false },
  },
});
const url = process.env.DATABASE_URL ?? "";
if (url === "") throw new Error("Set DATABASE_URL to the seeded PostgreSQL");
const seconds = Number(values.seconds);
const logQuery = "?status=open&category=referral-threshold";
const connections = Number(values.connections);
/** Names this benchmark's database connections, so their CPU time can be told from others'. */
const APPLICATION_NAME = "resolve-load-benchmark";

interface Targets {
  appUrl: string;
  bareUrl: string;
  cookie: string;
  sampleId: string;
  total: number;
}

/** CPU time so far, in milliseconds, of Node (this process) and of the benchmark's backends. */
interface Costs {
  nodeMs: number;
  postgresMs: number;
  statements: number;
}

/** The servers, in a process of their own so the load generator does not share their CPU time. */
async function serve(): Promise<void> {
  // Every statement sent, counted (a transaction's begin and commit included).
  let statements = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return (query as (...rest: unknown[]) => unknown).apply(this, args);
  } as typeof query;

  const named = new URL(url);
  named.searchParams.set("application_name", APPLICATION_NAME);
  const database = await openDatabase({
    url: named.toString(),
    schema: values.schema ?? "bench_load",
    maxConnections: Number(values.pool),
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
  // The escalation at the top of their "your work": one they may open.
  const [sample] = await readAs(services.db, viewer, (tx) => yourWork(tx, viewer, 1));
  if (sample === undefined) throw new Error("No running escalation for the school line manager");
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
  // Answers once no query is running or waiting: requests that outlast a run (autocannon stops
  // waiting for them) must not weigh on the next one.
  const pool = (services.db as unknown as { $client: pg.Pool }).$client;
  bare.get("/idle", async () => {
    while (pool.waitingCount > 0 || pool.idleCount < pool.totalCount) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return "idle";
  });
  // Each backend's CPU time when last read: one the pool has since closed still counts.
  const backendMs = new Map<number, number>();
  bare.get("/costs", async (): Promise<Costs> => {
    const before = statements; // not counting the statement below
    const backends = await services.db.execute(
      sql`select pid from pg_stat_activity where application_name = ${APPLICATION_NAME}`,
    );
    const pids = (backends as unknown as { rows: { pid: number }[] }).rows.map((row) => row.pid);
    for (const pid of pids) backendMs.set(pid, processCpuMs(pid));
    const usage = process.cpuUsage();
    statements = before;
    return {
      nodeMs: (usage.user + usage.system) / 1000,
      postgresMs: [...backendMs.values()].reduce((sum, ms) => sum + ms, 0),
      statements,
    };
  });
  const bareUrl = await bare.listen({ port: 0, host: "127.0.0.1" });

  process.send?.({ appUrl, bareUrl, cookie, sampleId: sample.id, total } satisfies Targets);
  process.on("disconnect", async () => {
    await app.close();
    await bare.close();
    await database.close();
  });
}

/** A process's CPU time (user and system) from /proc, in milliseconds (at 100 ticks a second). */
function processCpuMs(pid: number): number {
  // The fields after the command name (which is in brackets and may hold spaces).
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

if (values.serve) {
  await serve();
} else {
  const child = fork(
    new URL(import.meta.url),
    ["--serve", "--schema", values.schema ?? "bench_load", "--pool", values.pool ?? "10"],
    { stdio: "inherit" },
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

async function get(target: string, cookie: string): Promise<void> {
  const response = await fetch(target, { headers: { cookie } });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${target}: ${response.status}`);
}

async function measure(name: string, target: string, cookie: string, idleUrl: string) {
  // One request first (templates compile on first use), then the run, then until idle again.
  await get(target, cookie);
  const result = await autocannon({
    url: target,
    connections,
    duration: seconds,
    timeout: Number(values.timeout),
    headers: { cookie },
  });
  await get(idleUrl, cookie);
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

/** What one request costs, over `count` sent one after another. */
async function costs(target: string, cookie: string, costsUrl: string, count: number) {
  await get(target, cookie);
  const read = async () => (await (await fetch(costsUrl)).json()) as Costs;
  const before = await read();
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await get(target, cookie);
    latencies.push(performance.now() - started);
  }
  const after = await read();
  latencies.sort((a, b) => a - b);
  const per = (total: number) => Math.round((total / count) * 100) / 100;
  return {
    nodeCpuMs: per(after.nodeMs - before.nodeMs),
    postgresCpuMs: per(after.postgresMs - before.postgresMs),
    statements: per(after.statements - before.statements),
    medianMs: Math.round((latencies[Math.floor(count / 2)] ?? 0) * 100) / 100,
  };
}

async function report({ appUrl, bareUrl, cookie, sampleId, total }: Targets): Promise<void> {
  const rows = [];
  for (const [name, path, barePath] of [
    ["your work", "/your-work", "/your-work"],
    ["an escalation page", `/escalations/${sampleId}`, "/escalation"],
    ["the filtered log", `/log${logQuery}`, "/log"],
  ] as const) {
    if (values.only !== undefined && barePath !== `/${values.only}`) continue;
    if (values.costs !== undefined) {
      const count = Number(values.costs);
      const page = await costs(`${appUrl}${path}`, cookie, `${bareUrl}/costs`, count);
      const query = await costs(`${bareUrl}${barePath}`, cookie, `${bareUrl}/costs`, count);
      rows.push({ name, page, bare: query });
      continue;
    }
    const idle = `${bareUrl}/idle`;
    const page = await measure(name, `${appUrl}${path}`, cookie, idle);
    const query = await measure(`${name} (bare query)`, `${bareUrl}${barePath}`, cookie, idle);
    rows.push({ ...page, bareP99ms: query.p99ms, bareRequestsPerSecond: query.requestsPerSecond });
  }
  console.log(
    JSON.stringify(
      {
        escalations: total,
        ...(values.costs === undefined
          ? { connections, seconds, pool: Number(values.pool) }
          : { requestsEach: Number(values.costs) }),
        cpu: cpus()[0]?.model,
        cores: cpus().length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        rows,
      },
      null,
      2,
    ),
  );
}
