import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { calendarOf, loadProcedureLibrary } from "../../../../app/procedures.ts";
import type { Procedure } from "../../../../engine/procedure/schema.ts";
import { type Journey, journeySteps, type Scope } from "../journey.ts";
import {
  categoriesFor,
  childSafetyApplies,
  fieldOfRejection,
  validateDetails,
} from "./validation.ts";

const library = loadProcedureLibrary().procedures;
const procedure = (id: string): Procedure => library.get(id) ?? assert.fail(id);
const dorset = procedure("dorset");
const suffolk = procedure("suffolk");

function scopeOf(of: Procedure, answers: Partial<Journey>, roles = ["practitioner"]): Scope {
  const journey = {
    cleared: of.exclusions.map((exclusion) => exclusion.id),
    track: null,
    about: null,
    entry: null,
    ...answers,
  };
  const { next } = journeySteps(of, { roles }, journey);
  assert.ok(next.kind === "details", `expected the details step, got ${next.kind}`);
  return next.scope;
}

const agencies = [
  { id: "11111111-1111-4111-8111-111111111111", name: "Children's Social Care" },
  { id: "22222222-2222-4222-8222-222222222222", name: "Kingsmere Police" },
];
const TODAY = "2025-06-02";
const calendar = calendarOf({ nation: "england-and-wales", closeOfBusiness: null });
const childScope = scopeOf(dorset, { about: "child" });
const themeScope = scopeOf(dorset, { about: "thematic" });
const suffolkScope = scopeOf(suffolk, { track: "general" });

const valid = {
  "child-reference": "JS",
  "dob-day": "14",
  "dob-month": "2",
  "dob-year": "2016",
  "child-status": "child-in-need",
  receiving: agencies[0]?.id ?? "",
  category: "plan-progress",
  challenged: "The decision to close the case after one visit.",
  tried: "A call with the social worker on Friday.",
  "evidence-kind": "evidence",
  evidence: "Three absences in a fortnight, recorded.",
  outcome: "A strategy discussion.",
  urgency: "urgent",
};

const validate = (fields: Record<string, unknown>, scope: Scope = childScope, of = dorset) =>
  validateDetails(fields, { procedure: of, scope, agencies, calendar, today: TODAY });

function errorsOf(fields: Record<string, unknown>, scope: Scope = childScope, of = dorset) {
  const result = validate(fields, scope, of);
  assert.equal(result.ok, false, "expected errors");
  return result.ok ? [] : result.errors.map((error) => [error.field, error.message]);
}

describe("the details form's validation", () => {
  test("a complete form gives what raiseEscalation takes", () => {
    assert.deepEqual(validate(valid), {
      ok: true,
      input: {
        track: "general",
        entry: "standard",
        thematic: false,
        child: { reference: "JS", dateOfBirth: "2016-02-14", status: "child-in-need" },
        receivingAgencies: [agencies[0]?.id],
        category: "plan-progress",
        details: {
          challenged: "The decision to close the case after one visit.",
          tried: "A call with the social worker on Friday.",
          evidence: { kind: "evidence", text: "Three absences in a fortnight, recorded." },
          outcomeSought: "A strategy discussion.",
          urgency: "urgent",
        },
        childSafetyDueAt: null,
      },
    });
  });

  test("an empty form: every question's message, in the order of the page", () => {
    assert.deepEqual(errorsOf({}), [
      ["child-reference", "Enter the child’s initials or your agency’s case reference"],
      ["child-status", "Select the child’s status"],
      ["receiving", "Select the agency or agencies whose decision you are challenging"],
      ["category", "Select what kind of disagreement it is"],
      ["challenged", "Enter the decision, action or inaction you are challenging"],
      ["tried", "Enter what has been tried to resolve it"],
      ["evidence-kind", "Select whether you have evidence or a gut feeling"],
      ["evidence", "Enter the evidence or your gut feeling"],
      ["outcome", "Enter the outcome you are seeking"],
      ["urgency", "Select how urgent it is"],
    ]);
  });

  test("the date of birth is optional, but must be real and not in the future", () => {
    const noDob = validate({ ...valid, "dob-day": "", "dob-month": "", "dob-year": "" });
    assert.ok(noDob.ok);
    assert.equal(noDob.input.child?.dateOfBirth, null);
    assert.deepEqual(errorsOf({ ...valid, "dob-day": "31", "dob-month": "2" }), [
      ["dob-day", "Date of birth must be a real date"],
    ]);
    assert.deepEqual(errorsOf({ ...valid, "dob-year": "" }), [
      ["dob-year", "Date of birth must include a year"],
    ]);
    assert.deepEqual(errorsOf({ ...valid, "dob-day": "3", "dob-month": "6", "dob-year": "2025" }), [
      ["dob-day", "Date of birth must be today or in the past"],
    ]);
  });

  test("the child's reference: at most 40 characters, never a name's worth more", () => {
    assert.ok(validate({ ...valid, "child-reference": "x".repeat(40) }).ok);
    assert.deepEqual(errorsOf({ ...valid, "child-reference": "x".repeat(41) }), [
      ["child-reference", "The child’s initials or case reference must be 40 characters or fewer"],
    ]);
  });

  test("each text: required, at most 2,000 characters", () => {
    for (const [field, named] of [
      ["challenged", "The decision, action or inaction you are challenging"],
      ["tried", "What has been tried to resolve it"],
      ["evidence", "The evidence"],
      ["outcome", "The outcome you are seeking"],
    ] as const) {
      assert.ok(validate({ ...valid, [field]: "x".repeat(2000) }).ok, field);
      assert.deepEqual(errorsOf({ ...valid, [field]: "x".repeat(2001) }), [
        [field, `${named} must be 2,000 characters or fewer`],
      ]);
      assert.equal(errorsOf({ ...valid, [field]: "  \r\n " })[0]?.[1]?.startsWith("Enter "), true);
      assert.deepEqual(errorsOf({ ...valid, [field]: ["one", "two"] })[0]?.[0], field);
    }
  });

  test("a gut feeling is asked for as one", () => {
    assert.deepEqual(errorsOf({ ...valid, "evidence-kind": "gut-feeling", evidence: "" }), [
      ["evidence", "Enter your gut feeling and what it rests on"],
    ]);
    const gut = validate({
      ...valid,
      "evidence-kind": "gut-feeling",
      evidence: "Something is wrong at home.",
    });
    assert.ok(gut.ok);
    assert.deepEqual(gut.input.details.evidence, {
      kind: "gut-feeling",
      text: "Something is wrong at home.",
    });
  });

  test("choices: only what the page offered", () => {
    assert.deepEqual(errorsOf({ ...valid, "child-status": "orphan" }), [
      ["child-status", "Select the child’s status"],
    ]);
    assert.deepEqual(errorsOf({ ...valid, urgency: "asap" }), [
      ["urgency", "Select how urgent it is"],
    ]);
    assert.deepEqual(
      errorsOf({ ...valid, "evidence-kind": ["evidence", "gut-feeling"] })[0]?.[0],
      "evidence-kind",
    );
    assert.deepEqual(errorsOf({ ...valid, receiving: [agencies[0]?.id, "not-an-agency"] }), [
      ["receiving", "Select the agency or agencies whose decision you are challenging"],
    ]);
    // Thematic categories are not offered for a child.
    assert.deepEqual(errorsOf({ ...valid, category: "strategic-theme" }), [
      ["category", "Select what kind of disagreement it is"],
    ]);
  });

  test("several agencies can be challenged at once", () => {
    const both = validate({ ...valid, receiving: agencies.map((agency) => agency.id) });
    assert.ok(both.ok);
    assert.equal(both.input.receivingAgencies.length, 2);
  });

  test("a thematic escalation holds no child, and may use the thematic categories", () => {
    const theme = validate({ ...valid, category: "strategic-theme" }, themeScope);
    assert.ok(theme.ok);
    assert.equal(theme.input.child, null);
    assert.equal(theme.input.thematic, true);
    assert.equal(theme.input.entry, "thematic");
    assert.deepEqual(
      categoriesFor(dorset, themeScope)
        .filter((category) => category.thematic)
        .map((category) => category.id),
      ["strategic-theme", "agency-service-model"],
    );
    assert.deepEqual(
      categoriesFor(dorset, childScope).filter((category) => category.thematic),
      [],
    );
    // The child's questions are not asked.
    assert.deepEqual(
      errorsOf({}, themeScope)
        .map(([field]) => field)
        .includes("child-reference"),
      false,
    );
  });

  test("an earlier deadline only where the procedure allows one: Suffolk, not Dorset", () => {
    assert.equal(childSafetyApplies(childScope), false);
    assert.equal(childSafetyApplies(suffolkScope), true);
    const suffolkValid = { ...valid, category: "referral-threshold" };
    const ignored = validate({
      ...valid,
      "safety-day": "3",
      "safety-month": "6",
      "safety-year": "2025",
    });
    assert.ok(ignored.ok);
    assert.equal(ignored.input.childSafetyDueAt, null);

    const endOfDay = validate(
      { ...suffolkValid, "safety-day": "2", "safety-month": "6", "safety-year": "2025" },
      suffolkScope,
      suffolk,
    );
    assert.ok(endOfDay.ok);
    assert.equal(endOfDay.input.childSafetyDueAt, "2025-06-02T23:59:59.999+01:00");
    const atTime = validate(
      {
        ...suffolkValid,
        "safety-day": "2",
        "safety-month": "6",
        "safety-year": "2025",
        "safety-hour": "17",
        "safety-minute": "0",
      },
      suffolkScope,
      suffolk,
    );
    assert.ok(atTime.ok);
    assert.equal(atTime.input.childSafetyDueAt, "2025-06-02T17:00:00.000+01:00");
    const none = validate(suffolkValid, suffolkScope, suffolk);
    assert.ok(none.ok);
    assert.equal(none.input.childSafetyDueAt, null);
  });

  test("an earlier deadline's errors", () => {
    const suffolkValid = { ...valid, category: "referral-threshold" };
    const errors = (fields: Record<string, string>) =>
      errorsOf({ ...suffolkValid, ...fields }, suffolkScope, suffolk);
    assert.deepEqual(errors({ "safety-day": "1", "safety-month": "6", "safety-year": "2025" }), [
      ["safety-day", "The date of the earlier deadline must be today or in the future"],
    ]);
    assert.deepEqual(errors({ "safety-hour": "17", "safety-minute": "00" }), [
      ["safety-day", "Enter the date of the earlier deadline, or leave the time empty too"],
    ]);
    assert.deepEqual(
      errors({
        "safety-day": "3",
        "safety-month": "6",
        "safety-year": "2025",
        "safety-hour": "25",
        "safety-minute": "00",
      }),
      [
        [
          "safety-hour",
          "The time of the earlier deadline must be a real time on the 24-hour clock, like 14:30",
        ],
      ],
    );
    assert.deepEqual(
      errors({
        "safety-day": "3",
        "safety-month": "6",
        "safety-year": "2025",
        "safety-minute": "30",
      }),
      [["safety-hour", "The time of the earlier deadline must include an hour"]],
    );
  });

  test("Suffolk's tracks offer only their own categories", () => {
    assert.deepEqual(
      categoriesFor(suffolk, suffolkScope).map((category) => category.id),
      ["referral-threshold", "assessment-or-enquiry"],
    );
    assert.deepEqual(errorsOf(valid, suffolkScope, suffolk), [
      ["category", "Select what kind of disagreement it is"],
    ]);
  });

  test("the engine's refusals land on the field they are about", () => {
    assert.equal(fieldOfRejection({ code: "same-agency", reason: "" }, false), "receiving");
    assert.equal(
      fieldOfRejection({ code: "child-safety-not-earlier", reason: "" }, false),
      "safety-day",
    );
    assert.equal(fieldOfRejection({ code: "thematic-category", reason: "" }, true), "category");
    assert.equal(fieldOfRejection({ code: "something-new", reason: "" }, false), "child-reference");
    assert.equal(fieldOfRejection({ code: "something-new", reason: "" }, true), "receiving");
  });
});
