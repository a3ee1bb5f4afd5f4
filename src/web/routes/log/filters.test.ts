import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadProcedureLibrary } from "../../../app/procedures.ts";
import type { Agency } from "../../../db/directory.ts";
import { encodeCursor } from "../../../db/escalation-queries.ts";
import { filterChoices, logHref, readLogQuery } from "./filters.ts";

const library = loadProcedureLibrary().procedures;
const procedure = (id: string) => {
  const found = library.get(id);
  if (found === undefined) throw new Error(`${id}.yaml did not load`);
  return found;
};

const agency = (id: string, name: string, active = true): Agency => ({
  id,
  partnershipId: "00000000-0000-4000-8000-0000000000bb",
  name,
  sector: "other",
  active,
});
const SCHOOL = "00000000-0000-4000-8000-000000000001";
const OLD = "00000000-0000-4000-8000-000000000002";
const choices = filterChoices(procedure("dorset"), [
  agency(SCHOOL, "Hillside Primary School"),
  agency(OLD, "Old Nursery", false),
]);

describe("the log's filters", () => {
  test("offer the procedure's stages and categories, the agencies and the statuses", () => {
    assert.deepEqual(choices.stage, [
      { value: "stage-1", text: "Stage 1 – line managers" },
      { value: "stage-2", text: "Stage 2 – second-tier managers" },
      { value: "stage-3", text: "Stage 3 – heads of service" },
      { value: "stage-4", text: "Stage 4 – senior leaders" },
    ]);
    assert.equal(choices.category.length, procedure("dorset").categories.length);
    assert.deepEqual(choices.agency, [
      { value: SCHOOL, text: "Hillside Primary School" },
      { value: OLD, text: "Old Nursery (no longer active)" },
    ]);
    assert.deepEqual(
      choices.status.map((status) => status.value),
      [
        "open",
        "resolution-proposed",
        "resolved",
        "closed-with-disagreement",
        "withdrawn",
        "redirected",
      ],
    );
  });

  test("a stage id several tracks share is one choice that says it covers them all", () => {
    const suffolk = filterChoices(procedure("suffolk"), []).stage;
    const values = suffolk.map((stage) => stage.value);
    assert.equal(new Set(values).size, values.length, "each stage id is offered once");
    assert.deepEqual(
      suffolk.find((stage) => stage.value === "stage-1"),
      { value: "stage-1", text: "Stage 1, any kind of escalation" },
    );
    assert.deepEqual(
      suffolk.find((stage) => stage.value === "stage-6"),
      { value: "stage-6", text: "Stage 6 – LSCB (Dispute at the point of referral)" },
    );
  });

  test("read known values, one each", () => {
    const query = readLogQuery(
      {
        stage: "stage-3",
        agency: SCHOOL,
        category: "plan-progress",
        status: "open",
        overdue: "yes",
      },
      choices,
    );
    assert.deepEqual(query.filter, {
      stage: "stage-3",
      agencyId: SCHOOL,
      category: "plan-progress",
      status: "open",
      overdue: true,
    });
    assert.deepEqual(query.ignored, []);
    assert.equal(query.ignoredPage, false);
  });

  test("ignore, and report, anything else", () => {
    const query = readLogQuery(
      {
        stage: ["stage-1", "stage-2"],
        agency: "' or 1=1 --",
        category: "<script>alert(1)</script>",
        status: "x".repeat(100_000),
        overdue: "true",
        after: "not-a-cursor",
        unknown: "anything",
      },
      choices,
    );
    assert.deepEqual(query.filter, {
      stage: undefined,
      agencyId: undefined,
      category: undefined,
      status: undefined,
      overdue: undefined,
    });
    assert.deepEqual(query.ignored, ["stage", "agency", "category", "status", "overdue"]);
    assert.equal(query.ignoredPage, true);
    assert.equal(query.after, undefined);
  });

  test("empty values choose nothing and are no problem", () => {
    const query = readLogQuery({ stage: "", agency: "", after: "" }, choices);
    assert.deepEqual(query.ignored, []);
    assert.equal(query.ignoredPage, false);
    assert.deepEqual(readLogQuery(undefined, choices).values, {});
  });

  test("links keep the filters in a fixed order, and the page", () => {
    assert.equal(logHref({}), "/log");
    assert.equal(logHref({ overdue: "yes", stage: "stage-1" }), "/log?stage=stage-1&overdue=yes");
    const after = { updatedAt: "2025-03-03T09:00:00Z", id: "00000000-0000-4000-8000-0000000000aa" };
    assert.equal(
      logHref({ status: "open" }, after),
      `/log?status=open&after=${encodeCursor(after)}`,
    );
    assert.deepEqual(readLogQuery({ after: encodeCursor(after) }, choices).after, after);
  });
});
