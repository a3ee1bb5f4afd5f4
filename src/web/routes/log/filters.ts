import type { Agency } from "../../../db/directory.ts";
import {
  type Cursor,
  decodeCursor,
  encodeCursor,
  type LogFilter,
} from "../../../db/escalation-queries.ts";
import type { Procedure } from "../../../engine/procedure/schema.ts";
import { STATUSES } from "../../presenters/escalation-row.ts";

// The log's filters: the choices the partnership's procedure and agencies offer, and the
// querystring read strictly against them. Anything not offered is ignored and reported, never
// passed on, so a hand-made or tampered link shows the log, not an error.

export const FILTER_NAMES = ["stage", "agency", "category", "status", "overdue"] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

/** What each filter is called, in messages and above its chosen value. */
export const FILTER_LABELS: Record<FilterName, string> = {
  stage: "Stage",
  agency: "Agency",
  category: "Category",
  status: "Status",
  overdue: "Deadline",
};

/** The longest value any filter takes: longer ones are not looked at. */
const MAX_VALUE_LENGTH = 100;

export interface Choice {
  value: string;
  text: string;
}

export type FilterChoices = Record<FilterName, Choice[]>;

/** The values each filter offers, from the procedure (stages, categories) and the agencies. */
export function filterChoices(procedure: Procedure, agencies: readonly Agency[]): FilterChoices {
  return {
    stage: stageChoices(procedure),
    agency: agencies.map((agency) => ({
      value: agency.id,
      text: agency.active ? agency.name : `${agency.name} (no longer active)`,
    })),
    category: procedure.categories.map((category) => ({
      value: category.id,
      text: category.name,
    })),
    status: Object.entries(STATUSES).map(([value, status]) => ({ value, text: status.text })),
    overdue: [{ value: "yes", text: "Overdue" }],
  };
}

/**
 * One choice per stage id, across the procedure's tracks. The log filters on the stage id alone,
 * so where tracks share an id (Suffolk's stage-1 in each of its tracks) the one choice covers
 * them all, and says so.
 */
function stageChoices(procedure: Procedure): Choice[] {
  const tracks = Object.values(procedure.tracks);
  const names = new Map<string, { track: string; name: string }[]>();
  for (const track of tracks) {
    for (const stage of track.stages) {
      names.set(stage.id, [
        ...(names.get(stage.id) ?? []),
        { track: track.name, name: stage.name },
      ]);
    }
  }
  return [...names].map(([value, uses]) => {
    const distinct = [...new Set(uses.map((use) => use.name))];
    const [only] = distinct;
    if (distinct.length === 1 && only !== undefined) {
      // A stage of one track, in a procedure with several, says which kind of escalation it is.
      const text = tracks.length > 1 && uses.length === 1 ? `${only} (${uses[0]?.track})` : only;
      return { value, text };
    }
    const prefixes = new Set(distinct.map((name) => name.split(" – ")[0]));
    const [prefix] = prefixes;
    const text =
      prefixes.size === 1 && prefix !== undefined
        ? `${prefix}, any kind of escalation`
        : distinct.join(" or ");
    return { value, text };
  });
}

/** The log's querystring, read. */
export interface LogQuery {
  /** For the query. */
  filter: LogFilter;
  /** The accepted values, by filter name, for the form and for links. */
  values: Partial<Record<FilterName, string>>;
  after: Cursor | undefined;
  /** The filters whose values were not accepted and so were ignored. */
  ignored: FilterName[];
  /** True when `after` was given but is not a position in the log. */
  ignoredPage: boolean;
}

/** Reads the querystring strictly: a single known value per filter, or the filter is ignored. */
export function readLogQuery(query: unknown, choices: FilterChoices): LogQuery {
  const fields = (typeof query === "object" && query !== null ? query : {}) as Record<
    string,
    unknown
  >;
  const values: Partial<Record<FilterName, string>> = {};
  const ignored: FilterName[] = [];
  for (const name of FILTER_NAMES) {
    const raw = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (raw === undefined || raw === "") continue;
    const known =
      typeof raw === "string" &&
      raw.length <= MAX_VALUE_LENGTH &&
      choices[name].some((choice) => choice.value === raw);
    if (known) values[name] = raw;
    else ignored.push(name);
  }
  const rawAfter = Object.hasOwn(fields, "after") ? fields.after : undefined;
  const after = typeof rawAfter === "string" ? decodeCursor(rawAfter) : undefined;
  return {
    filter: {
      stage: values.stage,
      agencyId: values.agency,
      category: values.category,
      status: values.status,
      overdue: values.overdue === "yes" ? true : undefined,
    },
    values,
    after,
    ignored,
    ignoredPage: rawAfter !== undefined && rawAfter !== "" && after === undefined,
  };
}

/** A link to the log with these filters, on the page after `after` (or the first page). */
export function logHref(
  values: Partial<Record<FilterName, string>>,
  after?: Cursor | undefined,
): string {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = values[name];
    if (value !== undefined) params.append(name, value);
  }
  if (after !== undefined) params.append("after", encodeCursor(after));
  const search = params.toString();
  return search === "" ? "/log" : `/log?${search}`;
}
