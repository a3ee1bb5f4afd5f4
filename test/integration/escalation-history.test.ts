import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import {
  actOnEscalation,
  actorOf,
  type EscalationDeps,
  loadEscalation,
  type RaiseInput,
  raiseEscalation,
} from "../../src/app/escalations.ts";
import { rebuildReadModels, verifyHistory } from "../../src/app/history.ts";
import { procedureStore } from "../../src/app/procedure-registry.ts";
import type { DatabaseHandle } from "../../src/db/client.ts";
import { escalationEvents, escalations } from "../../src/db/schema.ts";
import { testDatabase } from "../support/database.ts";
import { testPartnership } from "../support/partnership.ts";
import { tamper } from "../support/tamper.ts";

const raise: RaiseInput = {
  thematic: false,
  child: { reference: "JS-0042", dateOfBirth: "2016-09-01", status: "child-in-need" },
  receivingAgencies: [],
  category: "referral-threshold",
  details: {
    challenged: "The referral was closed with no assessment",
    tried: "Spoke to the duty social worker on Monday",
    evidence: { kind: "evidence", text: "Three disclosures in a fortnight" },
    outcomeSought: "A child and family assessment",
    urgency: "routine",
  },
};

describe(`escalation history on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  let handle: DatabaseHandle;
  let world: Awaited<ReturnType<typeof testPartnership>>;
  let clock = "2025-03-03T09:00:00Z";
  let deps: EscalationDeps;

  before(async () => {
    handle = await testDatabase();
    world = await testPartnership(handle.db);
    deps = {
      db: handle.db,
      procedures: procedureStore(handle.db),
      actingFor: "system",
      now: () => clock,
      newId: randomUUID,
    };
  });
  after(() => handle.close());

  const raiseOne = async () => {
    const raised = await raiseEscalation(deps, world.teacher, {
      ...raise,
      receivingAgencies: [world.socialCare.id],
    });
    assert.ok(raised.ok, JSON.stringify(raised));
    return raised;
  };

  test("raising records the events, a reference and the read model in one go", async () => {
    clock = "2025-03-03T09:00:00Z";
    const raised = await raiseOne();
    assert.match(raised.reference, /^DOR-2025-\d{4}$/);
    const [row] = await handle.db.select().from(escalations).where(eq(escalations.id, raised.id));
    assert.equal(row?.stage, "stage-1");
    assert.equal(row?.status, "open");
    assert.equal(Date.parse(row?.stageDueAt ?? ""), Date.parse("2025-03-05T23:59:59.999Z"));
    const view = await loadEscalation(deps, raised.id);
    assert.equal(view?.events.length, 2);
    assert.equal(view?.state.registration.reference, raised.reference);
  });

  test("a refused raise saves nothing and uses no reference", async () => {
    const before = await handle.db.select({ n: sql<number>`count(*)::int` }).from(escalationEvents);
    const refused = await raiseEscalation(deps, world.teacher, {
      ...raise,
      receivingAgencies: [world.school.id],
    });
    assert.ok(!refused.ok && "rejection" in refused && refused.rejection.code === "same-agency");
    const afterCount = await handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(escalationEvents);
    assert.deepEqual(afterCount, before);
    const next = await raiseOne();
    const numbers = (await handle.db.select({ reference: escalations.reference }).from(escalations))
      .map((r) => r.reference)
      .sort();
    assert.equal(numbers.at(-1), next.reference);
    assert.equal(new Set(numbers).size, numbers.length);
  });

  test("the second of two people acting on the same version is told what changed, and nothing of theirs is saved", async () => {
    const { id } = await raiseOne();
    clock = "2025-03-04T10:00:00Z";
    const first = await actOnEscalation(deps, actorOf(world.teamManager), id, 2, {
      type: "record-discussion",
      heldAt: "2025-03-04T09:30:00Z",
      method: "phone",
      participants: "Both team managers",
      summary: "Agreed to look again at the referral",
    });
    assert.ok(first.ok);
    const second = await actOnEscalation(deps, actorOf(world.teacher), id, 2, {
      type: "escalate",
      reason: "No progress",
    });
    assert.ok(!second.ok && "conflict" in second);
    assert.deepEqual(
      second.conflict.changes.map((event) => event.data.type),
      ["discussion-recorded"],
    );
    const view = await loadEscalation(deps, id);
    assert.equal(view?.state.visits.at(-1)?.stage, "stage-1");
  });

  test("two writers racing on the database: exactly one wins", async () => {
    const { id } = await raiseOne();
    const results = await Promise.all([
      actOnEscalation(deps, actorOf(world.teacher), id, 2, {
        type: "escalate",
        reason: "Still unsafe",
      }),
      actOnEscalation(deps, actorOf(world.teamManager), id, 2, {
        type: "resolve",
        outcome: "Assessment",
        outstandingIssues: "None",
      }),
    ]);
    assert.equal(results.filter((result) => result.ok).length, 1);
    const view = await loadEscalation(deps, id);
    assert.equal(view?.state.version, 3 + (view?.state.status === "resolution-proposed" ? 0 : 1));
  });

  test("the read models are rebuilt from the events, identical to before", async () => {
    const snapshot = async () =>
      (await handle.db.select().from(escalations)).sort((a, b) => a.id.localeCompare(b.id));
    const before = await snapshot();
    const rebuilt = await rebuildReadModels(handle.db);
    assert.equal(rebuilt, before.length);
    assert.deepEqual(await snapshot(), before);
  });
  test("the history is append-only: the database refuses updates and deletes", async () => {
    const refused = (error: unknown) =>
      error instanceof Error &&
      /append-only/.test(String((error.cause as Error | undefined)?.message));
    await assert.rejects(handle.db.update(escalationEvents).set({ type: "forged" }), refused);
    await assert.rejects(handle.db.delete(escalationEvents), refused);
  });

  test("every chain verifies, and a tampered event is reported as the first broken link", async () => {
    const clean = await verifyHistory(handle.db);
    assert.equal(clean.firstBreak, null);
    assert.ok(clean.events > 0);
    const { id } = await raiseOne();
    // Tampering needs the trigger out of the way, as an attacker with database access would do.
    await tamper(
      handle.db,
      sql`update escalation_events set payload = jsonb_set(payload, '{data,category}', '"other"') where escalation_id = ${id} and version = 1`,
    );
    const report = await verifyHistory(handle.db);
    assert.deepEqual(report.firstBreak && { ...report.firstBreak }, {
      escalationId: id,
      version: 1,
      problem: "its contents do not match its hash: it was changed after it was recorded",
    });
  });
});
