// Extra bank holidays through app.inject on the real services and a fresh database (PGlite, or
// PostgreSQL with DATABASE_URL): each bad date refused with the error summary and nothing
// changed; a day added moves the deadlines still running (and the follow-up checks waiting) and
// leaves closed escalations alone; removing it moves them back; the history records both.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { actNow, raiseNow } from "../../../../test/support/escalations.ts";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { testServices } from "../../../../test/support/services.ts";
import { personWithPassword, signInAs } from "../../../../test/support/sign-in.ts";
import type { Services } from "../../../app/services.ts";
import { listChanges } from "../../../db/administration.ts";
import { findPartnership, type Person } from "../../../db/directory.ts";
import { escalations } from "../../../db/schema.ts";
import { buildApp } from "../../app.ts";
import { type Browser, browser, errorSummary, followed, text } from "./test-support.ts";

describe(`extra bank holidays on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  // Mon 2 Mar 2026. Dorset's stage 1 is due 3 working days on, counting today: Wed 4 Mar.
  const clock = { now: "2026-03-02T10:00:00Z" };
  let services: Services;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof testPartnership>>;
  let admin: Browser;
  let manager: Browser;
  const ids = { running: "", withdrawn: "", resolved: "" };

  /** The London dates (and times, where not the end of the day) of an escalation's read model. */
  const dues = async (id: string) => {
    const local = (column: unknown) =>
      sql<string | null>`to_char(${column} at time zone 'Europe/London', 'YYYY-MM-DD HH24:MI')`;
    const [row] = await services.db
      .select({
        stage: local(escalations.stageDueAt),
        next: local(escalations.nextDueAt),
        followUp: local(escalations.followUpDueAt),
      })
      .from(escalations)
      .where(eq(escalations.id, id));
    return row;
  };
  const history = async () =>
    (await listChanges(services.db, world.partnership.id, { offset: 0, limit: 100 })).rows;
  const added = async () =>
    (await findPartnership(services.db, world.partnership.id))?.addedHolidays;

  before(async () => {
    services = await testServices({}, { now: () => clock.now });
    world = await testPartnership(services.db, "dorset");
    app = await buildApp(services);
    const signIn = async (name: string, roles: string[], agencyId: string | null) => {
      const { person, password } = await personWithPassword(services.db, {
        partnershipId: world.partnership.id,
        agencyId,
        name,
        roles,
      });
      return browser(app, await signInAs(app, person, password));
    };
    admin = await signIn("Ada Admin", ["administrator"], null);
    manager = await signIn("Mo Manager", ["line-manager"], world.school.id);
    const raise = (by: Person) => raiseNow(services, by, world.socialCare.id);
    ids.running = await raise(world.teacher);
    ids.withdrawn = await raise(world.teacher);
    await actNow(services, world.teacher, ids.withdrawn, { type: "withdraw", reason: "Sorted" });
    ids.resolved = await raise(world.teacher);
    await actNow(services, world.teamManager, ids.resolved, {
      type: "resolve",
      outcome: "An assessment",
      outstandingIssues: "None",
    });
    await actNow(services, world.teacher, ids.resolved, { type: "confirm-resolution" });
  });

  after(async () => {
    await app?.close();
    await services?.database.close();
  });

  test("only administrators reach the page or change anything", async () => {
    assert.equal((await manager.get("/admin/settings/holidays")).statusCode, 403);
    const posted = await manager.post("/admin/settings/holidays", {
      "date-day": "3",
      "date-month": "3",
      "date-year": "2026",
      title: "Sneaky",
    });
    assert.equal(posted.statusCode, 403);
    assert.equal(
      (await manager.post("/admin/settings/holidays/remove", { date: "x" })).statusCode,
      403,
    );
    const signedOut = await app.inject({ method: "GET", url: "/admin/settings/holidays" });
    assert.equal(signedOut.statusCode, 303);
    assert.deepEqual(await added(), []);
  });

  test("a date that is not real, a weekend, a bank holiday already, past or too far ahead is refused, and nothing changes", async () => {
    const page = await admin.get("/admin/settings/holidays");
    assert.equal(page.statusCode, 200);
    assert.match(text(page.body), /None yet\./);
    assert.match(text(page.body), /Fri 3 Apr 2026: Good Friday/);
    const before = { history: (await history()).length, dues: await dues(ids.running) };
    const day = (d: string, m: string, y: string, title = "Closure") => ({
      "date-day": d,
      "date-month": m,
      "date-year": y,
      title,
    });
    const cases: [string, Record<string, string>, string[]][] = [
      ["nothing", {}, ["Enter the date of the bank holiday", "Enter the name of the bank holiday"]],
      ["not a real date", day("31", "2", "2026"), ["The date must be a real date"]],
      [
        "a Saturday",
        day("7", "3", "2026"),
        ["Sat 7 Mar 2026 is a weekend day, so it is not a working day already"],
      ],
      [
        "Good Friday",
        day("3", "4", "2026"),
        ["Fri 3 Apr 2026 is already a bank holiday (Good Friday)"],
      ],
      ["yesterday", day("1", "3", "2026"), ["The date must be today or in the future"]],
      ["too far ahead", day("2", "3", "2032"), ["The date must be within the next 5 years"]],
      [
        "a name too long",
        day("3", "3", "2026", "x".repeat(101)),
        ["The name must be 100 characters or fewer"],
      ],
    ];
    for (const [name, fields, messages] of cases) {
      const response = await admin.post("/admin/settings/holidays", fields);
      assert.equal(response.statusCode, 400, name);
      assert.deepEqual(errorSummary(response.body), messages, name);
      assert.match(response.body, /<title>Error: /, name);
    }
    const forged = await app.inject({
      method: "POST",
      url: "/admin/settings/holidays",
      payload: "date-day=3&date-month=3&date-year=2026&title=Forged",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(forged.statusCode, 403);
    assert.deepEqual(await added(), []);
    assert.equal((await history()).length, before.history);
    assert.deepEqual(await dues(ids.running), before.dues);
  });

  test("adding a day moves running deadlines and waiting follow-up checks by one working day; closed ones stay", async () => {
    assert.deepEqual(await dues(ids.running), {
      stage: "2026-03-04 23:59",
      next: "2026-03-04 23:59",
      followUp: null,
    });
    // Confirmed Mon 2 Mar: 20 working days on is Mon 30 Mar.
    assert.equal((await dues(ids.resolved))?.followUp, "2026-03-30 00:00");
    const withdrawn = await dues(ids.withdrawn);
    const { page } = await followed(
      admin,
      await admin.post("/admin/settings/holidays", {
        "date-day": "3",
        "date-month": "3",
        "date-year": "2026",
        title: "National day of mourning",
      }),
      /\/admin\/settings\/holidays\?done=holiday-added$/,
    );
    assert.match(text(page.body), /Bank holiday added: deadlines still running have moved/);
    assert.match(text(page.body), /Tue 3 Mar 2026 National day of mourning/);
    assert.deepEqual(await added(), [{ date: "2026-03-03", title: "National day of mourning" }]);
    assert.deepEqual(await dues(ids.running), {
      stage: "2026-03-05 23:59",
      next: "2026-03-05 23:59",
      followUp: null,
    });
    assert.equal((await dues(ids.resolved))?.followUp, "2026-03-31 00:00");
    assert.deepEqual(await dues(ids.withdrawn), withdrawn, "a closed escalation is left alone");
    const escalationPage = await admin.get("/admin/settings");
    assert.match(
      text(escalationPage.body),
      /Extra bank holidays Tue 3 Mar 2026 \(National day of mourning\)/,
    );

    const again = await admin.post("/admin/settings/holidays", {
      "date-day": "3",
      "date-month": "3",
      "date-year": "2026",
      title: "Twice",
    });
    assert.deepEqual(errorSummary(again.body), [
      "Tue 3 Mar 2026 has already been added, as National day of mourning",
    ]);

    const [latest] = await history();
    assert.equal(latest?.kind, "holiday-added");
    assert.match(
      text((await admin.get("/admin/history")).body),
      /Bank holiday added National day of mourning .*Date: Tue 3 Mar 2026/,
    );
  });

  test("removing a day still to come moves them back; a day passed, or one never added, cannot be removed", async () => {
    const unknown = await admin.post("/admin/settings/holidays/remove", { date: "2026-03-09" });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(errorSummary(unknown.body), ["That day is not one the partnership added"]);
    await followed(
      admin,
      await admin.post("/admin/settings/holidays/remove", { date: "2026-03-03" }),
      /done=holiday-removed$/,
    );
    assert.deepEqual(await added(), []);
    assert.equal((await dues(ids.running))?.stage, "2026-03-04 23:59");
    assert.equal((await dues(ids.resolved))?.followUp, "2026-03-30 00:00");
    assert.equal((await history())[0]?.kind, "holiday-removed");

    await followed(
      admin,
      await admin.post("/admin/settings/holidays", {
        "date-day": "2",
        "date-month": "3",
        "date-year": "2026",
        title: "Snow day",
      }),
      /done=holiday-added$/,
    );
    clock.now = "2026-03-04T10:00:00Z";
    try {
      const page = await admin.get("/admin/settings/holidays");
      assert.match(text(page.body), /Mon 2 Mar 2026 Snow day Passed/);
      const passed = await admin.post("/admin/settings/holidays/remove", { date: "2026-03-02" });
      assert.equal(passed.statusCode, 400);
      assert.deepEqual(errorSummary(passed.body), [
        "Mon 2 Mar 2026 has passed: the deadlines counted over it stay as they were",
      ]);
      assert.equal((await added())?.length, 1);
    } finally {
      clock.now = "2026-03-02T10:00:00Z";
    }
  });

  test("a close of business set on the calendar page moves running deadlines too", async () => {
    await followed(
      admin,
      await admin.post("/admin/settings/calendar", {
        nation: "england-and-wales",
        "closeOfBusiness-hour": "17",
        "closeOfBusiness-minute": "00",
      }),
      /done=settings-changed/,
    );
    const running = await dues(ids.running);
    assert.match(running?.stage ?? "", / 17:00$/);
    assert.equal(running?.stage, running?.next);
  });
});
