// `resolve retention`: one pass of the retention job on a test database (PGlite, or PostgreSQL
// with DATABASE_URL), saying what it did, and exit code 1 for an escalation it had to leave whole.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { actNow } from "../../test/support/escalations.ts";
import { testPartnership } from "../../test/support/partnership.ts";
import { testServices } from "../../test/support/services.ts";
import { tamper } from "../../test/support/tamper.ts";
import { raiseEscalation } from "../app/escalations.ts";
import type { Services } from "../app/services.ts";
import type { Person } from "../db/directory.ts";
import { escalations, partnerships } from "../db/schema.ts";
import { run } from "./run.ts";

describe(`resolve retention on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  let services: Services;
  let clock = "2024-01-08T09:00:00Z";
  let withdrawn: string;
  let tampered: string;

  /** An escalation raised and withdrawn on `day`. */
  const closedOn = async (day: string, teacher: Person, socialCare: string) => {
    clock = `${day}T09:00:00Z`;
    const raised = await raiseEscalation(services, teacher, {
      thematic: false,
      child: { reference: "JS", dateOfBirth: "2016-09-01", status: "child-in-need" },
      receivingAgencies: [socialCare],
      category: "referral-threshold",
      details: {
        challenged: "The referral was closed with no assessment",
        tried: "Spoke to the duty social worker",
        evidence: { kind: "evidence", text: "Three disclosures in a fortnight" },
        outcomeSought: "A child and family assessment",
        urgency: "routine",
      },
    });
    assert.ok(raised.ok);
    clock = `${day}T10:00:00Z`;
    await actNow(services, teacher, raised.id, { type: "withdraw", reason: "JS moved away" });
    return raised.id;
  };

  before(async () => {
    services = await testServices({}, { now: () => clock });
    const world = await testPartnership(services.db);
    await services.db
      .update(partnerships)
      .set({ retentionMonths: 12 })
      .where(eq(partnerships.id, world.partnership.id));
    withdrawn = await closedOn("2024-01-08", world.teacher, world.socialCare.id);
    tampered = await closedOn("2024-01-09", world.teacher, world.socialCare.id);
    await closedOn("2026-01-12", world.teacher, world.socialCare.id);
    // Someone with the database's keys changed one history: it must be left whole.
    await tamper(
      services.db,
      sql`update escalation_events set payload = jsonb_set(payload, '{data,category}', '"other"')
           where escalation_id = ${tampered} and version = 1`,
    );
    clock = "2026-06-15T10:00:00Z";
  });
  after(async () => {
    await services?.database.close();
  });

  const resolve = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(args, {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      openServices: async () => ({
        ...services,
        database: { ...services.database, close: async () => {} },
      }),
    });
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  };

  test("runs one pass, says what it removed, and exits 1 naming an escalation it left whole", async () => {
    const first = await resolve("retention");
    assert.match(
      first.stdout,
      /^Removed the personal details of 1 escalation\(s\) \(2 event\(s\)\) kept longer than their partnership's retention period \((PGlite|PostgreSQL)/,
    );
    assert.equal(
      first.stderr,
      `Left escalation ${tampered} whole: its history does not verify (see resolve verify).`,
    );
    assert.equal(first.code, 1);
    const [row] = await services.db
      .select({ child: escalations.childReference, anonymisedAt: escalations.anonymisedAt })
      .from(escalations)
      .where(eq(escalations.id, withdrawn));
    assert.equal(row?.child, null);
    assert.ok(row?.anonymisedAt);

    const second = await resolve("retention");
    assert.match(second.stdout, /^Removed the personal details of 0 escalation\(s\) \(0 event/);
    assert.equal(second.code, 1);
  });

  test("is in the usage", async () => {
    const { stdout } = await resolve("help");
    assert.match(stdout, /retention {2,}remove the personal details of escalations closed longer/);
  });
});
