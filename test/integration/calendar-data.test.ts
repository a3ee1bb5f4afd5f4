// When a release ships different bank-holiday data, start-up works the running deadlines (and the
// waiting follow-up checks) out again on it. The test stands for a release by recording another
// digest and leaving the read model as an older calendar would have left it.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { reprojectIfCalendarDataChanged } from "../../src/app/calendar-changes.ts";
import { officialHolidaysDigest } from "../../src/app/procedures.ts";
import type { Services } from "../../src/app/services.ts";
import { saveCalendarDigest, storedCalendarDigest } from "../../src/db/calendar.ts";
import { escalations } from "../../src/db/schema.ts";
import { actNow, raiseNow } from "../support/escalations.ts";
import { testPartnership } from "../support/partnership.ts";
import { testServices } from "../support/services.ts";

const database = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";

describe(`the shipped bank holidays at start-up (on ${database})`, () => {
  const now = "2026-03-02T10:00:00Z";
  let services: Services;
  const ids = { running: "", resolved: "", withdrawn: "" };

  const row = async (id: string) => {
    const [found] = await services.db
      .select({
        stage: sql<string>`to_char(${escalations.stageDueAt} at time zone 'Europe/London', 'YYYY-MM-DD')`,
        followUp: sql<
          string | null
        >`to_char(${escalations.followUpDueAt} at time zone 'Europe/London', 'YYYY-MM-DD')`,
      })
      .from(escalations)
      .where(eq(escalations.id, id));
    return found;
  };

  before(async () => {
    services = await testServices({}, { now: () => now });
    const world = await testPartnership(services.db, "dorset");
    const raise = () => raiseNow(services, world.teacher, world.socialCare.id);
    ids.running = await raise();
    ids.resolved = await raise();
    await actNow(services, world.teamManager, ids.resolved, {
      type: "resolve",
      outcome: "Assessment",
      outstandingIssues: "None",
    });
    await actNow(services, world.teacher, ids.resolved, { type: "confirm-resolution" });
    ids.withdrawn = await raise();
    await actNow(services, world.teacher, ids.withdrawn, { type: "withdraw", reason: "Sorted" });
  });
  after(() => services?.database.close());

  test("the first start records the data's digest, taking in every running and resolved escalation", async () => {
    assert.equal(await storedCalendarDigest(services.db), null);
    assert.equal(await reprojectIfCalendarDataChanged(services.db, now), 2);
    assert.equal(await storedCalendarDigest(services.db), officialHolidaysDigest());
    assert.equal(
      await reprojectIfCalendarDataChanged(services.db, now),
      null,
      "unchanged: nothing to do",
    );
  });

  test("data that changed since moves running deadlines and waiting follow-up checks, and leaves closed escalations alone", async () => {
    const right = { running: await row(ids.running), resolved: await row(ids.resolved) };
    assert.deepEqual(right.running, { stage: "2026-03-04", followUp: null });
    assert.equal(right.resolved?.followUp, "2026-03-30");
    // As an older release's calendar left them: one day out.
    await services.db.execute(
      sql`update escalations set stage_due_at = stage_due_at - interval '1 day',
        follow_up_due_at = follow_up_due_at - interval '1 day'`,
    );
    const withdrawn = await row(ids.withdrawn);
    await saveCalendarDigest(services.db, "an older release", now);
    assert.equal(await reprojectIfCalendarDataChanged(services.db, now), 2);
    assert.deepEqual(await row(ids.running), right.running);
    assert.deepEqual(await row(ids.resolved), right.resolved);
    assert.deepEqual(await row(ids.withdrawn), withdrawn, "a closed escalation is left as it was");
    assert.equal(await storedCalendarDigest(services.db), officialHolidaysDigest());
  });
});
