import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { testDatabase } from "../../test/support/database.ts";
import { testPartnership } from "../../test/support/partnership.ts";
import type { DatabaseHandle } from "./client.ts";
import { removeExpired } from "./housekeeping.ts";
import { createPasswordReset, findPasswordReset } from "./password-resets.ts";
import { createSession, findChallenge, resumeSession, startChallenge } from "./sessions.ts";
import { lockedUntil, recordFailure } from "./sign-in-attempts.ts";

let database: DatabaseHandle;
before(async () => {
  database = await testDatabase();
});
after(() => database.close());

const at = (iso: string) => new Date(iso);

test("a pass removes what has run out and keeps what is still live", async () => {
  const db = database.db;
  const { teacher, teamManager } = await testPartnership(db);
  const monday = "2026-11-23T09:00:00.000Z";
  const old = await createSession(db, teacher.id, at("2026-11-23T07:00:00.000Z"), 30);
  const live = await createSession(db, teacher.id, at("2026-11-23T08:45:00.000Z"), 30);
  const oldChallenge = await startChallenge(db, teacher.id, "/", at("2026-11-23T08:50:00.000Z"));
  const liveChallenge = await startChallenge(db, teacher.id, "/", at("2026-11-23T09:05:00.000Z"));
  await createPasswordReset(
    db,
    teacher.id,
    at("2026-11-23T07:00:00.000Z"),
    at("2026-11-23T08:00:00.000Z"),
  );
  const liveReset = await createPasswordReset(
    db,
    teamManager.id,
    at("2026-11-23T08:30:00.000Z"),
    at("2026-11-23T09:30:00.000Z"),
  );
  const rule = (until: string) => ({ limit: 5, lockUntil: at(until) });
  // Two failures on Friday and nothing since: forgotten. A lock still running: kept.
  await recordFailure(
    db,
    "forgetful@example.test",
    at("2026-11-20T16:00:00.000Z"),
    rule("2026-11-20T16:15:00.000Z"),
  );
  for (let i = 0; i < 5; i++) {
    await recordFailure(
      db,
      "locked@example.test",
      at("2026-11-23T08:55:00.000Z"),
      rule("2026-11-23T09:10:00.000Z"),
    );
  }

  const removed = await removeExpired(db, monday);
  assert.deepEqual(removed, {
    sessions: 1,
    signInChallenges: 1,
    passwordResets: 1,
    singleSignOnAttempts: 0,
    signInAttempts: 1,
  });
  assert.equal(await resumeSession(db, old.token, at(monday), 30), undefined);
  assert.ok(await resumeSession(db, live.token, at(monday), 30));
  assert.equal(await findChallenge(db, oldChallenge, at(monday)), undefined);
  assert.ok(await findChallenge(db, liveChallenge, at(monday)));
  assert.ok(await findPasswordReset(db, liveReset, at(monday)));
  const lock = await lockedUntil(db, "locked@example.test", at(monday));
  assert.equal(Date.parse(lock ?? ""), Date.parse("2026-11-23T09:10:00.000Z"));

  assert.deepEqual(Object.values(await removeExpired(db, monday)), [0, 0, 0, 0, 0]);
});
