import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { OfficialHolidays } from "../engine/calendar/index.ts";
import type { DefinitionError } from "../engine/procedure/load.ts";
import type { Procedure } from "../engine/procedure/schema.ts";
import { describeYears, engineStatus } from "./status.ts";

const procedure = (id: string, version: string, tracks: string[]) =>
  ({
    id,
    version,
    partnership: `${id} partnership`,
    tracks: Object.fromEntries(tracks.map((track) => [track, {}])),
  }) as unknown as Procedure;

const official: OfficialHolidays = {
  "england-and-wales": {
    division: "england-and-wales",
    events: [
      { title: "New Year’s Day", date: "2018-01-01" },
      { title: "Christmas Day", date: "2018-12-25" },
      { title: "New Year’s Day", date: "2019-01-01" },
    ],
  },
  scotland: { division: "scotland", events: [{ title: "St Andrew’s Day", date: "2021-11-30" }] },
};

describe("engine status", () => {
  test("lists each procedure with its version, partnership and tracks, and the calendar years", () => {
    const status = engineStatus(
      {
        procedures: new Map([
          ["dorset", procedure("dorset", "2.0-r1", ["general"])],
          ["suffolk", procedure("suffolk", "2024-r1", ["general", "stop-and-review"])],
        ]),
        errors: [],
      },
      official,
    );
    assert.deepEqual(status.errors, []);
    assert.deepEqual(status.lines, [
      "Resolve engine: 2 procedure(s) loaded from procedures/",
      "  dorset 2.0-r1 – dorset partnership (tracks: general)",
      "  suffolk 2024-r1 – suffolk partnership (tracks: general, stop-and-review)",
      "Official bank holidays (data/bank-holidays.json); other years are computed by rule:",
      "  england-and-wales: 2018–2019",
      "  scotland: 2021",
      "  northern-ireland: none (every year by rule)",
    ]);
  });

  test("reports definition errors in the administrator's terms", () => {
    const error: DefinitionError = {
      file: "procedures/broken.yaml",
      path: "tracks.general.stages[0].deadline.workingDays",
      expected: "a whole number",
      found: '"three"',
      line: 12,
    };
    const status = engineStatus({ procedures: new Map(), errors: [error] }, official);
    assert.deepEqual(status.errors, [
      'procedures/broken.yaml:12 tracks.general.stages[0].deadline.workingDays: expected a whole number, found "three"',
    ]);
  });
});

describe("describing years", () => {
  test("joins runs of consecutive years", () => {
    assert.equal(describeYears([2018, 2019, 2020, 2023, 2025, 2026]), "2018–2020, 2023, 2025–2026");
    assert.equal(describeYears([2027]), "2027");
    assert.equal(describeYears([]), "none (every year by rule)");
  });
});
