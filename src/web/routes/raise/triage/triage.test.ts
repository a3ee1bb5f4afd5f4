import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testPartnership } from "../../../../../test/support/partnership.ts";
import { loadProcedureLibrary } from "../../../../app/procedures.ts";
import {
  errorSummaryOf,
  headingOf,
  locationOf,
  type RaiseTestApp,
  raiseTestApp,
  unescapeHtml,
  type Visitor,
} from "../test-support.ts";

const PROCEDURES = ["dorset", "northamptonshire", "suffolk", "city-and-hackney", "sefton"];

describe("raising: triage", () => {
  let t: RaiseTestApp;
  const visitors = new Map<string, Visitor>();

  before(async () => {
    t = await raiseTestApp("dorset");
    visitors.set("dorset", await t.visitor(["practitioner"]));
    for (const id of PROCEDURES.slice(1)) {
      const other = await testPartnership(t.services.db, id);
      visitors.set(
        id,
        await t.visitor(["practitioner"], {
          partnershipId: other.partnership.id,
          agencyId: other.school.id,
        }),
      );
    }
  });
  after(() => t?.close());

  const visitor = (id: string) => visitors.get(id) ?? assert.fail(id);

  test("signed out, /raise asks you to sign in and come back", async () => {
    const response = await t.app.inject("/raise");
    assert.equal(locationOf(response), "/sign-in?returnTo=%2Fraise");
  });

  test("someone in no agency is told only agencies raise escalations", async () => {
    const team = await t.visitor(["partnership-business-team"], {
      agencyId: null,
      name: "Pat Business",
    });
    for (const url of ["/raise", "/raise/triage/immediate-risk", "/raise/details"]) {
      const response = await team.get(url);
      assert.equal(response.statusCode, 403, url);
      assert.equal(headingOf(response.body), "Only agencies raise escalations");
    }
  });

  for (const procedureId of PROCEDURES) {
    const procedure =
      loadProcedureLibrary().procedures.get(procedureId) ?? assert.fail(procedureId);

    test(`${procedureId}: each exclusion question, in order, and "yes" says what to do instead`, async () => {
      const person = visitor(procedureId);
      assert.equal(
        locationOf(await person.get("/raise")),
        `/raise/triage/${procedure.exclusions[0]?.id}`,
      );
      const cleared: string[] = [];
      for (const exclusion of procedure.exclusions) {
        const query =
          cleared.length === 0 ? "" : `?cleared=${encodeURIComponent(cleared.join(","))}`;
        const page = await person.get(`/raise/triage/${exclusion.id}${query}`);
        assert.equal(page.statusCode, 200);
        assert.equal(headingOf(page.body), exclusion.question);
        assert.match(page.body, /<title>Is|<title>Do/);

        const yes = await person.post(`/raise/triage/${exclusion.id}`, {
          answer: "yes",
          ...(cleared.length === 0 ? {} : { cleared: cleared.join(",") }),
        });
        const instead = await person.get(locationOf(yes));
        assert.equal(instead.statusCode, 200);
        const text = unescapeHtml(instead.body);
        assert.equal(
          headingOf(instead.body),
          exclusion.thenContinue ? "Make the child safe first" : "Use a different procedure",
        );
        assert.ok(text.includes(exclusion.redirect), `${exclusion.id}: the redirect is shown`);
        if (exclusion.contact !== undefined) assert.ok(text.includes(exclusion.contact));
        const onward = /data-qa="continue"/.test(instead.body);
        assert.equal(
          onward,
          exclusion.thenContinue,
          `${exclusion.id}: a way on only when it says come back`,
        );
        if (exclusion.thenContinue) {
          // Continuing counts the question as dealt with, and goes to the next one.
          const next = procedure.exclusions[procedure.exclusions.indexOf(exclusion) + 1];
          assert.match(instead.body, new RegExp(`href="/raise/triage/${next?.id}\\?cleared=`));
        }

        const no = await person.post(`/raise/triage/${exclusion.id}`, {
          answer: "no",
          ...(cleared.length === 0 ? {} : { cleared: cleared.join(",") }),
        });
        cleared.push(exclusion.id);
        const next = procedure.exclusions[cleared.length];
        const expected =
          next === undefined
            ? /^\/raise\/(track|about|start|details)\?/
            : new RegExp(`^/raise/triage/${next.id}\\?`);
        assert.match(locationOf(no), expected);
      }
    });
  }

  test("no answer, or one not offered, asks again with the error summary", async () => {
    const person = visitor("dorset");
    for (const answer of [undefined, "", "maybe", ["yes", "no"]]) {
      const response = await person.post(
        "/raise/triage/immediate-risk",
        answer === undefined ? {} : { answer },
      );
      assert.equal(response.statusCode, 400);
      assert.deepEqual(errorSummaryOf(response.body), [
        { field: "answer", message: "Select yes or no" },
      ]);
      assert.match(
        response.body,
        /<title>Error: Is a child at immediate risk of harm\? – Resolve<\/title>/,
      );
    }
  });

  test("a question cannot be reached before the ones ahead of it are answered", async () => {
    const person = visitor("dorset");
    assert.equal(
      locationOf(await person.get("/raise/triage/within-one-agency")),
      "/raise/triage/immediate-risk",
    );
    assert.equal(
      locationOf(await person.post("/raise/triage/within-one-agency", { answer: "no" })),
      "/raise/triage/immediate-risk",
    );
    assert.equal(locationOf(await person.get("/raise/details")), "/raise/triage/immediate-risk");
  });

  test("an unknown question is not found", async () => {
    const person = visitor("dorset");
    assert.equal((await person.get("/raise/triage/no-such-question")).statusCode, 404);
    assert.equal((await person.get("/raise/triage/%3Cscript%3E")).statusCode, 404);
    assert.equal(
      (await person.post("/raise/triage/no-such-question", { answer: "no" })).statusCode,
      404,
    );
  });

  test("the back link of each question goes to the one before, keeping the answers", async () => {
    const person = visitor("dorset");
    const page = await person.get(
      "/raise/triage/malpractice-or-fraud?cleared=immediate-risk%2Cprofessional-suitability",
    );
    assert.match(
      page.body,
      /href="\/raise\/triage\/professional-suitability\?cleared=immediate-risk%2Cprofessional-suitability" class="govuk-back-link"/,
    );
    // An answered question shows its answer.
    const answered = await person.get("/raise/triage/immediate-risk?cleared=immediate-risk");
    assert.match(answered.body, /value="no" checked/);
  });
});
