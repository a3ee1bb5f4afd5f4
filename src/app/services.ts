import { randomUUID } from "node:crypto";
import type { Config } from "../config.ts";
import { type DatabaseHandle, openDatabase } from "../db/client.ts";
import { formatDefinitionError } from "../engine/procedure/load.ts";
import { notifySender } from "../notify/gov-uk-notify.ts";
import type { Sender } from "../notify/sender.ts";
import { smtpSender } from "../notify/smtp.ts";
import { reprojectIfCalendarDataChanged } from "./calendar-changes.ts";
import type { EscalationDeps } from "./escalations.ts";
import { procedureStore, registerProcedures } from "./procedure-registry.ts";
import { loadProcedureLibrary } from "./procedures.ts";

/** Everything the web service and the jobs use, built once at start from the configuration. */
export interface Services extends EscalationDeps {
  config: Config;
  database: DatabaseHandle;
  /**
   * Sends emails, through GOV.UK Notify or SMTP as the settings say; null when neither is set
   * up, and messages stay in the outbox (see `unsentSender`).
   */
  sender: Sender | null;
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
  const services = await servicesOn(database, config);
  // A release may bring bank holidays announced since the last: running deadlines move with them.
  await reprojectIfCalendarDataChanged(services.db, services.now());
  return services;
}

/** The services on a database that is already open and migrated (tests bring their own). */
export async function servicesOn(database: DatabaseHandle, config: Config): Promise<Services> {
  const library = loadProcedureLibrary();
  await registerProcedures(database.db, library.procedures.values());
  return {
    config,
    database,
    db: database.db,
    sender: senderFor(config),
    procedures: procedureStore(database.db),
    actingFor: "system",
    now: () => new Date().toISOString(),
    newId: randomUUID,
    ready: () => database.ping(),
  };
}

/** The one way emails go, as the settings say: GOV.UK Notify, SMTP, or none. */
export function senderFor(config: Pick<Config, "notify" | "mail">): Sender | null {
  if (config.notify !== null) return notifySender(config.notify);
  if (config.mail !== null) return smtpSender(config.mail);
  return null;
}
