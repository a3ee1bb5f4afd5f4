import { and, eq } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { canonicalJson } from "../db/escalation-store.ts";
import { procedureVersions } from "../db/schema.ts";
import type { Procedure } from "../engine/procedure/schema.ts";

export class ProcedureChangedError extends Error {}

/**
 * Records each shipped definition as a version. A definition that changed without a new version
 * would silently change the rules of open escalations, so it stops the start instead.
 */
export async function registerProcedures(
  db: Executor,
  procedures: Iterable<Procedure>,
): Promise<void> {
  for (const procedure of procedures) {
    const [existing] = await db
      .select({ definition: procedureVersions.definition })
      .from(procedureVersions)
      .where(
        and(
          eq(procedureVersions.procedureId, procedure.id),
          eq(procedureVersions.version, procedure.version),
        ),
      );
    if (existing === undefined) {
      await db
        .insert(procedureVersions)
        .values({ procedureId: procedure.id, version: procedure.version, definition: procedure })
        .onConflictDoNothing();
    } else if (canonicalJson(existing.definition) !== canonicalJson(procedure)) {
      throw new ProcedureChangedError(
        `procedures/${procedure.id}.yaml has changed but its version is still "${procedure.version}". Give it a new version: escalations already raised under ${procedure.version} keep those rules.`,
      );
    }
  }
}

/** Procedure versions by id and version, read once from the database and kept. */
export function procedureStore(db: Executor) {
  const cache = new Map<string, Procedure>();
  return async (id: string, version: string): Promise<Procedure> => {
    const key = `${id}@${version}`;
    const known = cache.get(key);
    if (known !== undefined) return known;
    const [row] = await db
      .select({ definition: procedureVersions.definition })
      .from(procedureVersions)
      .where(and(eq(procedureVersions.procedureId, id), eq(procedureVersions.version, version)));
    if (row === undefined) throw new Error(`Procedure ${id} version ${version} is not recorded`);
    const procedure = row.definition as Procedure;
    cache.set(key, procedure);
    return procedure;
  };
}

export type ProcedureStore = ReturnType<typeof procedureStore>;
