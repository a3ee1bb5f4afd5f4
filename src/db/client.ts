import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema.ts";

/** The same Drizzle API whichever PostgreSQL is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction, or the database itself where no transaction is needed. */
export type Executor = Parameters<Parameters<Database["transaction"]>[0]>[0] | Database;

export interface DatabaseHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /**
   * Applies every migration not yet applied. Safe to run on every start, and concurrently.
   * `folder` (tests of a migration) reads them from elsewhere, e.g. a copy stopping before it.
   */
  migrate(folder?: string): Promise<void>;
  /** True when the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { url: string; schema?: string; maxConnections?: number }
  | { dataDir: string }
  | { memory: true };

const migrationsFolder = fileURLToPath(new URL("./migrations/", import.meta.url));

/** Opens PostgreSQL when given a URL, else PGlite in a folder (or in memory, for tests). */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if ("url" in target) {
    // JIT compilation costs more than it saves on short queries like ours.
    const searchPath = target.schema === undefined ? "" : ` -c search_path=${target.schema}`;
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.maxConnections ?? 10,
      options: `-c jit=off${searchPath}`,
    });
    const db = drizzlePg(pool, { schema }) as unknown as Database;
    const migrationsSchema = target.schema ?? "drizzle";
    return {
      db,
      kind: "postgres",
      migrate: async (folder = migrationsFolder) => {
        // One instance migrates at a time; the others wait, then find nothing left to do.
        const client = await pool.connect();
        try {
          await client.query("SELECT pg_advisory_lock(hashtext('resolve-migrations'))");
          await migratePg(drizzlePg(client, { schema }), {
            migrationsFolder: folder,
            migrationsSchema,
          });
        } finally {
          await client.query("SELECT pg_advisory_unlock(hashtext('resolve-migrations'))");
          client.release();
        }
      },
      ping: () => answers(db),
      close: () => pool.end(),
    };
  }
  if ("dataDir" in target) mkdirSync(target.dataDir, { recursive: true });
  const client = "dataDir" in target ? new PGlite(target.dataDir) : new PGlite();
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    migrate: (folder = migrationsFolder) =>
      migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: folder }),
    ping: () => answers(db),
    close: () => client.close(),
  };
}

async function answers(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
