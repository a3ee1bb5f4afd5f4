// Seeds a database for the load benchmark: a Dorset partnership like the demo one (seedDemo),
// then COUNT escalations spread over its agencies and 2023–2026, at assorted stages and statuses.
// Each escalation is decided by the engine (decide, evolve) exactly as the use cases would, and
// its events (hash-chained) and read model are inserted many rows at a time, in transactions.
//
//   DATABASE_URL=postgres://… node bench/seed.ts COUNT [--schema NAME] [--append] [--verify] …
//
// --schema NAME  seed into that schema (created if missing), leaving `public` alone
// --append       add to a database that already has escalations (otherwise refused)
// --verify       afterwards, check every escalation's hash chain (slow for large COUNTs)
// --seed N       the random seed (default 1): the same seed gives the same escalations
// --days N       raise them over the last N days instead of 2023–2026
// --open         leave every one open (they still climb stages), as the deadline scanner's bench wants
import { randomUUID } from "node:crypto";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { count as countRows, eq, sql } from "drizzle-orm";
import pg from "pg";
import { seedDemo } from "../src/app/demo.ts";
import { actorOf, readModelRow } from "../src/app/escalations.ts";
import { verifyHistory } from "../src/app/history.ts";
import { procedureStore } from "../src/app/procedure-registry.ts";
import { calendarOf } from "../src/app/procedures.ts";
import { type Database, openDatabase } from "../src/db/client.ts";
import {
  listAgencies,
  listPartnerships,
  listPeople,
  type Partnership,
  type Person,
} from "../src/db/directory.ts";
import { chainedRows, GENESIS_HASH } from "../src/db/escalation-store.ts";
import { participantRows, partyRows } from "../src/db/read-model.ts";
import {
  escalationEventPersonal,
  escalationEvents,
  escalationParticipants,
  escalationParties,
  escalations,
  referenceCounters,
} from "../src/db/schema.ts";
import type { Calendar } from "../src/engine/calendar/index.ts";
import {
  type Command,
  currentVisit,
  deadlinesOf,
  decide,
  type EscalationEvent,
  type EscalationState,
  evolve,
  stageOf,
} from "../src/engine/escalation/index.ts";
import type { ChildStatus, Procedure, Stage } from "../src/engine/procedure/schema.ts";

const USAGE =
  "Usage: DATABASE_URL=postgres://… node bench/seed.ts COUNT [--schema NAME] [--append] [--verify] [--seed N] [--days N] [--open]";
/** Escalations built and inserted per transaction. */
const BATCH = 1000;
const FIRST_DAY = Date.parse("2023-01-01T00:00:00Z");
const LAST_DAY = Date.parse("2026-12-31T23:59:59Z");

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    schema: { type: "string" },
    append: { type: "boolean", default: false },
    verify: { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    days: { type: "string" },
    open: { type: "boolean", default: false },
  },
});
const total = Number(positionals[0]);
const url = process.env.DATABASE_URL;
if (!Number.isInteger(total) || total < 1 || url === undefined || url === "") fail(USAGE, 2);
if (flags.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(flags.schema)) {
  fail(`--schema must be a plain lower-case name, found "${flags.schema}"`, 2);
}

const started = performance.now();
const now = new Date().toISOString();
const days = flags.days === undefined ? null : Number(flags.days);
if (days !== null && !(Number.isInteger(days) && days > 0))
  fail("--days must be a whole number", 2);
const firstDay = days === null ? FIRST_DAY : Date.parse(now) - days * 86_400_000;

async function run(db: Database): Promise<void> {
  const where = flags.schema ? `schema ${flags.schema}` : "the database's default schema";
  const [existing] = await db.select({ n: countRows() }).from(escalations);
  if ((existing?.n ?? 0) > 0 && !flags.append) {
    fail(`${where} already has ${existing?.n} escalations. Use --append to add to them.`, 1);
  }
  const partnership = await dorsetPartnership(db, where);
  const procedure = await procedureStore(db)(partnership.procedureId, partnership.procedureVersion);
  const generator = new Generator(
    procedure,
    partnership,
    calendarOf(partnership),
    await listPeople(db, partnership.id),
    (await listAgencies(db, partnership.id)).map((agency) => agency.id),
    Number(flags.seed),
    await referenceCountersOf(db, partnership.id),
  );

  let built = 0;
  let rows = 0;
  let buildMs = 0;
  let insertMs = 0;
  while (built < total) {
    const size = Math.min(BATCH, total - built);
    const buildStart = performance.now();
    const batch = Array.from({ length: size }, () => generator.next());
    buildMs += performance.now() - buildStart;
    const insertStart = performance.now();
    rows += await insertBatch(db, batch, partnership.id, generator.counters);
    insertMs += performance.now() - insertStart;
    built += size;
    if (built % 10_000 === 0 || built === total) {
      console.log(
        `  ${built.toLocaleString("en-GB")} escalations, ${rows.toLocaleString("en-GB")} rows`,
      );
    }
  }

  const byStatus = await db
    .select({ status: escalations.status, n: countRows() })
    .from(escalations)
    .where(eq(escalations.partnershipId, partnership.id))
    .groupBy(escalations.status)
    .orderBy(escalations.status);
  const [overdue] = await db
    .select({ n: countRows() })
    .from(escalations)
    .where(
      sql`${escalations.partnershipId} = ${partnership.id} and ${escalations.nextDueAt} < ${now}`,
    );
  const verified = flags.verify ? await verifyHistory(db) : null;
  if (verified?.firstBreak) fail(`A hash chain is broken: ${JSON.stringify(verified)}`, 1);
  const seconds = (ms: number) => ms / 1000;
  console.log(
    JSON.stringify(
      {
        database: where,
        partnership: partnership.name,
        escalationsAdded: total,
        rowsInserted: rows,
        buildMs: Math.round(buildMs),
        insertMs: Math.round(insertMs),
        totalMs: Math.round(performance.now() - started),
        escalationsPerSecond: Math.round(total / seconds(buildMs + insertMs)),
        rowsPerSecondInserting: Math.round(rows / seconds(insertMs)),
        statuses: Object.fromEntries(byStatus.map((row) => [row.status, row.n])),
        overdueNow: overdue?.n ?? 0,
        verified: verified && { escalations: verified.escalations, events: verified.events },
        node: process.version,
        cpu: cpus()[0]?.model,
        cores: cpus().length,
      },
      null,
      2,
    ),
  );
}

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

async function createSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await client.end();
  }
}

/** The Dorset partnership to add to: the demo one, seeded now into an empty database. */
async function dorsetPartnership(db: Database, where: string): Promise<Partnership> {
  const existing = (await listPartnerships(db)).find((p) => p.procedureId === "dorset");
  if (existing !== undefined) {
    console.log(`Adding to ${existing.name} in ${where}.`);
    return existing;
  }
  const seeded = await seedDemo(db, { procedureId: "dorset", now });
  const partnership = (await listPartnerships(db)).find((p) => p.id === seeded.partnershipId);
  if (partnership === undefined) {
    fail(`${where} has partnerships but none runs Dorset's procedure; use an empty schema.`, 1);
  }
  console.log(`Seeded ${partnership.name}, its people and its demo escalations, in ${where}.`);
  return partnership;
}

async function referenceCountersOf(db: Database, partnershipId: string) {
  const rows = await db
    .select()
    .from(referenceCounters)
    .where(eq(referenceCounters.partnershipId, partnershipId));
  return new Map(rows.map((row) => [row.year, row.last]));
}

interface Built {
  events: (typeof escalationEvents.$inferInsert)[];
  personal: (typeof escalationEventPersonal.$inferInsert)[];
  row: typeof escalations.$inferInsert;
}

/** Inserts a batch in one transaction, many rows per statement; returns the rows inserted. */
async function insertBatch(
  db: Database,
  batch: Built[],
  partnershipId: string,
  counters: Map<number, number>,
): Promise<number> {
  const events = batch.flatMap((built) => built.events);
  const personal = batch.flatMap((built) => built.personal);
  const rows = batch.map((built) => built.row);
  const parties = rows.flatMap(partyRows);
  const participants = rows.flatMap(participantRows);
  await db.transaction(async (tx) => {
    // Each statement stays under PostgreSQL's 65,535 parameters.
    for (const chunk of chunks(rows, 1000)) await tx.insert(escalations).values(chunk);
    for (const chunk of chunks(parties, 5000)) await tx.insert(escalationParties).values(chunk);
    for (const chunk of chunks(participants, 8000)) {
      await tx.insert(escalationParticipants).values(chunk);
    }
    for (const chunk of chunks(events, 4000)) await tx.insert(escalationEvents).values(chunk);
    for (const chunk of chunks(personal, 10000)) {
      await tx.insert(escalationEventPersonal).values(chunk);
    }
    await tx
      .insert(referenceCounters)
      .values([...counters].map(([year, last]) => ({ partnershipId, year, last })))
      .onConflictDoUpdate({
        target: [referenceCounters.partnershipId, referenceCounters.year],
        set: { last: sql`greatest(${referenceCounters.last}, excluded.last)` },
      });
  });
  return events.length + personal.length + rows.length + parties.length + participants.length;
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

/** A small, seedable random number generator (mulberry32): the same seed, the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CHALLENGES = [
  "The referral was closed with advice only, although the child has disclosed being hit at home twice this term.",
  "The child protection plan's visits and core groups have not happened for five weeks.",
  "A strategy discussion was not held after a third domestic abuse incident with the children present.",
  "The request for a mental health assessment was declined as below the service's threshold after self-harm.",
  "The school was not told when police returned the young person home in the early hours.",
  "The child in need plan is to close although the neglect the school sees has not changed.",
];
const TRIED = [
  "Spoke to the duty social worker and the team manager by phone.",
  "Raised at the core group and followed up in writing.",
  "The safeguarding lead met the other agency's manager.",
];
const STATUSES: ChildStatus[] = ["none", "child-in-need", "cp-plan", "looked-after"];

/** Builds one escalation after another: its events, hash chain and read model. */
class Generator {
  readonly counters: Map<number, number>;
  private readonly procedure: Procedure;
  private readonly partnership: Partnership;
  private readonly calendar: Calendar;
  private readonly people: Person[];
  private readonly agencies: string[];
  private readonly rand: () => number;
  private readonly tiers: Map<string, number>;
  private readonly last: number;

  constructor(
    procedure: Procedure,
    partnership: Partnership,
    calendar: Calendar,
    people: Person[],
    agencyIds: string[],
    seed: number,
    counters: Map<number, number>,
  ) {
    this.procedure = procedure;
    this.partnership = partnership;
    this.calendar = calendar;
    this.people = people;
    this.agencies = agencyIds.filter((id) => people.some((person) => person.agencyId === id));
    if (this.agencies.length < 2) throw new Error("The partnership needs two agencies with people");
    this.rand = random(seed);
    this.tiers = new Map(procedure.roles.map((role) => [role.id, role.tier]));
    this.counters = counters;
    this.last = Math.min(LAST_DAY, Date.parse(now) - 3_600_000);
  }

  next(): Built {
    const { procedure, rand } = this;
    const track = procedure.tracks.general;
    if (track === undefined) throw new Error("No general track");
    const id = randomUUID();
    const [raising, receiving] = this.twoAgencies();
    const thematic = rand() < 0.03 && track.entries.some((entry) => entry.thematic);
    const categories = procedure.categories.filter((c) => (c.thematic === true) === thematic);
    let at = this.workingMoment(firstDay + rand() * (this.last - firstDay));
    const entry = track.entries.find((e) => (thematic ? e.thematic : e.default));
    const raiser = thematic
      ? this.holder(raising, stageOf(procedure, "general", entry?.stage ?? "").actors[0]?.role)
      : this.holder(raising, "practitioner");
    let state: EscalationState | null = null;
    const events: EscalationEvent[] = [];
    const apply = (person: Person, command: Command): boolean => {
      const decision = decide(state, command, {
        procedure,
        calendar: this.calendar,
        now: at,
        actor: actorOf(person),
        settings: this.partnership.timescaleSettings as Record<string, number | null>,
      });
      if (!decision.ok) return false;
      for (const event of decision.events) {
        state = evolve(state, event, id);
        events.push(event);
      }
      return true;
    };

    const year = Number(this.calendar.localDate(at).slice(0, 4));
    const number = (this.counters.get(year) ?? 0) + 1;
    this.counters.set(year, number);
    const raised = apply(raiser, {
      type: "raise",
      escalationId: id,
      registration: {
        partnershipId: this.partnership.id,
        reference: `${this.partnership.referencePrefix}-${year}-${String(number).padStart(4, "0")}`,
      },
      thematic,
      child: thematic
        ? null
        : {
            reference: `${this.letter()}.${this.letter()}.`,
            dateOfBirth: new Date(Date.parse(at) - rand() * 17 * 365 * 86_400_000)
              .toISOString()
              .slice(0, 10),
            status: this.pick(STATUSES),
          },
      raisingAgency: raising,
      receivingAgencies: [receiving],
      category: this.pick(categories).id,
      details: {
        challenged: this.pick(CHALLENGES),
        tried: this.pick(TRIED),
        evidence:
          rand() < 0.85
            ? {
                kind: "evidence",
                text: "Dated entries in our safeguarding log and the child's own words.",
              }
            : {
                kind: "gut-feeling",
                text: "Nothing specific has been disclosed, but staff who know the child are worried.",
              },
        outcomeSought:
          "An assessment, or a clear explanation of the decision against the threshold.",
        urgency: rand() < 0.2 ? "urgent" : "routine",
      },
    });
    if (!raised) throw new Error("A generated raise was refused");

    // Older escalations have mostly finished; recent ones are mostly still open.
    const old = Date.parse(now) - Date.parse(at) > 60 * 86_400_000;
    const hops = this.weighted([0.45, 0.25, 0.15, 0.1, 0.05]);
    const ending = this.weighted(
      old ? [0.1, 0.05, 0.6, 0.12, 0.13] : [0.55, 0.1, 0.25, 0.05, 0.05],
    );
    const current = (): EscalationState => state as unknown as EscalationState;
    const stageNow = (): Stage => stageOf(procedure, "general", currentVisit(current()).stage);
    const later = (): boolean => {
      at = new Date(Date.parse(at) + (60 + rand() * 4300) * 60_000).toISOString();
      return Date.parse(at) < Date.parse(now);
    };
    const side = (which: 0 | 1): Person =>
      this.holder(which === 0 ? raising : receiving, this.roleAt(stageNow(), which));

    for (let stage = 0; stage <= hops; stage += 1) {
      if (rand() < 0.8 && later()) {
        apply(side(0), {
          type: "record-discussion",
          heldAt: new Date(Date.parse(at) - 1_800_000).toISOString(),
          method: this.pick(["phone", "face-to-face", "virtual-meeting"] as const),
          participants: `${side(0).name}; ${side(1).name}`,
          summary: "Both agencies set out their views; actions agreed where they could be.",
        });
      }
      if (rand() < 0.3 && later()) {
        apply(side(0), {
          type: "agree-action",
          actionId: randomUUID(),
          description: "Share the assessment and the chronology with the other agency",
          owner: side(1).name,
          dueDate: this.calendar.localDate(new Date(Date.parse(at) + 3 * 86_400_000).toISOString()),
        });
      }
      if (stage === hops || !later()) break;
      const escalated = apply(side(0), {
        type: "escalate",
        reason: "Not resolved at this stage.",
        evidence: "The recorded discussions at this stage ended without agreement.",
      });
      if (!escalated) break;
    }
    if (!flags.open && later()) {
      const outcomes = stageNow().outcomes.map((outcome) => outcome.outcome);
      if (ending === 1 || ending === 2) {
        apply(side(1), {
          type: "resolve",
          outcome: "Agreed: the assessment goes ahead and both agencies attend the next meeting.",
          outstandingIssues: "None.",
        });
        if (ending === 2 && later()) apply(side(0), { type: "confirm-resolution" });
      } else if (ending === 3 && outcomes.includes("close-with-disagreement")) {
        apply(side(0), {
          type: "close-with-disagreement",
          raisingPosition: "The child's needs are not being met by the current plan.",
          receivingPosition: "The current plan is proportionate and is being reviewed.",
          planContinues: "The plan continues with more frequent reviews.",
        });
      } else if (ending === 4) {
        apply(side(0), { type: "withdraw", reason: "New information answered our concern." });
      }
    }

    const final = current();
    const stored = chainedRows(id, 0, GENESIS_HASH, events);
    const deadlines = deadlinesOf(final, {
      procedure,
      calendar: this.calendar,
      settings: this.partnership.timescaleSettings as Record<string, number | null>,
    });
    return { ...stored, row: readModelRow(final, deadlines, procedure, events) };
  }

  /** The role acting for one side at a stage: its own, or (mediation) the parties' first one. */
  private roleAt(stage: Stage, which: 0 | 1): string | undefined {
    const wanted = which === 0 ? "raising" : "receiving";
    return stage.actors.find((actor) => actor.side === wanted)?.role;
  }

  /** The person in the agency holding the role, or its most senior person below that tier. */
  private holder(agencyId: string, role: string | undefined): Person {
    const staff = this.people.filter((person) => person.agencyId === agencyId);
    const exact = staff.find((person) => role !== undefined && person.roles.includes(role));
    if (exact !== undefined) return exact;
    const tier = this.tiers.get(role ?? "") ?? 1;
    const tierOf = (person: Person) => Math.max(...person.roles.map((r) => this.tiers.get(r) ?? 0));
    const below = staff.filter((person) => tierOf(person) <= tier);
    return below.sort((a, b) => tierOf(b) - tierOf(a))[0] ?? (staff[0] as Person);
  }

  private twoAgencies(): [string, string] {
    const first = this.pick(this.agencies);
    let second = this.pick(this.agencies);
    while (second === first) second = this.pick(this.agencies);
    return [first, second];
  }

  /** A working day at or after `ms` (a week earlier if that is after now), 08:30 to 17:30 UTC. */
  private workingMoment(ms: number): string {
    const day = this.calendar.workingDayOnOrAfter(new Date(ms).toISOString().slice(0, 10));
    const minutes = 510 + Math.floor(this.rand() * 540);
    const moment = Date.parse(`${day}T00:00:00Z`) + minutes * 60_000;
    return moment < this.last
      ? new Date(moment).toISOString()
      : this.workingMoment(ms - 7 * 86_400_000);
  }

  private weighted(weights: number[]): number {
    let roll = this.rand();
    for (const [index, weight] of weights.entries()) {
      roll -= weight;
      if (roll < 0) return index;
    }
    return weights.length - 1;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)] as T;
  }

  private letter(): string {
    return String.fromCharCode(65 + Math.floor(this.rand() * 26));
  }
}

// Last, so that everything above is defined before it runs.
if (flags.schema !== undefined) await createSchema(url, flags.schema);
const handle = await openDatabase({ url, ...(flags.schema ? { schema: flags.schema } : {}) });
try {
  await handle.migrate();
  await run(handle.db);
} finally {
  await handle.close();
}
