import type { FigureCount, FigureName } from "../../../db/figures.ts";
import { formatMonth } from "../../../engine/calendar/index.ts";
import { londonDate } from "../../../engine/calendar/instant.ts";
import type { Status } from "../../../engine/escalation/index.ts";
import { SMALLEST_SHOWN, shownCount } from "../../../engine/policy/index.ts";
import type { Procedure } from "../../../engine/procedure/schema.ts";
import { formatCount } from "../../forms/index.ts";
import { STATUSES } from "../../presenters/escalation-row.ts";

// The partnership's figures in the procedure's words and order, each count shown as the policy
// allows (src/engine/policy/figures.ts): small ones hidden, the rest rounded.

/** The months of "raised per month": this one and the eleven before it. */
export const MONTHS_SHOWN = 12;

type Cell = { text: string; format?: "numeric" };
/** A row of a GOV.UK table: its name, then its counts. */
export type FigureRow = [Cell, ...Cell[]];

export interface FigureTable {
  caption: string;
  head: Cell[];
  rows: FigureRow[];
}

/** A count in words: "Fewer than 5", or the rounded number. */
function shown(count: number): string {
  const rounded = shownCount(count);
  return rounded === null ? `Fewer than ${SMALLEST_SHOWN}` : formatCount(rounded);
}

const numeric = (count: number): Cell => ({ text: shown(count), format: "numeric" });

/** The counts of one figure by key, with the keys in the order first seen. */
function byKey(counts: readonly FigureCount[], figure: FigureName): Map<string, number> {
  return new Map(counts.filter((row) => row.figure === figure).map((row) => [row.key, row.count]));
}

const total = (counts: ReadonlyMap<string, number>) =>
  [...counts.values()].reduce((sum, count) => sum + count, 0);

/**
 * Keys in the procedure's order, then any the procedure no longer has (an escalation keeps the
 * procedure version it was raised under) in the order the counts give them.
 */
function inOrder(known: readonly string[], ...counted: ReadonlyMap<string, number>[]): string[] {
  const extra = counted
    .flatMap((counts) => [...counts.keys()])
    .filter((key) => !known.includes(key));
  return [...known, ...new Set(extra)];
}

/** Running and closed, by stage: a table for each track that has any escalation. */
function stageTables(
  procedure: Procedure,
  running: ReadonlyMap<string, number>,
  closed: ReadonlyMap<string, number>,
): FigureTable[] {
  const tracks = Object.entries(procedure.tracks);
  const keys = inOrder(
    tracks.flatMap(([track, definition]) =>
      definition.stages.map((stage) => `${track}/${stage.id}`),
    ),
    running,
    closed,
  );
  const trackOf = (key: string) => key.slice(0, key.indexOf("/"));
  const trackIds = [...new Set(keys.map(trackOf))];
  return trackIds
    .filter(
      (track) =>
        tracks.length === 1 ||
        keys.some((key) => trackOf(key) === track && (running.has(key) || closed.has(key))),
    )
    .map((track) => {
      const definition = procedure.tracks[track];
      return {
        caption: tracks.length === 1 ? "By stage" : `By stage: ${definition?.name ?? track}`,
        head: [{ text: "Stage" }, ...runningAndClosedHead],
        rows: keys
          .filter((key) => trackOf(key) === track)
          .map((key): FigureRow => {
            const stage = key.slice(track.length + 1);
            const name = definition?.stages.find((each) => each.id === stage)?.name ?? stage;
            return [{ text: name }, numeric(running.get(key) ?? 0), numeric(closed.get(key) ?? 0)];
          }),
      };
    });
}

const runningAndClosedHead: Cell[] = [
  { text: "Running", format: "numeric" },
  { text: "Closed", format: "numeric" },
];

/** The twelve months up to and including this one (UK time), oldest first, as YYYY-MM. */
function recentMonths(now: string): string[] {
  const [year, month] = londonDate(now).split("-").map(Number) as [number, number];
  return Array.from({ length: MONTHS_SHOWN }, (_, index) => {
    const back = year * 12 + (month - 1) - (MONTHS_SHOWN - 1 - index);
    return `${Math.floor(back / 12)}-${String((back % 12) + 1).padStart(2, "0")}`;
  });
}

/** The page's context: `partnership` names it, `procedure` orders and names the stages and categories. */
export function presentFigures(
  counts: readonly FigureCount[],
  partnership: string,
  procedure: Procedure,
  now: string,
) {
  const stageRunning = byKey(counts, "stage-running");
  const stageClosed = byKey(counts, "stage-closed");
  const categoryRunning = byKey(counts, "category-running");
  const categoryClosed = byKey(counts, "category-closed");
  const statuses = byKey(counts, "status");
  const raised = byKey(counts, "raised");
  const categoryNames = new Map(
    procedure.categories.map((category) => [category.id, category.name]),
  );
  return {
    partnership,
    summary: [
      { key: "Running", value: shown(total(stageRunning)) },
      { key: "Closed", value: shown(total(stageClosed)) },
      { key: "Overdue now", value: shown(byKey(counts, "overdue").get("") ?? 0) },
    ],
    stages: stageTables(procedure, stageRunning, stageClosed),
    categories: {
      caption: "By category",
      head: [{ text: "Category" }, ...runningAndClosedHead],
      rows: inOrder([...categoryNames.keys()], categoryRunning, categoryClosed).map(
        (category): FigureRow => [
          { text: categoryNames.get(category) ?? category },
          numeric(categoryRunning.get(category) ?? 0),
          numeric(categoryClosed.get(category) ?? 0),
        ],
      ),
    } satisfies FigureTable,
    statuses: {
      caption: "By status",
      head: [{ text: "Status" }, { text: "Escalations", format: "numeric" }],
      rows: inOrder(Object.keys(STATUSES), statuses).map(
        (status): FigureRow => [
          { text: STATUSES[status as Status]?.text ?? status },
          numeric(statuses.get(status) ?? 0),
        ],
      ),
    } satisfies FigureTable,
    months: {
      caption: `Raised in the last ${MONTHS_SHOWN} months`,
      head: [{ text: "Month" }, { text: "Raised", format: "numeric" }],
      rows: recentMonths(now).map(
        (month): FigureRow => [{ text: formatMonth(month) }, numeric(raised.get(month) ?? 0)],
      ),
    } satisfies FigureTable,
  };
}
