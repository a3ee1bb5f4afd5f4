import { sql } from "drizzle-orm";
import type { Executor } from "./client.ts";

// The partnership team's figures: counts over all the acting partnership's escalations, from a
// function that runs with its owner's rights and returns nothing but counts
// (src/db/migrations/0009_partnership-figures.sql).

export type FigureName =
  | "status"
  | "stage-running"
  | "stage-closed"
  | "category-running"
  | "category-closed"
  | "overdue"
  | "raised";

/** One count: e.g. { figure: "stage-running", key: "standard/stage-1", count: 3 }. */
export interface FigureCount {
  figure: FigureName;
  /** A status, "track/stage", a category id, a month (YYYY-MM), or "" for overdue. */
  key: string;
  count: number;
}

/**
 * The counts for the partnership the transaction acts for (see actAs): call it inside one, as
 * the person asking. `asOf` (ISO 8601) is now, for what is overdue.
 */
export async function partnershipFigures(tx: Executor, asOf: string): Promise<FigureCount[]> {
  const result = await tx.execute(
    sql`select figure, key, count from resolve_partnership_figures(${asOf}::timestamptz)`,
  );
  const rows = (
    result as unknown as { rows: { figure: FigureName; key: string; count: unknown }[] }
  ).rows;
  // PGlite gives bigint counts as numbers, node-postgres as strings.
  return rows.map((row) => ({ figure: row.figure, key: row.key, count: Number(row.count) }));
}
