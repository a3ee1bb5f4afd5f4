// A bank holiday an administrator adds moves a running deadline and its reminder: the deadline
// scanner, which reads the read model, reminds people of the new due date on the working day
// before it, and says nothing on the day the old reminder would have gone.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { addHoliday } from "../../src/app/admin/holidays.ts";
import type { Services } from "../../src/app/services.ts";
import { scanDeadlines } from "../../src/jobs/scanner.ts";
import { raiseNow } from "../support/escalations.ts";
import { testPartnership } from "../support/partnership.ts";
import { testServices } from "../support/services.ts";
import { toldIn } from "../support/told.ts";

describe(`a bank holiday added moves reminders (on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`, () => {
  let clock = "2026-03-02T10:00:00Z";
  let services: Services;
  before(async () => {
    services = await testServices({}, { now: () => clock });
  });
  after(() => services?.database.close());

  test("Dorset stage 1, raised Mon 2 Mar 2026: with Tue 3 Mar added, it is due Thu 5 Mar and reminded on Wed 4 Mar", async () => {
    const world = await testPartnership(services.db, "dorset");
    // Due at the end of Wed 4 Mar (Day One Mon 2 Mar); one working day's reminder on Tue 3 Mar.
    await raiseNow(services, world.teacher, world.socialCare.id);
    const reminders = async () =>
      (await toldIn(services.db, world.partnership.id))
        .filter((told) => told.kind === "reminder")
        .map((told) => `${told.at} to ${told.to}: ${told.body.split("\n").at(-1)}`);
    const scan = (at: string) => {
      clock = at;
      return scanDeadlines(services, clock);
    };
    await scan("2026-03-02T12:00:00Z");
    assert.deepEqual(await reminders(), []);

    clock = "2026-03-02T15:00:00Z";
    const added = await addHoliday(
      services,
      { id: null, partnershipId: world.partnership.id },
      { date: "2026-03-03", title: "National day of mourning" },
    );
    assert.ok(added.ok);

    await scan("2026-03-03T08:30:00Z");
    assert.deepEqual(await reminders(), [], "no reminder on the old day: it is now a holiday");
    await scan("2026-03-04T08:00:00Z");
    assert.deepEqual(await reminders(), [
      "08:00 Wed 4 Mar 2026 to Amina Teacher: Deadline: by the end of Thu 5 Mar 2026",
      "08:00 Wed 4 Mar 2026 to Tom Manager: Deadline: by the end of Thu 5 Mar 2026",
    ]);
  });
});
