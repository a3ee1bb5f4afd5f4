import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import { paths } from "../app/paths.ts";
import { procedureJsonSchema } from "../engine/procedure/schema.ts";
import { run } from "./run.ts";

const fixtures = join(paths.root, "test/fixtures");
const scenario = (name: string) => join(fixtures, "scenarios", name);

async function resolve(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "resolve-")), name);
  writeFileSync(file, text);
  return file;
}

describe("resolve procedures", () => {
  test("list shows the five shipped procedures with their versions", async () => {
    const { code, stdout, stderr } = await resolve("procedures", "list");
    assert.equal(code, 0);
    assert.equal(stderr, "");
    assert.deepEqual(
      stdout.split("\n").map((line) => line.split("\t")[0]),
      ["city-and-hackney", "dorset", "northamptonshire", "sefton", "suffolk"],
    );
  });

  test("check passes every shipped definition", async () => {
    const files = ["city-and-hackney", "dorset", "northamptonshire", "sefton", "suffolk"].map(
      (id) => join(paths.procedures, `${id}.yaml`),
    );
    const { code, stdout } = await resolve("procedures", "check", ...files);
    assert.equal(code, 0);
    assert.equal(stdout.split("\n").length, 5);
  });

  test("check exits 1 naming the file, line, path, expected and found", async () => {
    const dorset = readFileSync(join(paths.procedures, "dorset.yaml"), "utf8");
    const file = tempFile("broken.yaml", dorset.replace("workingDays: 9", "workingDays: nine"));
    const { code, stderr } = await resolve("procedures", "check", file);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /broken\.yaml:\d+ tracks\.general\.stages\[2\]\.deadline\.workingDays: expected a whole number, found "nine"/,
    );
  });

  test("check of a missing file says so", async () => {
    const { code, stderr } = await resolve("procedures", "check", "/nonexistent/x.yaml");
    assert.equal(code, 1);
    assert.match(stderr, /expected a readable YAML file, found ENOENT/);
  });

  test("show describes stages, who acts and timescales in words", async () => {
    const { code, stdout } = await resolve("procedures", "show", "dorset");
    assert.equal(code, 0);
    assert.match(stdout, /stage-3: Stage 3 – heads of service/);
    assert.match(
      stdout,
      /Timescale: 9 working days, counting the day the escalation was first raised as day one/,
    );
    assert.match(stdout, /On entry, tell: Partnership business team/);
    assert.match(stdout, /Starts at stage-4, by Senior leader only/);
  });

  test("show of an unknown procedure exits 1", async () => {
    const { code, stderr } = await resolve("procedures", "show", "atlantis");
    assert.equal(code, 1);
    assert.match(stderr, /No procedure "atlantis"/);
  });

  test("the published JSON Schema is generated from the TypeBox schema and current", () => {
    const published = readFileSync(paths.schema, "utf8");
    assert.equal(
      published,
      `${JSON.stringify(procedureJsonSchema(), null, 2)}\n`,
      "schemas/procedure.schema.json is stale: run npm run schema",
    );
  });
});

describe("resolve simulate", () => {
  test("prints the contract's JSON for the Dorset example", async () => {
    const { code, stdout, stderr } = await resolve("simulate", scenario("dorset-christmas.json"));
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout);
    assert.deepEqual(result.procedure, { id: "dorset", version: "2.0-r1" });
    assert.deepEqual(result.stages[0], {
      stage: "stage-1",
      round: 1,
      enteredAt: "2024-12-20T09:30:00+00:00",
      leftAt: "2024-12-23T10:00:00+00:00",
      dueAt: "2024-12-24T23:59:59.999+00:00",
      dueDate: "2024-12-24",
      explanation: "due Tue 24 Dec 2024: day one Fri 20 Dec 2024",
    });
    assert.deepEqual(
      result.stages.map((stage: { dueDate: string }) => stage.dueDate),
      ["2024-12-24", "2024-12-31", "2025-01-06"],
    );
    assert.deepEqual(result.target, {
      dueAt: null,
      dueDate: null,
      explanation: "Professional difference has no whole-escalation target.",
    });
  });

  test("a sixth partnership is onboarded by a YAML file alone and simulated", async () => {
    const procedures = join(fixtures, "procedures");
    const listed = await resolve("--procedures", procedures, "procedures", "list");
    assert.match(listed.stdout, /^kingsmere\t1\.0\tKingsmere Safeguarding Children Partnership/);
    const { code, stdout, stderr } = await resolve(
      "--procedures",
      procedures,
      "simulate",
      scenario("kingsmere.json"),
    );
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout);
    // Northern Ireland calendar (St Patrick's Day, Mon 17 Mar 2025) and a 17:00 close of business.
    assert.deepEqual(
      result.stages.map((stage: { stage: string; round: number; dueAt: string }) => [
        stage.stage,
        stage.round,
        stage.dueAt,
      ]),
      [
        ["stage-1", 1, "2025-03-24T17:00:00.000+00:00"],
        ["stage-2", 1, "2025-03-27T09:00:00.000+00:00"],
        ["stage-2", 2, "2025-03-29T12:00:00.000+00:00"],
        ["stage-3", 1, "2025-04-10T17:00:00.000+01:00"],
      ],
    );
    assert.match(result.stages[0].explanation, /St Patrick’s Day\) excluded/);
    assert.equal(result.target.dueAt, "2025-04-14T17:00:00.000+01:00");
    assert.deepEqual(
      result.notifications.map((notice: { role: string; stage: string }) => [
        notice.stage,
        notice.role,
      ]),
      [["stage-3", "partnership-officer"]],
    );
  });

  test("a scenario the procedure does not allow exits 1 with the engine's reason on stderr only", async () => {
    const file = tempFile(
      "too-far.json",
      JSON.stringify({
        partnership: "dorset",
        raisedAt: "2025-03-03T09:00:00Z",
        startStage: "stage-4",
        steps: [{ at: "2025-03-04T09:00:00Z", action: "escalate" }],
      }),
    );
    const { code, stdout, stderr } = await resolve("simulate", file);
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.match(
      stderr,
      /Step 1 \(escalate at 2025-03-04T09:00:00Z\): Stage 4 – senior leaders is the last stage/,
    );
  });

  test("a repeating stage refuses rounds beyond its limit", async () => {
    const file = tempFile(
      "rounds.json",
      JSON.stringify({
        partnership: "kingsmere",
        raisedAt: "2025-03-14T10:00:00Z",
        steps: [
          { at: "2025-03-17T10:00:00Z", action: "escalate" },
          { at: "2025-03-18T10:00:00Z", action: "next-round" },
          { at: "2025-03-19T10:00:00Z", action: "next-round" },
        ],
      }),
    );
    const { code, stderr } = await resolve(
      "--procedures",
      join(fixtures, "procedures"),
      "simulate",
      file,
    );
    assert.equal(code, 1);
    assert.match(stderr, /Step 3 .*Stage 2 – team managers has at most 2 rounds/);
  });

  test("malformed, mistyped and out-of-order scenarios exit 1 with a message", async () => {
    const cases: [string, RegExp][] = [
      ["{ not json", /cannot read the scenario/],
      [JSON.stringify({ partnership: "dorset", steps: [] }), /raisedAt/],
      [
        JSON.stringify({
          partnership: "dorset",
          raisedAt: "2025-03-03T09:00:00Z",
          steps: [{ at: "2025-03-04T09:00:00Z", action: "explode" }],
        }),
        /steps\/0\/action/,
      ],
      [
        JSON.stringify({ partnership: "nowhere", raisedAt: "2025-03-03T09:00:00Z", steps: [] }),
        /no procedure "nowhere"/,
      ],
      [
        JSON.stringify({
          partnership: "dorset",
          raisedAt: "2025-03-03T09:00:00Z",
          steps: [{ at: "2025-03-01T09:00:00Z", action: "escalate" }],
        }),
        /in time order/,
      ],
      [
        JSON.stringify({ partnership: "dorset", raisedAt: "2025-02-30T09:00:00Z", steps: [] }),
        /real date and time|not a real time/,
      ],
      [
        JSON.stringify({
          partnership: "dorset",
          track: "conference-dissent",
          raisedAt: "2025-03-03T09:00:00Z",
          steps: [],
        }),
        /no track "conference-dissent"/,
      ],
    ];
    for (const [text, message] of cases) {
      const { code, stdout, stderr } = await resolve("simulate", tempFile("s.json", text));
      assert.equal(code, 1, text);
      assert.equal(stdout, "", text);
      assert.match(stderr, message, text);
    }
  });

  test("npx resolve simulate, as a process, writes only JSON to stdout", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      join(paths.root, "bin/resolve.js"),
      "simulate",
      scenario("dorset-christmas.json"),
    ]);
    assert.equal(JSON.parse(stdout).stages.length, 3);
  });

  test("an unknown command or option exits 2 with the usage", async () => {
    for (const args of [["frobnicate"], ["--bogus"], ["simulate"]]) {
      const { code, stderr } = await resolve(...args);
      assert.equal(code, 2, args.join(" "));
      assert.match(stderr, /Usage: resolve/);
    }
  });
});
