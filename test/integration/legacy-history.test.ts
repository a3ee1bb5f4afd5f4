// Histories recorded before personal details were kept apart (migration 0010): they are moved,
// not changed, so each event still verifies under its original hash; an escalation begun before
// goes on after; and once anonymised, what is left of each old event is sealed by the chain.
// See docs/adr/0010-retention-and-a-redactable-history.md.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { eq, sql } from "drizzle-orm";
import { actOnEscalation } from "../../src/app/escalations.ts";
import { rebuildReadModels, verifyHistory } from "../../src/app/history.ts";
import { procedureStore, registerProcedures } from "../../src/app/procedure-registry.ts";
import { calendarFor } from "../../src/app/procedures.ts";
import type { DatabaseHandle, Executor } from "../../src/db/client.ts";
import { insertAgency, insertPartnership } from "../../src/db/directory.ts";
import {
  GENESIS_HASH,
  loadEvents,
  loadRecords,
  wholeEventHash,
} from "../../src/db/escalation-store.ts";
import { escalationEventPersonal, escalations, partnerships } from "../../src/db/schema.ts";
import {
  type Actor,
  type Command,
  decide,
  type EscalationEvent,
  type EscalationState,
  evolve,
  REMOVED,
} from "../../src/engine/escalation/index.ts";
import { runRetention } from "../../src/jobs/retention.ts";
import { shipped } from "../fixtures/engine.ts";
import { testDatabase } from "../support/database.ts";
import { tamper } from "../support/tamper.ts";

const database = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
const dorset = shipped("dorset");
// Suffolk, for a child-safety deadline, which Dorset's procedure does not provide for.
const suffolk = shipped("suffolk");

/** A copy of the migrations that stops before 0010: a database as it was before this change. */
function migrationsBefore(tag: string): string {
  const folder = mkdtempSync(join(tmpdir(), "resolve-migrations-"));
  cpSync(fileURLToPath(new URL("../../src/db/migrations/", import.meta.url)), folder, {
    recursive: true,
  });
  const journalFile = join(folder, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag === tag);
  assert.ok(at > 0, `no migration ${tag}`);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

const partnershipId = randomUUID();
const suffolkPartnershipId = randomUUID();
const school = randomUUID();
const socialCare = randomUUID();
const allRoles = [...dorset.roles, ...suffolk.roles].map((role) => role.id);
const teacher: Actor = { personId: randomUUID(), agencyId: school, roles: allRoles };
const manager: Actor = { personId: randomUUID(), agencyId: socialCare, roles: allRoles };

/** An escalation's events as the engine decides them, step by step. */
function history(
  id: string,
  raisedAt: string,
  steps: [string, Actor, Exclude<Command, { type: "raise" }>][] = [],
  procedure = dorset,
) {
  const calendar = calendarFor(procedure);
  const registration = {
    partnershipId: procedure === dorset ? partnershipId : suffolkPartnershipId,
    reference: `${procedure.id.slice(0, 3).toUpperCase()}-2024-${id.slice(0, 4)}`,
  };
  const category =
    procedure.categories.find(
      (candidate) =>
        candidate.thematic !== true &&
        (procedure.tracks.general?.categories?.includes(candidate.id) ?? true),
    )?.id ?? "";
  const events: EscalationEvent[] = [];
  let state: EscalationState | null = null;
  const take = (now: string, actor: Actor, command: Command) => {
    const decision = decide(state, command, { procedure, calendar, now, actor });
    assert.ok(decision.ok, JSON.stringify(decision));
    for (const event of decision.events) {
      state = evolve(state, event, id);
      events.push(event);
    }
  };
  take(raisedAt, teacher, {
    type: "raise",
    escalationId: id,
    registration,
    thematic: false,
    child: { reference: "JS", dateOfBirth: "2016-09-01", status: "cp-plan" },
    raisingAgency: school,
    receivingAgencies: [socialCare],
    category,
    details: {
      challenged: "The referral for JS was closed",
      tried: "Phoned the Front Door about JS",
      evidence: { kind: "evidence", text: "JS told us about the bruises" },
      outcomeSought: "An assessment for JS",
      urgency: "urgent",
    },
  });
  for (const [now, actor, command] of steps) take(now, actor, command);
  return events;
}

/** Writes events as they were written before migration 0010: whole, hashed under rule 1. */
async function recordAsBefore(db: Executor, id: string, events: readonly EscalationEvent[]) {
  let previous = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const version = index + 1;
    const hash = wholeEventHash(id, version, event, previous);
    await db.execute(sql`insert into escalation_events
      (escalation_id, version, type, payload, actor_person_id, occurred_at, previous_hash, hash)
      values (${id}, ${version}, ${event.data.type}, ${JSON.stringify(event)}::jsonb,
              ${event.actor.personId}, ${event.at}, ${previous}, ${hash})`);
    previous = hash;
  }
}

describe(`events recorded before personal details were kept apart (on ${database})`, () => {
  let handle: DatabaseHandle;
  const ids = {
    disagreement: randomUUID(),
    resolved: randomUUID(),
    withdrawn: randomUUID(),
    redirected: randomUUID(),
    open: randomUUID(),
    childSafety: randomUUID(),
  };
  const histories = new Map<string, EscalationEvent[]>();

  before(async () => {
    handle = await testDatabase({ migrations: migrationsBefore("0010_retention") });
    histories.set(
      ids.disagreement,
      history(ids.disagreement, "2024-03-04T09:00:00Z", [
        [
          "2024-03-05T10:00:00Z",
          teacher,
          {
            type: "record-discussion",
            heldAt: "2024-03-05T09:00:00Z",
            method: "face-to-face",
            participants: "JS's teacher and social worker",
            summary: "JS's mother was at the meeting",
          },
        ],
        [
          "2024-03-05T10:05:00Z",
          manager,
          {
            type: "agree-action",
            actionId: randomUUID(),
            description: "Visit JS",
            owner: "The social worker for JS",
            dueDate: "2024-03-08",
          },
        ],
        [
          "2024-03-05T10:15:00Z",
          manager,
          { type: "extend-deadline", dueAt: "2024-03-07T17:00:00Z", reason: "JS is away" },
        ],
        [
          "2024-03-07T10:00:00Z",
          teacher,
          { type: "escalate", reason: "JS still at risk", evidence: "JS's diary" },
        ],
        ["2024-03-08T10:00:00Z", teacher, { type: "escalate", reason: "No visit to JS" }],
        [
          "2024-03-12T10:00:00Z",
          teacher,
          {
            type: "close-with-disagreement",
            raisingPosition: "JS needs a plan",
            receivingPosition: "JS's family is supported",
            planContinues: "JS's plan continues",
          },
        ],
      ]),
    );
    histories.set(
      ids.resolved,
      history(ids.resolved, "2024-03-04T09:00:00Z", [
        [
          "2024-03-05T10:00:00Z",
          manager,
          { type: "resolve", outcome: "An assessment of JS", outstandingIssues: "JS's school" },
        ],
        ["2024-03-05T11:00:00Z", teacher, { type: "confirm-resolution" }],
      ]),
    );
    histories.set(
      ids.withdrawn,
      history(ids.withdrawn, "2024-03-04T09:00:00Z", [
        ["2024-03-05T10:00:00Z", teacher, { type: "withdraw", reason: "JS moved away" }],
      ]),
    );
    histories.set(
      ids.redirected,
      history(ids.redirected, "2024-03-04T09:00:00Z", [
        [
          "2024-03-05T10:00:00Z",
          teacher,
          { type: "redirect", to: "The LADO", reason: "About a teacher of JS" },
        ],
      ]),
    );
    histories.set(ids.open, history(ids.open, "2024-03-04T09:00:00Z"));
    histories.set(
      ids.childSafety,
      history(
        ids.childSafety,
        "2024-03-04T09:00:00Z",
        [
          [
            "2024-03-04T10:00:00Z",
            teacher,
            {
              type: "set-child-safety-deadline",
              dueAt: "2024-03-04T17:00:00Z",
              reason: "JS goes home to the same adults tonight",
            },
          ],
          ["2024-03-04T11:00:00Z", teacher, { type: "withdraw", reason: "JS is safe" }],
        ],
        suffolk,
      ),
    );
    for (const [id, events] of histories) await recordAsBefore(handle.db, id, events);

    await handle.migrate();
    await registerProcedures(handle.db, [dorset, suffolk]);
    for (const [id, procedure] of [
      [partnershipId, dorset],
      [suffolkPartnershipId, suffolk],
    ] as const) {
      await insertPartnership(handle.db, {
        id,
        name: `${procedure.partnership} (test)`,
        procedureId: procedure.id,
        procedureVersion: procedure.version,
        referencePrefix: procedure.id.slice(0, 3).toUpperCase(),
      });
    }
    for (const [id, name] of [
      [school, "Hillside Primary School"],
      [socialCare, "Children's Social Care"],
    ] as const) {
      await insertAgency(handle.db, { id, partnershipId, name, sector: "other" });
    }
    await rebuildReadModels(handle.db);
  });
  after(() => handle?.close());

  test("each event still verifies under its original hash, and reads back exactly as recorded", async () => {
    const report = await verifyHistory(handle.db);
    assert.equal(report.firstBreak, null);
    assert.equal(
      report.events,
      [...histories.values()].reduce((sum, events) => sum + events.length, 0),
    );
    for (const [id, events] of histories) {
      const loaded = (await loadEvents(handle.db, id)).map(({ at, actor, data }) => ({
        at,
        actor,
        data,
      }));
      assert.deepEqual(loaded, events);
      for (const record of await loadRecords(handle.db, id)) {
        assert.equal(record.hashRule, 1);
        assert.doesNotMatch(JSON.stringify(record.kept), /JS|2016-09-01|cp-plan/);
      }
    }
  });

  test("a personal detail changed in its new place is found out by the old hash", async () => {
    const where = sql`escalation_id = ${ids.withdrawn} and version = 1`;
    await tamper(
      handle.db,
      sql`update escalation_event_personal set fields = fields || '{"details.tried": "Nothing"}' where ${where}`,
      "escalation_event_personal",
    );
    const report = await verifyHistory(handle.db);
    assert.deepEqual(report.firstBreak && { ...report.firstBreak }, {
      escalationId: ids.withdrawn,
      version: 1,
      problem: "its contents do not match its hash: it was changed after it was recorded",
    });
    await tamper(
      handle.db,
      sql`update escalation_event_personal set fields = fields || '{"details.tried": "Phoned the Front Door about JS"}' where ${where}`,
      "escalation_event_personal",
    );
    assert.equal((await verifyHistory(handle.db)).firstBreak, null);
  });

  test("an escalation begun before goes on after: new events chain on under the new rule", async () => {
    const deps = {
      db: handle.db,
      procedures: procedureStore(handle.db),
      actingFor: "system" as const,
      now: () => "2024-03-06T10:00:00Z",
      newId: randomUUID,
    };
    const outcome = await actOnEscalation(deps, manager, ids.open, 2, {
      type: "record-discussion",
      heldAt: "2024-03-06T09:00:00Z",
      method: "phone",
      participants: "JS's social worker",
      summary: "JS is safe tonight",
    });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const records = await loadRecords(handle.db, ids.open);
    assert.deepEqual(
      records.map((record) => record.hashRule),
      [1, 1, 2],
    );
    assert.equal((await verifyHistory(handle.db)).firstBreak, null);
  });

  test("anonymised, old events are sealed: the chain verifies, and a change to what is left is found out", async () => {
    await handle.db.update(partnerships).set({ retentionMonths: 12 });
    const report = await runRetention(handle, "2026-06-15T10:00:00Z");
    assert.equal(report.anonymised, 5);
    assert.deepEqual(report.unverified, []);
    assert.equal((await verifyHistory(handle.db)).firstBreak, null);

    const [row] = await handle.db
      .select()
      .from(escalations)
      .where(eq(escalations.id, ids.disagreement));
    assert.equal(row?.childReference, null);
    assert.equal(row?.summary, REMOVED);
    assert.equal(row?.status, "closed-with-disagreement");
    assert.equal(row?.stage, "stage-3");
    const personal = await handle.db
      .select()
      .from(escalationEventPersonal)
      .where(eq(escalationEventPersonal.escalationId, ids.disagreement));
    assert.deepEqual(personal, []);

    const records = await loadRecords(handle.db, ids.disagreement);
    const sealing = records.at(-1);
    assert.ok(sealing);
    assert.equal(sealing.kept.data.type, "escalation-anonymised");
    assert.equal(sealing.hashRule, 2);
    const withDetails = histories
      .get(ids.disagreement)
      ?.flatMap((event, index) =>
        ["stage-entered", "notification-required"].includes(event.data.type) ? [] : [index + 1],
      );
    assert.deepEqual(
      (sealing.kept.data.sealed as { version: number }[]).map((seal) => seal.version),
      withDetails,
    );

    const first = sql`escalation_id = ${ids.disagreement} and version = 1`;
    const original = JSON.stringify(records[0]?.kept);
    await tamper(
      handle.db,
      sql`update escalation_events set payload = jsonb_set(payload, '{data,category}', '"other"') where ${first}`,
    );
    assert.deepEqual(
      { ...(await verifyHistory(handle.db)).firstBreak },
      {
        escalationId: ids.disagreement,
        version: 1,
        problem:
          "what is left of it after its personal details were removed does not match its seal",
      },
    );
    await tamper(
      handle.db,
      sql`update escalation_events set payload = ${original}::jsonb where ${first}`,
    );
    assert.equal((await verifyHistory(handle.db)).firstBreak, null);
  });
});
