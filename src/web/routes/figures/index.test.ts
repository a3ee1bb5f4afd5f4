// The partnership team's figures: counts over every escalation of its partnership, including
// those row-level security keeps from the team, and no other partnership's; small counts hidden
// and the rest rounded; for the team alone, offered in its navigation.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { accessOf } from "../../../app/access.ts";
import { raiseEscalation } from "../../../app/escalations.ts";
import { partnershipFigures } from "../../../db/figures.ts";
import { absenceDelegations } from "../../../db/schema.ts";
import { readAs } from "../../../db/visibility.ts";
import { type EscalationWorld, escalationWorld, textOf } from "../escalation/test-support.ts";

const database = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";

/** A table of the page as rows of cell texts, found by its data-qa. */
function table(html: string, qa: string): string[][] {
  const found = new RegExp(`<table[^>]*data-qa="${qa}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? "";
  const body = /<tbody[\s\S]*<\/tbody>/.exec(found)?.[0] ?? "";
  return [...body.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((row) =>
    [...row[0].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
      textOf(cell[1] ?? "").trim(),
    ),
  );
}

describe(`the partnership's figures (on ${database})`, () => {
  let w: EscalationWorld;

  before(async () => {
    w = await escalationWorld("dorset", "2025-02-10T09:00:00Z");
    await w.raise(w.amina);
    w.clock.now = "2025-03-04T09:00:00Z";
    const march: string[] = [];
    for (let i = 0; i < 7; i++) march.push(await w.raise(w.amina));
    await w.act(w.amina, march[0] ?? "", { type: "withdraw", reason: "Sorted out by phone" });
    for (const id of march.slice(1, 3)) {
      await w.act(w.amina, id, { type: "escalate", reason: "No agreement" });
    }
    // Another partnership's escalations count only for it.
    const other = await testPartnership(w.services.db, "dorset");
    for (let i = 0; i < 3; i++) {
      const raised = await raiseEscalation(w.services, other.teacher, {
        thematic: false,
        child: { reference: "ZZ", dateOfBirth: null, status: "none" },
        receivingAgencies: [other.socialCare.id],
        category: w.procedure.categories[0]?.id ?? "",
        details: {
          challenged: "Elsewhere",
          tried: "Elsewhere",
          evidence: { kind: "evidence", text: "Elsewhere" },
          outcomeSought: "Elsewhere",
          urgency: "routine",
        },
      });
      assert.ok(raised.ok);
    }
    w.clock.now = "2025-04-20T09:00:00Z";
  });
  after(() => w?.close());

  test("count every escalation of the partnership, the ones the team cannot open included", async () => {
    const response = await w.get(w.bea, "/partnership/figures");
    assert.equal(response.statusCode, 200);
    const html = response.body;
    const text = textOf(html);
    assert.match(text, /Dorset Safeguarding Children Partnership \(test\) Figures/);
    assert.match(text, /Now Running 5 Closed Fewer than 5 Overdue now 5/);
    assert.deepEqual(table(html, "stages"), [
      ["Stage 1 – line managers", "5", "Fewer than 5"],
      ["Stage 2 – second-tier managers", "Fewer than 5", "0"],
      ["Stage 3 – heads of service", "0", "0"],
      ["Stage 4 – senior leaders", "0", "0"],
    ]);
    assert.deepEqual(table(html, "statuses"), [
      ["Open", "5"],
      ["Resolution proposed", "0"],
      ["Resolved", "0"],
      ["Closed, disagreement noted", "0"],
      ["Withdrawn", "Fewer than 5"],
      ["Redirected", "0"],
    ]);
    const categories = table(html, "categories");
    assert.equal(categories.length, w.procedure.categories.length);
    assert.deepEqual(categories.filter((row) => row[1] !== "0" || row[2] !== "0").length, 1);
    assert.deepEqual(categories.find((row) => row[1] !== "0")?.slice(1), ["5", "Fewer than 5"]);
    const months = table(html, "months");
    assert.deepEqual(months[0], ["May 2024", "0"]);
    assert.deepEqual(months.slice(-3), [
      ["Feb 2025", "Fewer than 5"],
      ["Mar 2025", "5"],
      ["Apr 2025", "0"],
    ]);
    assert.equal(months.length, 12);
    // Nothing about any escalation but counts: no reference, child, link or words of its own.
    assert.doesNotMatch(html, /DOR-2025-|href="\/escalations\/|The referral was closed|>JS</);
    // The team itself sees none of them: they are all below stage 3.
    const log = await w.get(w.bea, "/log");
    assert.doesNotMatch(log.body, /DOR-2025-/);
  });

  test("the database gives counts alone, for the partnership the transaction acts for", async () => {
    const access = await accessOf(w.services, w.bea);
    const counts = await readAs(w.services.db, access.visibility, (tx) =>
      partnershipFigures(tx, w.clock.now),
    );
    assert.ok(counts.every((row) => Object.keys(row).join() === "figure,key,count"));
    const total = counts
      .filter((row) => row.figure === "status")
      .reduce((sum, row) => sum + row.count, 0);
    assert.equal(total, 8);
    assert.deepEqual(
      counts.find((row) => row.figure === "overdue"),
      {
        figure: "overdue",
        key: "",
        count: 7,
      },
    );
    // Outside a transaction acting for someone there is no partnership, so nothing is counted.
    const none = await partnershipFigures(w.services.db, w.clock.now);
    assert.deepEqual(none, [{ figure: "overdue", key: "", count: 0 }]);
    // The application role may run it, and no one else but its owner.
    const grants = await w.services.db.execute(
      sql`select grantee from information_schema.routine_privileges
           where routine_name = 'resolve_partnership_figures' and routine_schema = current_schema()
             and privilege_type = 'EXECUTE' order by grantee`,
    );
    const grantees = (grants as unknown as { rows: { grantee: string }[] }).rows.map(
      (row) => row.grantee,
    );
    assert.ok(grantees.includes("resolve_app"));
    assert.ok(!grantees.includes("PUBLIC"));
  });

  test("are the team's: offered in its navigation, refused to everyone else", async () => {
    const team = await w.get(w.bea, "/your-work");
    assert.match(team.body, /href="\/partnership\/figures"/);
    for (const who of [
      w.amina,
      w.tom,
      w.pat,
      await w.person("Ada Admin", null, ["administrator"]),
    ]) {
      const refused = await w.get(who, "/partnership/figures");
      assert.equal(refused.statusCode, 403, who.name);
      assert.doesNotMatch(refused.body, /Overdue now/);
      assert.doesNotMatch((await w.get(who, "/your-work")).body, /href="\/partnership\/figures"/);
    }
    const signedOut = await w.get(null, "/partnership/figures");
    assert.equal(signedOut.statusCode, 303);
    assert.equal(
      signedOut.headers.location,
      `/sign-in?returnTo=${encodeURIComponent("/partnership/figures")}`,
    );
  });

  test("someone covering a team member's absence may open them", async () => {
    const cover = await w.person("Cal Cover", w.socialCare.id, ["practitioner"]);
    await w.services.db.insert(absenceDelegations).values({
      id: randomUUID(),
      partnershipId: w.partnership.id,
      personId: w.bea.id,
      delegateId: cover.id,
      startsOn: "2025-04-14",
      endsOn: "2025-04-25",
    });
    assert.equal((await w.get(cover, "/partnership/figures")).statusCode, 200);
  });

  test("read no query: anything in one is ignored, never shown", async () => {
    for (const query of [
      `?page=${"9".repeat(5000)}`,
      "?month=2025-13&month=nope",
      `?x=${encodeURIComponent('<script>alert("x")</script>')}`,
      "?status[]=open&__proto__=1",
    ]) {
      const response = await w.get(w.bea, `/partnership/figures${query}`);
      assert.equal(response.statusCode, 200, query);
      assert.doesNotMatch(response.body, /<script>alert|nope/, query);
    }
  });
});
