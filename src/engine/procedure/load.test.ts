import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { formatDefinitionError, parseProcedure } from "./load.ts";

const dorset = readFileSync(new URL("../../../procedures/dorset.yaml", import.meta.url), "utf8");

function errorsOf(text: string) {
  const result = parseProcedure(text, "test.yaml");
  assert.equal(result.ok, false, "expected the definition to be refused");
  return result.ok ? [] : result.errors;
}

describe("loading a definition", () => {
  test("the shipped Dorset definition loads", () => {
    const result = parseProcedure(dorset, "dorset.yaml");
    assert.ok(result.ok, result.ok ? "" : result.errors.map(formatDefinitionError).join("\n"));
  });

  test("a wrong value names the file, the line, the path, what was expected and what was found", () => {
    const text = dorset.replace("workingDays: 9", "workingDays: -1");
    const [error, ...rest] = errorsOf(text);
    assert.equal(rest.length, 0);
    assert.deepEqual(error, {
      file: "test.yaml",
      path: "tracks.general.stages[2].deadline.workingDays",
      expected: "a number no less than 0",
      found: "-1",
      line: text.split("\n").findIndex((line) => line.includes("workingDays: -1")) + 1,
    });
    assert.match(
      formatDefinitionError(error ?? assert.fail()),
      /^test\.yaml:\d+ tracks\.general\.stages\[2\]\.deadline\.workingDays: expected a number no less than 0, found -1$/,
    );
  });

  test("a deadline is judged by the form its keys name", () => {
    const [error] = errorsOf(
      dorset.replace(
        "counting: day-one\n          from: raised\n          note: Nine",
        "counting: day-two\n          from: raised\n          note: Nine",
      ),
    );
    assert.equal(error?.path, "tracks.general.stages[2].deadline.counting");
    assert.equal(error?.expected, 'one of "after", "day-one"');
    assert.equal(error?.found, '"day-two"');
  });

  test("a deadline with no recognised form says which forms exist", () => {
    const [error] = errorsOf(dorset.replace("workingDays: 9", "weeks: 2"));
    assert.equal(error?.path, "tracks.general.stages[2].deadline");
    assert.match(error?.expected ?? "", /workingDays, hours, calendarDays or setting/);
  });

  test("a missing field and an unknown field are named", () => {
    const errors = errorsOf(dorset.replace("title: Resolving", "heading: Resolving"));
    assert.deepEqual(
      errors.map((error) => [error.path, error.found]),
      [
        ["title", "nothing"],
        ["heading", 'an unknown field "heading"'],
      ],
    );
  });

  test("malformed YAML is reported with its line", () => {
    const [error] = errorsOf("id: dorset\nroles: [unclosed\n");
    assert.equal(error?.expected, "well-formed YAML");
    assert.equal(typeof error?.line, "number");
  });

  test("a duplicated key is refused rather than silently overwritten", () => {
    const [error] = errorsOf(
      dorset.replace('version: "2.0-r1"', 'version: "2.0-r1"\nversion: "3"'),
    );
    assert.equal(error?.expected, "well-formed YAML");
  });

  test("YAML that is not a mapping is refused", () => {
    const [error] = errorsOf("- just\n- a list\n");
    assert.equal(error?.path, "");
    assert.equal(error?.found, "a list of 2");
  });
});

describe("checks beyond the schema", () => {
  const problem = (text: string) =>
    errorsOf(text).map((error) => `${error.path}: ${error.expected}; ${error.found}`);

  test("an escalation to a stage that does not exist", () => {
    // stage-4 stays reachable through the strategic entry, so only the bad target is reported.
    assert.deepEqual(problem(dorset.replace("to: stage-4", "to: stage-9")), [
      "tracks.general.stages[2].outcomes[2].to: the id of a stage in this track; stage-9",
    ]);
  });

  test("a stage nothing leads to", () => {
    const text = dorset
      .replace("to: stage-4", "to: stage-1")
      .replace(
        "      - id: strategic\n        stage: stage-4\n        roles: [senior-leader]\n        description: Senior leaders who identify a strategic safeguarding concern raise it directly with their peers.\n",
        "",
      );
    assert.deepEqual(problem(text), [
      "tracks.general.stages[3]: a stage reachable from an entry or another stage's escalate outcome; stage-4, which nothing leads to",
    ]);
  });

  test("an undeclared role, category and setting", () => {
    const text = dorset
      .replace(
        "- { side: receiving, role: head-of-service }",
        "- { side: receiving, role: chief-constable }",
      )
      .replace(
        "workingDays: 12\n          counting: day-one\n          from: raised\n",
        "setting: stage-four-days\n",
      );
    const problems = problem(text);
    assert.ok(
      problems.includes(
        'tracks.general.stages[2].actors[1].role: a role declared under roles; "chief-constable"',
      ),
      problems.join("\n"),
    );
    assert.ok(
      problems.includes(
        "tracks.general.stages[3].deadline.setting: a setting declared under settings; stage-four-days",
      ),
      problems.join("\n"),
    );
  });

  test("a track that can never end", () => {
    const withoutEnds = dorset.replace(
      / {10}- \{ outcome: (resolve|close-with-disagreement)[^\n]*\n/g,
      "",
    );
    const last = withoutEnds.lastIndexOf("outcomes:\n") + "outcomes:\n".length;
    const text = `${withoutEnds.slice(0, last)}          - { outcome: escalate, to: stage-1 }\n${withoutEnds.slice(last)}`;
    assert.ok(
      problem(text).some((line) => line.includes("at least one stage that can end the escalation")),
    );
  });

  test("two default entries, a duplicated stage id, and day one with zero days", () => {
    const text = dorset
      .replace("        thematic: true\n", "        thematic: true\n        default: true\n")
      .replace("id: stage-2\n", "id: stage-1\n")
      .replace("workingDays: 3\n", "workingDays: 0\n");
    const problems = problem(text);
    assert.ok(
      problems.includes("tracks.general.entries: exactly one entry marked default: true; 2"),
      problems.join("\n"),
    );
    assert.ok(
      problems.includes("tracks.general.stages[1].id: a stage id not used before; stage-1"),
      problems.join("\n"),
    );
    assert.ok(
      problems.includes(
        "tracks.general.stages[0].deadline.workingDays: at least 1 working day when counting from day one; 0",
      ),
      problems.join("\n"),
    );
  });

  test("evidence asked for at a stage that cannot escalate", () => {
    const text = dorset.replace(
      "        partnershipOversight: true\n        notifyOnEntry:\n          - role: partnership-business-team\n            note: The agency's stage 4",
      "        partnershipOversight: true\n        evidenceToEscalate: Something\n        notifyOnEntry:\n          - role: partnership-business-team\n            note: The agency's stage 4",
    );
    assert.deepEqual(problem(text), [
      "tracks.general.stages[3].evidenceToEscalate: an escalate outcome to ask evidence for; none",
    ]);
  });
});
