import { randomUUID } from "node:crypto";
import type { Config } from "../config.ts";
import { type DatabaseHandle, openDatabase } from "../db/client.ts";
import { formatDefinitionError } from "../engine/procedure/load.ts";
import type { Mailer } from "../notify/mailer.ts";
import { smtpMailer } from "../notify/smtp.ts";
import type { EscalationDeps } from "./escalations.ts";
import { procedureStore, registerProcedures } from "./procedure-registry.ts";
import { loadProcedureLibrary } from "./procedures.ts";

/** Everything the web service and the jobs use, built once at start from the configuration. */
export interface Services extends EscalationDeps {
  config: Config;
  database: DatabaseHandle;
  /** Sends emails; null when no mail is set up (see `unsentMailer`). */
  mailer: Mailer | null;
  /** True when the database answers. */
  ready(): Promise<boolean>;
}

/** Opens and migrates the database and records the shipped procedures. */
export async function createServices(config: Config): Promise<Services> {
  const library = loadProcedureLibrary();
  if (library.errors.length > 0) {
    throw new Error(
      `The procedure definitions have errors:\n  ${library.errors.map(formatDefinitionError).join("\n  ")}`,
    );
  }
  const database = await openDatabase(
    config.databaseUrl === null ? { dataDir: config.dataDir } : { url: config.databaseUrl },
  );
  await database.migrate();
  return servicesOn(database, config);
}

/** The services on a database that is already open and migrated (tests bring their own). */
export async function servicesOn(database: DatabaseHandle, config: Config): Promise<Services> {
  const library = loadProcedureLibrary();
  await registerProcedures(database.db, library.procedures.values());
  return {
    config,
    database,
    db: database.db,
    mailer: config.mail === null ? null : smtpMailer(config.mail),
    procedures: procedureStore(database.db),
    actingFor: "system",
    now: () => new Date().toISOString(),
    newId: randomUUID,
    ready: () => database.ping(),
  };
}
