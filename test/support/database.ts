import { randomUUID } from "node:crypto";
import pg from "pg";
import { type DatabaseHandle, openDatabase } from "../../src/db/client.ts";

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or — when DATABASE_URL is
 * set, as in CI's second run — a schema of its own on the real PostgreSQL, dropped on close.
 * `migrations` (a folder, for testing a migration) applies those instead of all of them.
 */
export async function testDatabase(options: { migrations?: string } = {}): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === "") {
    const handle = await openDatabase({ memory: true });
    await handle.migrate(options.migrations);
    return handle;
  }
  const schema = `test_${randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const handle = await openDatabase({ url, schema, maxConnections: 5 });
  await handle.migrate(options.migrations);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}
