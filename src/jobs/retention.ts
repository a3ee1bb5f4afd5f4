import { project } from "../app/escalations.ts";
import { procedureStore } from "../app/procedure-registry.ts";
import { calendarOf } from "../app/procedures.ts";
import type { Database, Executor } from "../db/client.ts";
import { listPartnerships, type Partnership } from "../db/directory.ts";
import {
  appendEvents,
  ConcurrencyError,
  eventOf,
  loadEvents,
  loadRecords,
  removePersonalDetails,
  sealOf,
  verifyChain,
} from "../db/escalation-store.ts";
import { dueForRetention, type RetentionPosition } from "../db/retention.ts";
import { anonymisation, replay, retentionCutoff } from "../engine/escalation/index.ts";
import type { Log } from "./runner.ts";

// The retention job: removes the personal details of closed escalations once their partnership's
// retention period is over, keeping everything the figures need (docs/adr/0010-…). It runs as the
// service itself ("system"): the database lets only its owner delete personal details, and only
// from an escalation whose history already records that it is anonymised.

/** Escalations taken per transaction. */
const BATCH = 50;

/** What one pass did. */
export interface RetentionReport {
  /** Escalations whose personal details this pass removed. */
  anonymised: number;
  /** Events whose personal details were deleted. */
  eventsCleared: number;
  /** Escalations left whole because their history does not verify: someone must look at them. */
  unverified: string[];
  /** Escalations that changed while this pass worked on them: the next pass takes them. */
  changed: number;
}

type Outcome = { removed: number } | "unverified" | "kept" | "changed";

/**
 * One pass over every partnership, at `now` (ISO 8601). Safe to run twice (what is done is not
 * taken again) and side by side (each escalation is locked while it is worked on, and skipped by
 * the others). When `signal` is aborted it stops between batches.
 */
export async function runRetention(
  services: { db: Database },
  now: string,
  options: { signal?: AbortSignal; log?: Pick<Log, "warn">; batchSize?: number } = {},
): Promise<RetentionReport> {
  const report: RetentionReport = { anonymised: 0, eventsCleared: 0, unverified: [], changed: 0 };
  const batchSize = options.batchSize ?? BATCH;
  for (const partnership of await listPartnerships(services.db)) {
    const cutoff = retentionCutoff(now, partnership.retentionMonths, calendarOf(partnership));
    let after: RetentionPosition | null = null;
    while (options.signal?.aborted !== true) {
      const taken = await services.db.transaction(async (tx) => {
        const due = await dueForRetention(tx, partnership.id, cutoff, after, batchSize);
        for (const { id } of due) {
          const outcome = await anonymiseOne(tx, id, partnership, now);
          if (outcome === "unverified") report.unverified.push(id);
          else if (outcome === "changed") report.changed += 1;
          else if (outcome !== "kept") {
            report.anonymised += 1;
            report.eventsCleared += outcome.removed;
          }
        }
        return due;
      });
      if (taken.length < batchSize) break;
      after = taken.at(-1) ?? null;
    }
  }
  if (report.unverified.length > 0) {
    options.log?.warn(
      { escalations: report.unverified },
      "Personal details kept past the retention period: these escalations' histories do not verify (run resolve verify)",
    );
  }
  return report;
}

/** Anonymises one escalation, in a savepoint so that one that changed meanwhile spoils nothing else. */
async function anonymiseOne(
  tx: Executor,
  id: string,
  partnership: Partnership,
  now: string,
): Promise<Outcome> {
  try {
    return await tx.transaction(async (savepoint) => {
      const records = await loadRecords(savepoint, id);
      // Never seal what does not verify: it stays whole, for someone to look into.
      if (verifyChain(records) !== null) return "unverified";
      const events = records.map(eventOf);
      const state = replay(id, events);
      const last = records.at(-1);
      if (state === null || last === undefined) return "kept";
      const calendar = calendarOf(partnership);
      const decision = anonymisation(state, {
        now,
        retentionMonths: partnership.retentionMonths,
        calendar,
        sealed: records
          .filter((record) => record.hashRule === 1 && record.personal !== null)
          .map((record) => ({ version: record.version, digest: sealOf(record) })),
      });
      if (!decision.ok) return "kept";
      await appendEvents(savepoint, id, state.version, last.hash, [decision.event]);
      const removed = await removePersonalDetails(savepoint, id);
      const procedure = await procedureStore(savepoint)(
        state.procedure.id,
        state.procedure.version,
      );
      await project(savepoint, await loadEvents(savepoint, id), partnership, procedure, calendar);
      return { removed };
    });
  } catch (error) {
    if (error instanceof ConcurrencyError) return "changed";
    throw error;
  }
}
