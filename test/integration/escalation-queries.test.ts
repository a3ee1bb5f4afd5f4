import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { type EscalationDeps, raiseEscalation } from "../../src/app/escalations.ts";
import { procedureStore } from "../../src/app/procedure-registry.ts";
import type { DatabaseHandle } from "../../src/db/client.ts";
import { insertAgency } from "../../src/db/directory.ts";
import {
  decodeCursor,
  encodeCursor,
  escalationLog,
  yourWork,
} from "../../src/db/escalation-queries.ts";
import { escalations } from "../../src/db/schema.ts";
import { readAs } from "../../src/db/visibility.ts";
import { type Visibility, visibleTo } from "../../src/engine/policy/index.ts";
import { testDatabase } from "../support/database.ts";
import { testPartnership } from "../support/partnership.ts";

describe(`the log and your work on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  let handle: DatabaseHandle;
  let world: Awaited<ReturnType<typeof testPartnership>>;
  let police: { id: string };
  let clock = "";
  let deps: EscalationDeps;
  const ids: string[] = [];

  before(async () => {
    handle = await testDatabase();
    world = await testPartnership(handle.db);
    police = await insertAgency(handle.db, {
      id: randomUUID(),
      partnershipId: world.partnership.id,
      name: "Police",
      sector: "police",
    });
    deps = {
      db: handle.db,
      procedures: procedureStore(handle.db),
      actingFor: "system",
      now: () => clock,
      newId: randomUUID,
    };
    // Seven escalations a day apart from the school to social care; the fifth is about police.
    for (let day = 0; day < 7; day++) {
      clock = `2025-03-${String(3 + day).padStart(2, "0")}T09:00:00Z`;
      const raised = await raiseEscalation(deps, world.teacher, {
        thematic: false,
        child: { reference: `C${day}`, dateOfBirth: null, status: "none" },
        receivingAgencies: [day === 4 ? police.id : world.socialCare.id],
        category: day % 2 === 0 ? "referral-threshold" : "plan-progress",
        details: {
          challenged: `Decision ${day}`,
          tried: "Talked",
          evidence: { kind: "gut-feeling", text: "Something is wrong" },
          outcomeSought: "A review",
          urgency: "routine",
        },
      });
      assert.ok(raised.ok);
      ids.push(raised.id);
    }
  });
  after(() => handle.close());

  /** Someone at the top tier of an agency, or on the team that oversees some stages. */
  const viewer = (agencyId: string | null, overseen: Visibility["overseen"] = []): Visibility => ({
    partnershipId: world.partnership.id,
    personIds: [randomUUID()],
    agencyTiers: agencyId === null ? {} : { [agencyId]: 5 },
    overseen,
  });

  test("pages follow one another newest first, with no gaps or repeats", async () => {
    const seen: string[] = [];
    let after: ReturnType<typeof decodeCursor>;
    do {
      const page = await escalationLog(handle.db, viewer(world.school.id), {}, clock, {
        after,
        size: 3,
      });
      seen.push(...page.rows.map((row) => row.id));
      after = page.next === undefined ? undefined : decodeCursor(encodeCursor(page.next));
    } while (after !== undefined);
    assert.deepEqual(seen, [...ids].reverse());
  });

  test("an agency sees only escalations it is party to", async () => {
    const social = await escalationLog(handle.db, viewer(world.socialCare.id), {}, clock, {
      size: 50,
    });
    assert.equal(social.rows.length, 6);
    const policeRows = await escalationLog(handle.db, viewer(police.id), {}, clock, { size: 50 });
    assert.deepEqual(
      policeRows.rows.map((row) => row.id),
      [ids[4]],
    );
    const nobody = await escalationLog(handle.db, viewer(null), {}, clock, { size: 50 });
    assert.equal(nobody.rows.length, 0);
  });

  test("the partnership team sees the stages routed to it", async () => {
    const team = viewer(null, [{ track: "general", stage: "stage-1" }]);
    assert.equal((await escalationLog(handle.db, team, {}, clock, { size: 50 })).rows.length, 7);
    const later = viewer(null, [{ track: "general", stage: "stage-3" }]);
    assert.equal((await escalationLog(handle.db, later, {}, clock, { size: 50 })).rows.length, 0);
  });

  test("filters by category, agency, stage, status and overdue", async () => {
    const log = (filter: Parameters<typeof escalationLog>[2], now = clock) =>
      escalationLog(handle.db, viewer(world.school.id), filter, now, { size: 50 }).then(
        (page) => page.rows.length,
      );
    assert.equal(await log({ category: "plan-progress" }), 3);
    assert.equal(await log({ agencyId: police.id }), 1);
    assert.equal(await log({ stage: "stage-1" }), 7);
    assert.equal(await log({ stage: "stage-2" }), 0);
    assert.equal(await log({ status: "resolved" }), 0);
    // Stage 1 is due at the end of Day 3: on 7 March the first three (raised 3–5 March) are overdue.
    assert.equal(await log({ overdue: true }, "2025-03-07T12:00:00Z"), 2);
    assert.equal(await log({ overdue: true }, "2025-03-20T12:00:00Z"), 7);
  });

  test("a tampered or foreign cursor starts again from the top", () => {
    for (const text of ["", "garbage", Buffer.from("x|y").toString("base64url"), "a".repeat(500)]) {
      assert.equal(decodeCursor(text), undefined, text);
    }
  });

  test("your work lists running escalations for the agency", async () => {
    const work = await yourWork(handle.db, viewer(world.socialCare.id));
    assert.equal(work.length, 6);
    assert.equal(work[0]?.id, ids[6]);
  });

  test("a practitioner of a party agency sees only what they took part in", async () => {
    const below = { ...viewer(world.socialCare.id), agencyTiers: { [world.socialCare.id]: 1 } };
    assert.equal((await escalationLog(handle.db, below, {}, clock, { size: 50 })).rows.length, 0);
    const raiser = { ...viewer(null), personIds: [world.teacher.id] };
    assert.equal((await escalationLog(handle.db, raiser, {}, clock, { size: 50 })).rows.length, 7);
  });

  describe("row-level security, as the application role", () => {
    const everything = sql`select id from escalations order by id`;
    const idsOf = (result: unknown) =>
      (result as { rows: { id: string }[] }).rows.map((row) => row.id);

    test("a query that forgets every filter still returns only what the person may see", async () => {
      const social = await readAs(handle.db, viewer(world.socialCare.id), (tx) =>
        tx.execute(everything),
      );
      assert.equal(idsOf(social).length, 6);
      const nobody = await readAs(handle.db, viewer(null), (tx) => tx.execute(everything));
      assert.deepEqual(idsOf(nobody), []);
      const events = await readAs(handle.db, viewer(police.id), (tx) =>
        tx.execute(sql`select distinct escalation_id as id from escalation_events`),
      );
      assert.deepEqual(idsOf(events), [ids[4]]);
      const parties = await readAs(handle.db, viewer(police.id), (tx) =>
        tx.execute(sql`select distinct escalation_id as id from escalation_parties`),
      );
      assert.deepEqual(idsOf(parties), [ids[4]]);
      const participants = await readAs(handle.db, viewer(police.id), (tx) =>
        tx.execute(sql`select distinct escalation_id as id from escalation_participants`),
      );
      assert.deepEqual(idsOf(participants), [ids[4]]);
      const erased = await readAs(handle.db, viewer(world.socialCare.id), (tx) =>
        tx.execute(sql`delete from escalations returning id`),
      );
      assert.deepEqual(idsOf(erased), [], "what a person sees, they still cannot delete");
    });

    test("another partnership's person sees nothing, and cannot change or erase the record", async () => {
      const stranger = { ...viewer(world.socialCare.id), partnershipId: randomUUID() };
      assert.deepEqual(
        idsOf(await readAs(handle.db, stranger, (tx) => tx.execute(everything))),
        [],
      );
      const changed = await readAs(handle.db, stranger, (tx) =>
        tx.execute(sql`update escalations set summary = 'x' returning id`),
      );
      assert.deepEqual(idsOf(changed), []);
      await assert.rejects(
        readAs(handle.db, viewer(world.socialCare.id), (tx) =>
          tx.execute(sql`delete from escalation_events`),
        ),
        (error: Error) => /permission denied/.test(String(error.cause)),
      );
    });

    test("the database and the policy module agree on who sees what", async () => {
      const rows = await handle.db.select().from(escalations);
      const viewers: Visibility[] = [
        viewer(world.school.id),
        viewer(world.socialCare.id),
        viewer(police.id),
        { ...viewer(world.socialCare.id), agencyTiers: { [world.socialCare.id]: 1 } },
        { ...viewer(world.socialCare.id), agencyTiers: { [world.socialCare.id]: 2 } },
        // Two agencies at different tiers: row-level security reads them a tier at a time.
        { ...viewer(null), agencyTiers: { [world.school.id]: 1, [world.socialCare.id]: 2 } },
        { ...viewer(null), agencyTiers: { [police.id]: 3, [world.socialCare.id]: 1 } },
        { ...viewer(null), personIds: [world.teacher.id] },
        viewer(null, [{ track: "general", stage: "stage-1" }]),
        viewer(null, [{ track: "general", stage: "stage-2" }]),
      ];
      for (const visibility of viewers) {
        const expected = rows
          .filter((row) => visibleTo(visibility, { ...row, participantIds: row.participantIds }))
          .map((row) => row.id)
          .sort();
        const actual = idsOf(await readAs(handle.db, visibility, (tx) => tx.execute(everything)));
        assert.deepEqual(actual, expected, JSON.stringify(visibility));
      }
    });
  });
});
