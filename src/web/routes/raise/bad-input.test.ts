// Every form of the raise journey against what a careless or hostile sender might post: nothing,
// too much, lists for text, objects, script and SQL. The answer is always an error summary, a
// safe page or safely stored text; never a 500, and nothing is saved from an invalid form.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { loadEscalation } from "../../../app/escalations.ts";
import {
  childDetails,
  errorSummaryOf,
  type FormValues,
  formBody,
  headingOf,
  hiddenValuesOf,
  locationOf,
  type RaiseTestApp,
  raiseTestApp,
  reachDetails,
  type Visitor,
} from "./test-support.ts";

const SCRIPT = `<script>alert("raised")</script>`;
const SQL = "'; DROP TABLE escalations; --";
const ONE_HUNDRED_KB = "x".repeat(100 * 1024);

interface Form {
  name: string;
  url: string;
  /** Who posts it. */
  as: () => Visitor;
  /** What the page itself carries (the journey so far), sent with every variation. */
  carried: () => FormValues;
  /** The form's own fields, filled in as a person would. */
  fields: () => FormValues;
}

function assertSafe(response: LightMyRequestResponse, what: string): void {
  assert.ok(response.statusCode < 500, `${what}: ${response.statusCode}`);
  assert.doesNotMatch(response.body, /<script>alert/, `${what}: the script is escaped`);
  assert.doesNotMatch(response.body, /Sorry, there is a problem with the service/, what);
}

describe("raising: bad input to every form", () => {
  let t: RaiseTestApp;
  let teacher: Visitor;
  let leader: Visitor;
  let suffolkTeacher: Visitor;
  let dorsetJourney: FormValues;
  let checkAnswers: FormValues;
  let suffolkCleared: string;
  const forms: Form[] = [];

  before(async () => {
    t = await raiseTestApp("dorset");
    teacher = await t.visitor(["practitioner"]);
    leader = await t.visitor(["senior-leader"], { name: "Sam Leader" });
    const suffolk = await testPartnership(t.services.db, "suffolk");
    suffolkTeacher = await t.visitor(["practitioner"], {
      partnershipId: suffolk.partnership.id,
      agencyId: suffolk.school.id,
      name: "Sue Teacher",
    });
    suffolkCleared = suffolk.procedure.exclusions.map((exclusion) => exclusion.id).join(",");
    dorsetJourney = (await reachDetails(teacher, { about: "child" })).journey;
    const check = await teacher.post("/raise/details", {
      ...dorsetJourney,
      ...childDetails(t.setup.socialCare.id),
    });
    checkAnswers = hiddenValuesOf(check.body);
    const cleared = String(dorsetJourney.cleared);
    forms.push(
      {
        name: "a triage question",
        url: "/raise/triage/immediate-risk",
        as: () => teacher,
        carried: () => ({}),
        fields: () => ({ answer: "no" }),
      },
      {
        name: "the track question",
        url: "/raise/track",
        as: () => suffolkTeacher,
        carried: () => ({ cleared: suffolkCleared }),
        fields: () => ({ track: "general" }),
      },
      {
        name: "the child or theme question",
        url: "/raise/about",
        as: () => teacher,
        carried: () => ({ cleared }),
        fields: () => ({ about: "child" }),
      },
      {
        name: "the start question",
        url: "/raise/start",
        as: () => leader,
        carried: () => ({ cleared, about: "child" }),
        fields: () => ({ entry: "strategic" }),
      },
      {
        name: "the details form",
        url: "/raise/details",
        as: () => teacher,
        carried: () => dorsetJourney,
        fields: () => childDetails(t.setup.socialCare.id),
      },
      {
        name: "check your answers",
        url: "/raise/check-answers",
        as: () => teacher,
        carried: () => ({ cleared, about: "child" }),
        fields: () => {
          const { cleared: _c, about: _a, ...rest } = checkAnswers;
          return { ...rest, submission: t.services.newId() };
        },
      },
      {
        name: "Change",
        url: "/raise/change",
        as: () => teacher,
        carried: () => ({ cleared, about: "child" }),
        fields: () => ({ ...childDetails(t.setup.socialCare.id), change: "category" }),
      },
    );
  });
  after(() => t?.close());

  test("empty: the error summary (or, with nothing to change, the form again); nothing saved", async () => {
    const before = await t.stored();
    for (const form of forms) {
      const response = await form.as().post(form.url, form.carried());
      assertSafe(response, form.name);
      if (form.name === "Change") {
        assert.equal(response.statusCode, 200);
        assert.equal(headingOf(response.body), "About the child and the disagreement");
      } else {
        assert.equal(response.statusCode, 400, form.name);
        assert.ok(errorSummaryOf(response.body).length > 0, `${form.name}: an error summary`);
        assert.match(response.body, /<title>Error: /, form.name);
      }
    }
    assert.deepEqual(await t.stored(), before);
  });

  test("too large (over 100 KB): the too-large page, 413, and nothing saved", async () => {
    const before = await t.stored();
    for (const form of forms) {
      const values = { ...form.carried(), ...form.fields() };
      const name = Object.keys(form.fields())[0] ?? "answer";
      const response = await form.as().post(form.url, { ...values, [name]: ONE_HUNDRED_KB });
      assert.equal(response.statusCode, 413, form.name);
      assert.equal(headingOf(response.body), "What you sent is too large");
    }
    assert.deepEqual(await t.stored(), before);
  });

  test("every field sent twice (a list where text belongs): errors, never a guess; nothing saved", async () => {
    const before = await t.stored();
    for (const form of forms) {
      const fields = form.fields();
      const doubled = Object.fromEntries(
        Object.entries(fields).map(([name, value]) => [name, [String(value), String(value)]]),
      );
      const response = await form.as().post(form.url, { ...form.carried(), ...doubled });
      assertSafe(response, form.name);
      if (form.name === "Change") continue; // It only shows the form again.
      assert.equal(response.statusCode, 400, form.name);
      assert.ok(errorSummaryOf(response.body).length > 0, `${form.name}: an error summary`);
    }
    // The journey's own fields sent twice read as unanswered: back to the first question.
    const journey = await teacher.post("/raise/details", {
      ...childDetails(t.setup.socialCare.id),
      cleared: ["immediate-risk", "immediate-risk"],
    });
    assert.equal(locationOf(journey), "/raise/triage/immediate-risk");
    assert.deepEqual(await t.stored(), before);
  });

  test("a JSON body with objects and numbers where text belongs: errors, never a 500", async () => {
    const before = await t.stored();
    for (const form of forms) {
      const fields = Object.fromEntries(
        Object.keys(form.fields()).map((name, index) => [name, index % 2 === 0 ? { $ne: 1 } : 42]),
      );
      const response = await form.as().postJson(form.url, { ...form.carried(), ...fields });
      assertSafe(response, form.name);
    }
    assert.deepEqual(await t.stored(), before);
  });

  test("script and SQL in every choice: not offered, so an error; shown back escaped", async () => {
    const before = await t.stored();
    for (const form of forms) {
      for (const hostile of [SCRIPT, SQL]) {
        const fields = Object.fromEntries(
          Object.entries(form.fields()).map(([name, value]) => [
            name,
            /^(answer|track|about|entry|child-status|receiving|category|evidence-kind|urgency|change)$/.test(
              name,
            )
              ? hostile
              : value,
          ]),
        );
        const response = await form.as().post(form.url, { ...form.carried(), ...fields });
        assertSafe(response, `${form.name}: ${hostile}`);
        if (form.name !== "Change") assert.equal(response.statusCode, 400, form.name);
      }
    }
    assert.deepEqual(await t.stored(), before);
  });

  test("script and SQL as text: checked, shown escaped, and stored exactly as written", async () => {
    const texts = {
      "child-reference": `<b>JS</b>'--`,
      challenged: SCRIPT,
      tried: SQL,
      evidence: `"quotes" & <ampersands> \\ backslashes; SELECT * FROM people;`,
      outcome: `{{ 7*7 }} \${process.env} %00 ☃`,
    };
    const check = await teacher.post("/raise/details", {
      ...dorsetJourney,
      ...childDetails(t.setup.socialCare.id, texts),
    });
    assertSafe(check, "check your answers");
    assert.equal(check.statusCode, 200, JSON.stringify(errorSummaryOf(check.body)));
    assert.match(check.body, /&lt;script&gt;alert\(&quot;raised&quot;\)&lt;\/script&gt;/);
    assert.match(check.body, /\{\{ 7\*7 \}\}/, "the template did not evaluate what was typed");
    const location = locationOf(
      await teacher.post("/raise/check-answers", hiddenValuesOf(check.body)),
    );
    const confirmation = await teacher.get(location);
    assertSafe(confirmation, "confirmation");
    const view = await loadEscalation(t.services, location.replace("/raise/raised/", ""));
    assert.ok(view);
    assert.equal(view.state.child?.reference, texts["child-reference"]);
    assert.equal(view.state.details.challenged, texts.challenged);
    assert.equal(view.state.details.tried, texts.tried);
    assert.equal(view.state.details.evidence.text, texts.evidence);
    assert.equal(view.state.details.outcomeSought, texts.outcome);
    assert.ok((await t.stored()).escalations >= 1, "the escalations table is still there");
  });

  test("hostile query strings on the pages: redirects or pages, never a 500", async () => {
    for (const url of [
      "/raise?cleared=%3Cscript%3E",
      "/raise/details?cleared[]=immediate-risk&about[]=child",
      `/raise/details?cleared=${encodeURIComponent(SQL)}&about=${encodeURIComponent(SCRIPT)}`,
      "/raise/about?cleared=immediate-risk&cleared=professional-suitability",
      `/raise/track?track=${"a".repeat(5000)}`,
      "/raise/triage/immediate-risk/instead?cleared=%E0%A4%A",
      "/raise/raised/%27%3B%20DROP%20TABLE%20escalations%3B%20--",
      "/raise/start?__proto__[entry]=strategic&constructor[prototype][x]=1",
    ]) {
      const response = await teacher.get(url);
      assertSafe(response, url);
      assert.ok(
        [200, 303, 400, 404].includes(response.statusCode),
        `${url}: ${response.statusCode}`,
      );
    }
  });

  test("without the form's CSRF token, nothing is done", async () => {
    const before = await t.stored();
    const response = await teacher.postRaw("/raise/check-answers", formBody(checkAnswers));
    assert.equal(response.statusCode, 403);
    assert.deepEqual(await t.stored(), before);
  });
});
