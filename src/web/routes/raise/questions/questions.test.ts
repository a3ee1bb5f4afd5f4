import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadProcedureLibrary } from "../../../../app/procedures.ts";
import type { Procedure } from "../../../../engine/procedure/schema.ts";
import type { RaiseContext } from "../context.ts";
import type { Journey } from "../journey.ts";
import { answering, ask } from "./questions.ts";

const library = loadProcedureLibrary().procedures;
const contextFor = (id: string, roles: string[] = ["practitioner"]) =>
  ({
    procedure: library.get(id) ?? assert.fail(id),
    person: { roles },
  }) as unknown as RaiseContext;
const journey = (answers: Partial<Journey> = {}): Journey => ({
  cleared: [],
  track: null,
  about: null,
  entry: null,
  ...answers,
});

describe("the questions about the kind of escalation", () => {
  test("the track: every track, the general one first, each with its summary", () => {
    const context = contextFor("suffolk");
    const asked = ask(context, journey(), "track");
    const procedure: Procedure = context.procedure;
    assert.equal(asked.items[0]?.value, "general");
    assert.deepEqual(
      asked.items.map((item) => item.value).sort(),
      Object.keys(procedure.tracks).sort(),
    );
    assert.equal(asked.items[0]?.hint?.text, procedure.tracks.general?.summary);
    assert.equal(asked.message, "Select what the disagreement is about");
  });

  test("child or theme: says where a theme starts, and that no child's details are kept", () => {
    const asked = ask(contextFor("dorset"), journey(), "about");
    assert.deepEqual(
      asked.items.map((item) => item.value),
      ["child", "thematic"],
    );
    assert.match(asked.items[1]?.hint?.text ?? "", /No child’s details are recorded/);
    assert.match(asked.items[1]?.hint?.text ?? "", /It starts at Stage 3 – heads of service\./);
  });

  test("where it starts: the usual stage and those the person's role opens, with their descriptions", () => {
    const leader = contextFor("dorset", ["senior-leader"]);
    const child = ask(leader, journey({ about: "child" }), "start");
    assert.deepEqual(
      child.items.map((item) => [item.value, item.text]),
      [
        ["standard", "Stage 1 – line managers"],
        ["strategic", "Stage 4 – senior leaders"],
      ],
    );
    const theme = ask(leader, journey({ about: "thematic" }), "start");
    assert.deepEqual(
      theme.items.map((item) => item.value),
      ["thematic", "strategic"],
    );
  });

  test("an answer goes into the journey under its own name", () => {
    assert.equal(answering(journey(), "start", "strategic").entry, "strategic");
    assert.equal(answering(journey(), "track", "general").track, "general");
    assert.equal(answering(journey(), "about", "thematic").about, "thematic");
  });
});
