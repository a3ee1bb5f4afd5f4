// Times passes of the deadline scanner (src/jobs/scanner.ts) over a seeded schema of open
// escalations, on PostgreSQL. Seed one of its own first, leaving the load benchmark's alone:
//
//   DATABASE_URL=postgres://… node bench/seed.ts 100000 --schema bench_scanner --days 60 --open
//   DATABASE_URL=postgres://… node bench/scanner.ts --schema bench_scanner [--passes 3] [--keep]
//
// The first pass catches up: it writes every reminder, alert and prompt the deadlines call for by
// now and sends the held emails as digests. The passes after it find everything written already,
// which is what a scanner running every minute does almost all day. Unless --keep, the schema's
// messages are removed first, so that the first pass starts from none.
import { randomUUID } from "node:crypto";
import { cpus, loadavg, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { count, inArray } from "drizzle-orm";
import { reminderHorizon } from "../src/app/notifications/timing.ts";
import { procedureStore } from "../src/app/procedure-registry.ts";
import { calendarOf } from "../src/app/procedures.ts";
import { openDatabase } from "../src/db/client.ts";
import { runningDueBetween } from "../src/db/deadline-scan.ts";
import { listPartnerships } from "../src/db/directory.ts";
import { RUNNING_STATUSES } from "../src/db/escalation-queries.ts";
import { deadlineScans, escalations, messages } from "../src/db/schema.ts";
import { LOOKBACK_DAYS, scanDeadlines } from "../src/jobs/scanner.ts";

const { values: flags } = parseArgs({
  options: {
    schema: { type: "string" },
    passes: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
  },
});
const url = process.env.DATABASE_URL;
if (url === undefined || url === "" || flags.schema === undefined) {
  console.error(
    "Usage: DATABASE_URL=postgres://… node bench/scanner.ts --schema NAME [--passes N] [--keep]",
  );
  process.exit(2);
}
if (!/^[a-z_][a-z0-9_]*$/.test(flags.schema)) {
  console.error(`--schema must be a plain lower-case name, found "${flags.schema}"`);
  process.exit(2);
}

const handle = await openDatabase({ url, schema: flags.schema });
try {
  await handle.migrate();
  const db = handle.db;
  const deps = { db, procedures: procedureStore(db), newId: randomUUID };
  if (!flags.keep) {
    await db.delete(messages);
    await db.delete(deadlineScans);
  }
  const [open] = await db
    .select({ n: count() })
    .from(escalations)
    .where(inArray(escalations.status, [...RUNNING_STATUSES]));

  // The window query on its own, as the scanner runs it for each partnership.
  const now = new Date().toISOString();
  const from = new Date(Date.parse(now) - LOOKBACK_DAYS * 86_400_000).toISOString();
  let inWindow = 0;
  const windowStart = performance.now();
  for (const partnership of await listPartnerships(db)) {
    const calendar = calendarOf(partnership);
    const to = reminderHorizon(now, calendar, partnership.reminderWorkingDays);
    inWindow += (await runningDueBetween(db, partnership.id, from, to)).length;
  }
  const windowMs = performance.now() - windowStart;

  const passes = [];
  for (let pass = 1; pass <= Number(flags.passes); pass += 1) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const report = await scanDeadlines(deps, new Date().toISOString());
    const used = process.cpuUsage(cpu);
    passes.push({
      pass,
      ms: Math.round(performance.now() - started),
      nodeCpuMs: Math.round((used.user + used.system) / 1000),
      ...report,
    });
  }
  const [written] = await db.select({ n: count() }).from(messages);
  console.log(
    JSON.stringify(
      {
        schema: flags.schema,
        openEscalations: open?.n ?? 0,
        inWindow,
        windowQueryMs: Math.round(windowMs),
        passes,
        messages: written?.n ?? 0,
        node: process.version,
        cpu: cpus()[0]?.model,
        cores: cpus().length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        loadAverage: loadavg().map((load) => Math.round(load * 10) / 10),
      },
      null,
      2,
    ),
  );
} finally {
  await handle.close();
}
