import { NATIONS, type OfficialHolidays } from "../engine/calendar/index.ts";
import { type DefinitionError, formatDefinitionError } from "../engine/procedure/load.ts";
import type { Procedure } from "../engine/procedure/schema.ts";

export interface EngineStatus {
  /** What to print on standard output. */
  lines: string[];
  /** Definition errors, formatted; any at all means the status is a failure. */
  errors: string[];
}

/** What `npm start` reports before it serves: the procedures and calendar data loaded. */
export function engineStatus(
  library: { procedures: ReadonlyMap<string, Procedure>; errors: readonly DefinitionError[] },
  official: OfficialHolidays,
): EngineStatus {
  const procedures = [...library.procedures.values()];
  const lines = [`Resolve engine: ${procedures.length} procedure(s) loaded from procedures/`];
  for (const procedure of procedures) {
    const tracks = Object.keys(procedure.tracks).join(", ");
    lines.push(
      `  ${procedure.id} ${procedure.version} – ${procedure.partnership} (tracks: ${tracks})`,
    );
  }
  lines.push("Official bank holidays (data/bank-holidays.json); other years are computed by rule:");
  for (const nation of NATIONS)
    lines.push(`  ${nation}: ${describeYears(officialYears(official, nation))}`);
  return { lines, errors: library.errors.map(formatDefinitionError) };
}

function officialYears(official: OfficialHolidays, nation: string): number[] {
  const division = Object.hasOwn(official, nation) ? official[nation] : undefined;
  const years = new Set((division?.events ?? []).map((event) => Number(event.date.slice(0, 4))));
  return [...years].sort((a, b) => a - b);
}

/** [2018, 2019, 2020, 2023] → "2018–2020, 2023" */
export function describeYears(years: readonly number[]): string {
  if (years.length === 0) return "none (every year by rule)";
  const runs: string[] = [];
  let start = years[0] as number;
  let end = start;
  for (const year of [...years.slice(1), Number.NaN]) {
    if (year === end + 1) {
      end = year;
      continue;
    }
    runs.push(start === end ? `${start}` : `${start}–${end}`);
    start = year;
    end = year;
  }
  return runs.join(", ");
}
