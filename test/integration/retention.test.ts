// The retention job on a real database: what it removes, what it keeps, and what the database
// lets anyone else do to personal details (docs/adr/0010-retention-and-a-redactable-history.md).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { loadEscalation } from "../../src/app/escalations.ts";
import { rebuildReadModels, verifyHistory } from "../../src/app/history.ts";
import {
  childDetailViews,
  escalationEventPersonal,
  escalationEvents,
  escalations,
  partnerships,
} from "../../src/db/schema.ts";
import { REMOVED } from "../../src/engine/escalation/index.ts";
import { runRetention } from "../../src/jobs/retention.ts";
import {
  type EscalationWorld,
  escalationWorld,
  textOf,
} from "../../src/web/routes/escalation/test-support.ts";
import { tamper } from "../support/tamper.ts";

const database = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
const NOW = "2026-06-15T10:00:00Z";

describe(`the retention job (Dorset, keeping closed escalations 12 months, on ${database})`, () => {
  let w: EscalationWorld;
  /** Closed with the disagreement noted 13 months ago. */
  let disagreement: string;
  /** Resolved 14 months ago. */
  let resolved: string;
  /** Withdrawn 11 months ago. */
  let recent: string;
  /** Raised two and a half years ago and never closed. */
  let open: string;

  const at = (instant: string) => {
    w.clock.now = instant;
  };

  before(async () => {
    w = await escalationWorld("dorset", "2024-01-08T09:00:00Z");
    await w.services.db
      .update(partnerships)
      .set({ retentionMonths: 12 })
      .where(eq(partnerships.id, w.partnership.id));

    open = await w.raise(w.amina);

    at("2025-04-28T09:00:00Z");
    disagreement = await w.raise(w.amina);
    at("2025-04-29T10:00:00Z");
    await w.act(w.amina, disagreement, {
      type: "record-discussion",
      heldAt: "2025-04-29T09:30:00Z",
      method: "phone",
      participants: "Amina Khan and Tom Reed, about JS",
      summary: "JS's mother told the school about the bruises",
    });
    await w.act(w.tom, disagreement, {
      type: "agree-action",
      actionId: randomUUID(),
      description: "Visit JS at home",
      owner: "Tom Reed",
      dueDate: "2025-05-02",
    });
    at("2025-04-30T10:00:00Z");
    await w.act(w.amina, disagreement, { type: "escalate", reason: "JS is still at risk" });
    at("2025-05-06T10:00:00Z");
    await w.act(w.amina, disagreement, {
      type: "escalate",
      reason: "No visit yet",
      evidence: "The discussion with JS's teacher is recorded",
    });
    at("2025-05-12T10:00:00Z");
    await w.act(w.amina, disagreement, {
      type: "close-with-disagreement",
      raisingPosition: "JS needs an assessment",
      receivingPosition: "JS's family is known and supported",
      planContinues: "The child in need plan for JS continues",
    });

    at("2025-04-01T09:00:00Z");
    resolved = await w.raise(w.amina);
    at("2025-04-02T09:00:00Z");
    await w.act(w.tom, resolved, {
      type: "resolve",
      outcome: "An assessment for JS",
      outstandingIssues: "None",
    });
    await w.act(w.amina, resolved, { type: "confirm-resolution" });

    at("2025-07-01T09:00:00Z");
    recent = await w.raise(w.amina);
    at("2025-07-14T09:00:00Z");
    await w.act(w.amina, recent, { type: "withdraw", reason: "JS moved away" });
    at(NOW);
  });
  after(() => w?.close());

  const readModel = async () =>
    (await w.services.db.select().from(escalations)).sort((a, b) => a.id.localeCompare(b.id));
  const row = async (id: string) =>
    (await w.services.db.select().from(escalations).where(eq(escalations.id, id)))[0];
  const personalCount = async (id: string) =>
    (
      await w.services.db
        .select({ n: sql<number>`count(*)::int` })
        .from(escalationEventPersonal)
        .where(eq(escalationEventPersonal.escalationId, id))
    )[0]?.n;
  /** What the partnership's figures count: escalations by status, by stage, by category. */
  const figures = async () => {
    const counted = (column: AnyPgColumn) =>
      w.services.db
        .select({ key: column, n: sql<number>`count(*)::int` })
        .from(escalations)
        .groupBy(column)
        .orderBy(column);
    return {
      status: await counted(escalations.status),
      stage: await counted(escalations.stage),
      category: await counted(escalations.category),
    };
  };

  let figuresBefore: unknown;
  let firstPass: Awaited<ReturnType<typeof runRetention>>;

  test("escalations closed more than 12 months ago are anonymised; one closed 11 months ago and one still open are not", async () => {
    figuresBefore = await figures();
    const before = { disagreement: await row(disagreement), recent: await row(recent) };
    assert.equal(before.disagreement?.childReference, "JS");
    firstPass = await runRetention(w.services, NOW);
    assert.deepEqual(
      { ...firstPass, eventsCleared: undefined },
      {
        anonymised: 2,
        eventsCleared: undefined,
        unverified: [],
        changed: 0,
      },
    );
    // The raise, a discussion, an action, two escalations, the partnership team to be told (who
    // is told can say what the child's status is), the closing; the raise and resolution.
    assert.equal(firstPass.eventsCleared, 7 + 2);

    const after = await row(disagreement);
    assert.equal(after?.childReference, null);
    assert.equal(after?.childDateOfBirth, null);
    assert.equal(after?.childStatus, null);
    assert.equal(after?.summary, REMOVED);
    assert.equal(Date.parse(after?.anonymisedAt ?? ""), Date.parse(NOW));
    for (const kept of [
      "status",
      "stage",
      "round",
      "category",
      "raisedAt",
      "closedAt",
      "stageEnteredAt",
      "stageDueAt",
      "raisingAgencyId",
      "receivingAgencyIds",
      "updatedAt",
      "participantIds",
    ] as const) {
      assert.deepEqual(after?.[kept], before.disagreement?.[kept], kept);
    }
    assert.equal(await personalCount(disagreement), 0);
    assert.equal(await personalCount(resolved), 0);

    assert.deepEqual(await row(recent), before.recent);
    assert.equal((await row(recent))?.anonymisedAt, null);
    assert.ok(((await personalCount(recent)) ?? 0) > 0);
    assert.equal((await row(open))?.childReference, "JS");
    assert.equal((await row(open))?.anonymisedAt, null);
  });

  test("the history says so, and replays with the text removed and the child gone", async () => {
    const view = await loadEscalation(w.services, disagreement);
    assert.ok(view);
    const { state, events } = view;
    assert.equal(state.child, null);
    assert.equal(state.thematic, false);
    assert.equal(state.details.challenged, REMOVED);
    assert.equal(state.details.urgency, "routine");
    assert.deepEqual(state.anonymised, { at: NOW, retentionMonths: 12 });
    assert.equal(state.status, "closed-with-disagreement");
    assert.deepEqual(
      state.visits.map((visit) => visit.stage),
      ["stage-1", "stage-2", "stage-3"],
    );
    assert.deepEqual(
      state.discussions.map(({ participants, summary, method }) => [participants, summary, method]),
      [[REMOVED, REMOVED, "phone"]],
    );
    const last = events.at(-1);
    assert.equal(last?.data.type, "escalation-anonymised");
    assert.doesNotMatch(JSON.stringify(events), /JS|bruises|2016-09-01|Tom Reed"/);
  });

  test("every chain still verifies, and a changed anonymised event is still found out", async () => {
    const clean = await verifyHistory(w.services.db);
    assert.equal(clean.firstBreak, null);
    const raise = and(
      eq(escalationEvents.escalationId, disagreement),
      eq(escalationEvents.version, 1),
    );
    const [original] = await w.services.db
      .select({ payload: escalationEvents.payload })
      .from(escalationEvents)
      .where(raise);
    await tamper(
      w.services.db,
      sql`update escalation_events set payload = jsonb_set(payload, '{data,category}', '"other"')
           where escalation_id = ${disagreement} and version = 1`,
    );
    const report = await verifyHistory(w.services.db);
    assert.deepEqual(report.firstBreak && { ...report.firstBreak }, {
      escalationId: disagreement,
      version: 1,
      problem: "its contents do not match its hash: it was changed after it was recorded",
    });
    await tamper(
      w.services.db,
      sql`update escalation_events set payload = ${JSON.stringify(original?.payload)}::jsonb
           where escalation_id = ${disagreement} and version = 1`,
    );
    assert.equal((await verifyHistory(w.services.db)).firstBreak, null);
  });

  test("rebuilding the read models from the events gives the same rows", async () => {
    const before = await readModel();
    await rebuildReadModels(w.services.db);
    assert.deepEqual(await readModel(), before);
  });

  test("the figures are the same as before", async () => {
    assert.deepEqual(await figures(), figuresBefore);
  });

  test("a second pass changes nothing", async () => {
    const before = {
      rows: await readModel(),
      events: await w.services.db.select().from(escalationEvents),
      personal: await w.services.db.select().from(escalationEventPersonal),
    };
    const second = await runRetention(w.services, NOW);
    assert.deepEqual(second, { anonymised: 0, eventsCleared: 0, unverified: [], changed: 0 });
    assert.deepEqual(await readModel(), before.rows);
    assert.equal(
      (await w.services.db.select().from(escalationEvents)).length,
      before.events.length,
    );
    assert.equal(
      (await w.services.db.select().from(escalationEventPersonal)).length,
      before.personal.length,
    );
  });

  test("the escalation's page and its record show no child and no text, and say why", async () => {
    for (const path of ["", "/record"]) {
      const response = await w.get(w.amina, `/escalations/${disagreement}${path}`);
      assert.equal(response.statusCode, 200, path);
      const text = textOf(response.body);
      assert.doesNotMatch(text, /\bJS\b|2016|bruises|Child in need|Visit JS/, path);
      assert.match(text, /Child Removed under the retention rule/, path);
      assert.match(text, /Personal details removed under the retention rule/, path);
      assert.match(text, /keeps a closed escalation’s details for 12 months; this one closed on/);
      assert.match(text, /Closed with disagreement noted/, path);
    }
    // The partnership's log lists it still: it went to stage 3, which the procedure routes to the team.
    const log = await w.get(w.bea, "/log");
    assert.equal(log.statusCode, 200);
    assert.match(textOf(log.body), new RegExp((await row(disagreement))?.reference ?? "none"));
    const kept = textOf((await w.get(w.amina, `/escalations/${recent}`)).body);
    assert.match(kept, /JS moved away/);
    // With no child's details left to show, looking at it is no viewing of them to record.
    const views = await w.services.db
      .select({ escalationId: childDetailViews.escalationId })
      .from(childDetailViews);
    assert.ok(views.some((view) => view.escalationId === recent));
    assert.ok(!views.some((view) => view.escalationId === disagreement));
  });

  test("the database lets personal details be deleted only from an anonymised escalation, and only by the service", async () => {
    const refused = (pattern: RegExp) => (error: unknown) =>
      error instanceof Error && pattern.test(String((error.cause as Error | undefined)?.message));
    const { db } = w.services;
    const ofRecent = eq(escalationEventPersonal.escalationId, recent);
    await assert.rejects(
      db.delete(escalationEventPersonal).where(ofRecent),
      refused(/DELETE refused/),
    );
    await assert.rejects(
      db.update(escalationEventPersonal).set({ fields: {} }).where(ofRecent),
      refused(/UPDATE refused/),
    );
    await assert.rejects(
      db.execute(sql`truncate escalation_event_personal`),
      refused(/^escalation_event_personal is append-only: TRUNCATE refused$/),
    );
    // People's requests run as the application role, which may not delete at all.
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.execute(sql`set local role resolve_app`);
        await tx.delete(escalationEventPersonal).where(ofRecent);
      }),
      refused(/permission denied/),
    );
    assert.ok(((await personalCount(recent)) ?? 0) > 0);
  });

  test("a changed or missing personal detail is found out by verifying", async () => {
    const version = (
      await w.services.db
        .select({ version: escalationEventPersonal.version })
        .from(escalationEventPersonal)
        .where(eq(escalationEventPersonal.escalationId, recent))
        .limit(1)
    )[0]?.version;
    assert.ok(version);
    const where = and(
      eq(escalationEventPersonal.escalationId, recent),
      eq(escalationEventPersonal.version, version),
    );
    const [original] = await w.services.db.select().from(escalationEventPersonal).where(where);
    assert.ok(original);
    await tamper(
      w.services.db,
      sql`update escalation_event_personal set fields = fields || '{"reason": "Nothing"}'
           where escalation_id = ${recent} and version = ${version}`,
      "escalation_event_personal",
    );
    assert.equal(
      (await verifyHistory(w.services.db)).firstBreak?.problem,
      "its personal details do not match their digest: they were changed after they were recorded",
    );
    await tamper(
      w.services.db,
      sql`delete from escalation_event_personal where escalation_id = ${recent} and version = ${version}`,
      "escalation_event_personal",
    );
    assert.equal(
      (await verifyHistory(w.services.db)).firstBreak?.problem,
      "its personal details are missing, but the escalation was never anonymised",
    );
    await w.services.db.insert(escalationEventPersonal).values(original);
    assert.equal((await verifyHistory(w.services.db)).firstBreak, null);
  });

  test("passes running side by side anonymise each escalation once", async () => {
    const ids: string[] = [];
    for (const day of ["2024-02-05", "2024-02-06", "2024-02-07"]) {
      at(`${day}T09:00:00Z`);
      const id = await w.raise(w.amina);
      at(`${day}T10:00:00Z`);
      await w.act(w.amina, id, { type: "withdraw", reason: "Sorted out by phone" });
      ids.push(id);
    }
    at(NOW);
    const passes = await Promise.all([
      runRetention(w.services, NOW, { batchSize: 1 }),
      runRetention(w.services, NOW, { batchSize: 1 }),
    ]);
    assert.equal(passes[0].anonymised + passes[1].anonymised, 3);
    for (const id of ids) {
      const [count] = await w.services.db
        .select({ n: sql<number>`count(*)::int` })
        .from(escalationEvents)
        .where(
          and(
            eq(escalationEvents.escalationId, id),
            eq(escalationEvents.type, "escalation-anonymised"),
          ),
        );
      assert.equal(count?.n, 1, id);
    }
    assert.equal((await verifyHistory(w.services.db)).firstBreak, null);
  });
});
