import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { eq, getTableName, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { seedDemo } from "../../src/app/demo.ts";
import { loadEscalation } from "../../src/app/escalations.ts";
import { rebuildReadModels, verifyHistory } from "../../src/app/history.ts";
import { procedureStore } from "../../src/app/procedure-registry.ts";
import { loadProcedureLibrary } from "../../src/app/procedures.ts";
import type { Database } from "../../src/db/client.ts";
import { listAgencies, listPartnerships, listPeople } from "../../src/db/directory.ts";
import {
  agencies,
  escalationEvents,
  escalationParties,
  escalations,
  partnerships,
  people,
  personRoles,
  procedureVersions,
  referenceCounters,
} from "../../src/db/schema.ts";
import { testDatabase } from "../support/database.ts";

const NOW = "2026-11-23T14:00:00Z";
const library = loadProcedureLibrary().procedures;
const RUNNING = new Set(["open", "resolution-proposed"]);

const TABLES: PgTable[] = [
  procedureVersions,
  partnerships,
  agencies,
  people,
  personRoles,
  escalations,
  escalationParties,
  escalationEvents,
  referenceCounters,
];

async function rowCounts(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table);
    counts[getTableName(table)] = row?.n ?? 0;
  }
  return counts;
}

describe(`the demo partnership on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  for (const [procedureId, procedure] of library) {
    test(`${procedureId}: an empty database gets a partnership, a person for every role and a dozen escalations`, async () => {
      const handle = await testDatabase();
      try {
        const { db } = handle;
        const seeded = await seedDemo(db, { procedureId, now: NOW });
        assert.equal(seeded.seeded, true);
        const [partnership] = await listPartnerships(db);
        assert.equal(partnership?.id, seeded.partnershipId);
        assert.equal(partnership.name, `${procedure.partnership} (demo)`);
        assert.equal(partnership.procedureVersion, procedure.version);

        const agencyRows = await listAgencies(db, partnership.id);
        for (const sector of [
          "childrens-social-care",
          "police",
          "health",
          "early-years",
          "voluntary",
        ]) {
          assert.ok(
            agencyRows.some((agency) => agency.sector === sector),
            `an agency in ${sector}`,
          );
        }
        assert.equal(agencyRows.filter((agency) => agency.sector === "education").length, 2);

        const demoPeople = await listPeople(db, partnership.id);
        assert.ok(demoPeople.every((person) => person.demo));
        assert.ok(demoPeople.every((person) => person.email.endsWith("@demo.resolve.test")));
        const withPasswords = await db
          .select({ id: people.id })
          .from(people)
          .where(sql`${people.passwordHash} is not null`);
        assert.deepEqual(withPasswords, []);
        const agencyOf = new Map(agencyRows.map((agency) => [agency.id, agency]));
        const holders = (role: string) => demoPeople.filter((p) => p.roles.includes(role));
        const stageRoles = new Set(
          procedure.tracks.general?.stages.flatMap((stage) => stage.actors.map((a) => a.role)),
        );
        for (const role of procedure.roles) {
          const held = holders(role.id);
          assert.ok(held.length > 0, `someone holds ${role.id}`);
          if (role.level !== "agency") {
            assert.ok(
              held.every((person) => person.agencyId === null),
              role.id,
            );
            continue;
          }
          const sectors = held.map((person) => agencyOf.get(person.agencyId ?? "")?.sector);
          assert.ok(sectors.includes("childrens-social-care"), `${role.id} in social care`);
          if (stageRoles.has(role.id)) {
            for (const sector of ["education", "police", "health"]) {
              assert.ok(sectors.includes(sector), `${role.id} in ${sector}`);
            }
          }
        }
        const administrators = holders("administrator");
        assert.equal(administrators.length, 1);
        assert.equal(administrators[0]?.agencyId, null);

        const rows = await db
          .select()
          .from(escalations)
          .where(eq(escalations.partnershipId, partnership.id));
        assert.ok(rows.length >= 12, `${rows.length} escalations`);
        const running = rows.filter((row) => RUNNING.has(row.status));
        const weeksAgo = Date.parse(NOW) - 14 * 24 * 3600_000;
        assert.ok(
          running.some(
            (row) =>
              row.nextDueAt !== null &&
              Date.parse(row.nextDueAt) < Date.parse(NOW) &&
              Date.parse(row.raisedAt) < weeksAgo,
          ),
          "an overdue escalation raised weeks ago",
        );
        assert.ok(
          running.some(
            (row) => row.nextDueAt !== null && Date.parse(row.nextDueAt) > Date.parse(NOW),
          ),
          "an escalation still within its deadline",
        );
        const byStatus = (status: string) => rows.filter((row) => row.status === status);
        assert.ok(byStatus("resolution-proposed").length >= 1);
        assert.ok(byStatus("withdrawn").length >= 1);
        const resolved = byStatus("resolved");
        assert.ok(resolved.length >= 1);
        const deps = { db, procedures: procedureStore(db), actingFor: "system" as const };
        for (const row of resolved) {
          const view = await loadEscalation(deps, row.id);
          const confirmedBy = view?.events.at(-1)?.actor.agencyId;
          assert.equal(view?.events.at(-1)?.data.type, "resolution-confirmed");
          assert.notEqual(confirmedBy, view?.state.resolution?.agencyId, "the other side confirms");
        }

        const stages = procedure.tracks.general?.stages ?? [];
        const allows = (outcome: string) =>
          stages.some((stage) => stage.outcomes.some((o) => o.outcome === outcome));
        assert.equal(
          byStatus("closed-with-disagreement").length,
          allows("close-with-disagreement") ? 1 : 0,
        );
        const thematicEntry = procedure.tracks.general?.entries.some((entry) => entry.thematic);
        const thematic = rows.filter((row) => row.thematic);
        assert.equal(thematic.length, thematicEntry ? 1 : 0);
        assert.ok(thematic.every((row) => row.childReference === null));
        for (const row of rows.filter((r) => !r.thematic)) {
          assert.match(
            row.childReference ?? "",
            /^(?:[A-Z]\.){2}|\bref\b/,
            "initials or a reference",
          );
        }
        const partnershipStage = stages.find((stage) =>
          stage.actors.some((a) => a.side === "partnership" || a.side === "independent"),
        );
        if (partnershipStage !== undefined) {
          assert.ok(
            rows.some((row) => row.stage === partnershipStage.id && RUNNING.has(row.status)),
          );
        }
        const repeating = stages.find((stage) => stage.repeats !== undefined);
        if (repeating !== undefined) {
          assert.ok(rows.some((row) => row.stage === repeating.id && row.round === 2));
        }
        assert.ok(new Set(rows.map((row) => row.stage)).size >= 3, "escalations at several stages");

        const history = await verifyHistory(db);
        assert.equal(history.firstBreak, null);
        assert.equal(history.escalations, rows.length);
        const demoIds = new Set(demoPeople.map((person) => person.id));
        const actors = await db
          .selectDistinct({ id: escalationEvents.actorPersonId })
          .from(escalationEvents);
        assert.ok(
          actors.every((actor) => demoIds.has(actor.id)),
          "every event by a demo person",
        );
        const snapshot = async () =>
          (await db.select().from(escalations)).sort((a, b) => a.id.localeCompare(b.id));
        const before = await snapshot();
        await rebuildReadModels(db);
        assert.deepEqual(await snapshot(), before, "the read models follow from the events");

        // Seeding never touches a database that has data, whichever procedure is asked for.
        const counts = await rowCounts(db);
        for (const again of [procedureId, "dorset"]) {
          assert.deepEqual(await seedDemo(db, { procedureId: again, now: NOW }), {
            seeded: false,
            partnershipId: null,
          });
        }
        assert.deepEqual(await rowCounts(db), counts, "seeding again changes nothing");
      } finally {
        await handle.close();
      }
    });
  }

  test("an unknown procedure or a time without an offset is refused before the database is touched", async () => {
    const untouchable = {} as Database;
    await assert.rejects(seedDemo(untouchable, { procedureId: "nowhere", now: NOW }), /dorset/);
    await assert.rejects(
      seedDemo(untouchable, { procedureId: "dorset", now: "2026-11-23T14:00:00" }),
      /ISO 8601/,
    );
  });
});
