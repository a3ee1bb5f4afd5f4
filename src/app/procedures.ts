import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import {
  type Calendar,
  createCalendar,
  NATIONS,
  type Nation,
  type OfficialHolidays,
} from "../engine/calendar/index.ts";
import { type DefinitionError, parseProcedure } from "../engine/procedure/load.ts";
import type { Procedure } from "../engine/procedure/schema.ts";
import { paths } from "./paths.ts";

/** Reads and checks one definition file. */
export function loadProcedureFile(
  file: string,
): { ok: true; procedure: Procedure } | { ok: false; errors: DefinitionError[] } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const found =
      error instanceof Error && "code" in error ? String(error.code) : "an unreadable file";
    return { ok: false, errors: [{ file, path: "", expected: "a readable YAML file", found }] };
  }
  return parseProcedure(text, file);
}

/** The definitions shipped in procedures/, by id; any that fail their checks are reported, not used. */
export function loadProcedureLibrary(directory = paths.procedures): {
  procedures: Map<string, Procedure>;
  errors: DefinitionError[];
} {
  const procedures = new Map<string, Procedure>();
  const errors: DefinitionError[] = [];
  const files = readdirSync(directory)
    .filter((name) => name.endsWith(".yaml"))
    .sort();
  for (const name of files) {
    const result = loadProcedureFile(join(directory, name));
    if (!result.ok) {
      errors.push(...result.errors);
    } else if (result.procedure.id !== basename(name, ".yaml")) {
      errors.push({
        file: name,
        path: "id",
        expected: `the file's name, ${basename(name, ".yaml")}`,
        found: result.procedure.id,
      });
    } else {
      procedures.set(result.procedure.id, result.procedure);
    }
  }
  return { procedures, errors };
}

let official: { text: string; holidays: OfficialHolidays } | undefined;

function shippedHolidays(): { text: string; holidays: OfficialHolidays } {
  if (official === undefined) {
    const text = readFileSync(paths.bankHolidays, "utf8");
    official = { text, holidays: JSON.parse(text) as OfficialHolidays };
  }
  return official;
}

/** The official GOV.UK bank holidays shipped in data/, read once. */
export function officialHolidays(): OfficialHolidays {
  return shippedHolidays().holidays;
}

/** A digest of the shipped bank holidays: when a release changes them, running deadlines move. */
export function officialHolidaysDigest(): string {
  return createHash("sha256").update(shippedHolidays().text).digest("hex");
}

const calendars = new Map<string, Calendar>();

/**
 * A working-day calendar: a nation's bank holidays, any days the partnership adds, and an
 * optional close of business. Built once for each such combination.
 */
export function calendarOf(settings: {
  nation: string;
  closeOfBusiness: string | null;
  addedHolidays?: readonly { date: string; title: string }[];
}): Calendar {
  if (!(NATIONS as readonly string[]).includes(settings.nation)) {
    throw new Error(`Unknown calendar nation "${settings.nation}"`);
  }
  const addedDays = settings.addedHolidays ?? [];
  const key = `${settings.nation}|${settings.closeOfBusiness ?? ""}|${JSON.stringify(addedDays)}`;
  let calendar = calendars.get(key);
  if (calendar === undefined) {
    // Each partnership's added days make a calendar of their own; keep the cache small.
    if (calendars.size >= 200) calendars.clear();
    calendar = createCalendar({
      nation: settings.nation as Nation,
      official: officialHolidays(),
      closeOfBusiness: settings.closeOfBusiness,
      addedDays,
    });
    calendars.set(key, calendar);
  }
  return calendar;
}

/** The working-day calendar a procedure's deadlines run on, as its definition sets it. */
export function calendarFor(procedure: Procedure): Calendar {
  return calendarOf(procedure.calendar);
}
