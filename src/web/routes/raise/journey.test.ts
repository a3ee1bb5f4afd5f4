import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadProcedureLibrary } from "../../../app/procedures.ts";
import type { Procedure } from "../../../engine/procedure/schema.ts";
import {
  entryOptions,
  type Journey,
  journeySteps,
  placeOf,
  readJourney,
  stepKey,
  stepPath,
  withJourney,
} from "./journey.ts";

const library = loadProcedureLibrary().procedures;
const procedure = (id: string): Procedure => {
  const found = library.get(id);
  assert.ok(found, id);
  return found;
};
const dorset = procedure("dorset");
const suffolk = procedure("suffolk");
const dorsetGeneral = dorset.tracks.general ?? assert.fail("Dorset has a general track");
const practitioner = { roles: ["practitioner"] };
const seniorLeader = { roles: ["senior-leader"] };
const journey = (answers: Partial<Journey> = {}): Journey => ({
  cleared: [],
  track: null,
  about: null,
  entry: null,
  ...answers,
});
const allCleared = (of: Procedure) => of.exclusions.map((exclusion) => exclusion.id);
const keys = (of: Procedure, person: { roles: string[] }, answers: Partial<Journey>) =>
  journeySteps(of, person, journey(answers)).steps.map(stepKey);

describe("the raise journey's steps", () => {
  test("asks the exclusion questions first, in the definition's order, one at a time", () => {
    assert.deepEqual(keys(dorset, practitioner, {}), ["triage:immediate-risk"]);
    assert.deepEqual(keys(dorset, practitioner, { cleared: ["immediate-risk"] }), [
      "triage:immediate-risk",
      "triage:professional-suitability",
    ]);
    // Answers out of order do not skip a question.
    assert.deepEqual(keys(dorset, practitioner, { cleared: ["within-one-agency"] }), [
      "triage:immediate-risk",
    ]);
  });

  test("Dorset: one track, so no track question; a thematic entry, so child or theme", () => {
    assert.deepEqual(keys(dorset, practitioner, { cleared: allCleared(dorset) }), [
      "triage:immediate-risk",
      "triage:professional-suitability",
      "triage:malpractice-or-fraud",
      "triage:within-one-agency",
      "about",
    ]);
    const child = journeySteps(
      dorset,
      practitioner,
      journey({ cleared: allCleared(dorset), about: "child" }),
    );
    assert.equal(child.next.kind, "details");
    assert.ok(child.next.kind === "details");
    assert.equal(child.next.scope.entry.id, "standard");
    assert.equal(child.next.scope.thematic, false);
    const theme = journeySteps(
      dorset,
      practitioner,
      journey({ cleared: allCleared(dorset), about: "thematic" }),
    );
    assert.ok(theme.next.kind === "details");
    assert.equal(theme.next.scope.entry.id, "thematic");
    assert.equal(theme.next.scope.entry.stage, "stage-3");
    assert.equal(theme.next.scope.thematic, true);
  });

  test("Dorset: a senior leader chooses where it starts; the strategic entry goes to stage 4", () => {
    const base = { cleared: allCleared(dorset), about: "child" };
    assert.equal(journeySteps(dorset, seniorLeader, journey(base)).next.kind, "start");
    assert.deepEqual(
      entryOptions(dorsetGeneral, false, seniorLeader).map((entry) => entry.id),
      ["standard", "strategic"],
    );
    assert.deepEqual(
      entryOptions(dorsetGeneral, true, seniorLeader).map((entry) => entry.id),
      ["thematic", "strategic"],
    );
    assert.deepEqual(
      entryOptions(dorsetGeneral, false, practitioner).map((entry) => entry.id),
      ["standard"],
    );
    const strategic = journeySteps(dorset, seniorLeader, journey({ ...base, entry: "strategic" }));
    assert.ok(strategic.next.kind === "details");
    assert.equal(strategic.next.scope.entry.stage, "stage-4");
    assert.equal(strategic.next.scope.entryChosen, true);
    // A practitioner's entry in the journey is ignored: they have no choice to make.
    const ignored = journeySteps(dorset, practitioner, journey({ ...base, entry: "strategic" }));
    assert.ok(ignored.next.kind === "details");
    assert.equal(ignored.next.scope.entry.id, "standard");
  });

  test("Suffolk: several tracks, so the track question; none thematic, so no child-or-theme", () => {
    const cleared = allCleared(suffolk);
    assert.deepEqual(keys(suffolk, practitioner, { cleared }).slice(-1), ["track"]);
    assert.equal(
      journeySteps(suffolk, practitioner, journey({ cleared, track: "no-such-track" })).next.kind,
      "track",
    );
    const dissent = journeySteps(
      suffolk,
      practitioner,
      journey({ cleared, track: "conference-dissent" }),
    );
    assert.ok(dissent.next.kind === "details");
    assert.equal(dissent.next.scope.trackId, "conference-dissent");
  });

  test("placeOf shows a page already reached, with its back link, and redirects past ones not", () => {
    const answers = journey({ cleared: ["immediate-risk"] });
    const second = placeOf(dorset, practitioner, answers, "triage:professional-suitability");
    assert.ok(second.show);
    assert.equal(second.back, "/raise/triage/immediate-risk?cleared=immediate-risk");
    const first = placeOf(dorset, practitioner, answers, "triage:immediate-risk");
    assert.ok(first.show);
    assert.equal(first.back, "/");
    assert.deepEqual(placeOf(dorset, practitioner, answers, "details"), {
      show: false,
      redirect: "/raise/triage/professional-suitability?cleared=immediate-risk",
    });
  });

  test("reads the journey from a query, ignoring what is not an id", () => {
    assert.deepEqual(
      readJourney({
        cleared: "immediate-risk,<script>,within-one-agency",
        track: ["general", "other"],
        about: "child",
        entry: "'; DROP TABLE escalations; --",
      }),
      {
        cleared: ["immediate-risk", "within-one-agency"],
        track: null,
        about: "child",
        entry: null,
      },
    );
    assert.deepEqual(readJourney({}), journey());
  });

  test("writes the journey into paths", () => {
    const answers = journey({ cleared: ["a", "b"], track: "general", about: "thematic" });
    assert.equal(
      withJourney("/raise/details", answers),
      "/raise/details?cleared=a%2Cb&track=general&about=thematic",
    );
    assert.equal(withJourney("/raise", journey()), "/raise");
    assert.equal(stepPath({ kind: "track" }, journey()), "/raise/track");
  });
});
