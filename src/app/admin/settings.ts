import { registeredProcedures, updatePartnership } from "../../db/administration.ts";
import type { Executor } from "../../db/client.ts";
import { findPartnership, insertPartnership, type Partnership } from "../../db/directory.ts";
import { NATIONS, type Nation } from "../../engine/calendar/index.ts";
import { reprojectForCalendar } from "../calendar-changes.ts";
import { MAX_REMINDER_WORKING_DAYS } from "../notifications/timing.ts";
import {
  type Actor,
  type AdminDeps,
  changing,
  type Outcome,
  refuse,
  type Step,
} from "./changes.ts";

// The partnership's settings: the procedure new escalations are raised under, the calendar
// its deadlines are counted on, how long closed escalations are kept, how many working days
// before a deadline its reminder goes, and the values of the timescales the procedure leaves
// open. A new procedure applies to new escalations only: each escalation keeps the version it
// was raised under.

export const RETENTION_DEFAULT_MONTHS = 72;
export const RETENTION_MAX_MONTHS = 1200;
/** The most days or hours a procedure's open timescale may be set to (its schema's limit). */
export const TIMESCALE_MAX = 260;

export interface SettingsChanges {
  procedure?: { id: string; version: string };
  nation?: Nation;
  closeOfBusiness?: string | null;
  retentionMonths?: number;
  /** Working days before a deadline that its reminder goes (0: that morning). */
  reminderWorkingDays?: number;
  /** Values by setting id; null leaves a timescale unset. */
  timescales?: Record<string, number | null>;
}

const snapshot = (partnership: Partnership) => ({
  procedure: `${partnership.procedureId} ${partnership.procedureVersion}`,
  nation: partnership.nation,
  closeOfBusiness: partnership.closeOfBusiness,
  retentionMonths: partnership.retentionMonths,
  reminderWorkingDays: partnership.reminderWorkingDays,
  timescales: partnership.timescaleSettings,
});

function problem(changes: SettingsChanges): Outcome | null {
  if (changes.nation !== undefined && !NATIONS.includes(changes.nation)) {
    return refuse("nation", "Select the nation whose bank holidays the partnership keeps");
  }
  const close = changes.closeOfBusiness;
  if (close !== undefined && close !== null && !/^([01]\d|2[0-3]):[0-5]\d$/.test(close)) {
    return refuse("closeOfBusiness-hour", "Close of business must be a real time, like 17:00");
  }
  const months = changes.retentionMonths;
  if (
    months !== undefined &&
    !(Number.isInteger(months) && months >= 1 && months <= RETENTION_MAX_MONTHS)
  ) {
    return refuse(
      "retentionMonths",
      `Enter a whole number of months from 1 to ${RETENTION_MAX_MONTHS}`,
    );
  }
  const reminder = changes.reminderWorkingDays;
  if (
    reminder !== undefined &&
    !(Number.isInteger(reminder) && reminder >= 0 && reminder <= MAX_REMINDER_WORKING_DAYS)
  ) {
    return refuse(
      "reminderWorkingDays",
      `Enter a whole number of working days from 0 to ${MAX_REMINDER_WORKING_DAYS}`,
    );
  }
  for (const [id, value] of Object.entries(changes.timescales ?? {})) {
    if (value !== null && !(Number.isInteger(value) && value >= 0 && value <= TIMESCALE_MAX)) {
      return refuse(`timescale-${id}`, `Enter a whole number from 0 to ${TIMESCALE_MAX}`);
    }
  }
  return null;
}

export function changeSettings(
  deps: AdminDeps,
  actor: Actor,
  changes: SettingsChanges,
): Promise<Outcome> {
  return changing(deps, actor, async (tx) => {
    const partnership = await findPartnership(tx, actor.partnershipId);
    if (partnership === undefined)
      return { outcome: refuse("procedure", "The partnership could not be found") };
    const refused = problem(changes);
    if (refused !== null) return { outcome: refused };
    if (changes.procedure !== undefined) {
      const { id, version } = changes.procedure;
      const known = await registeredProcedures(tx);
      if (!known.some((each) => each.procedureId === id && each.version === version)) {
        return { outcome: refuse("procedure", "Select one of the procedures listed") };
      }
    }
    const columns = {
      ...(changes.procedure === undefined
        ? {}
        : { procedureId: changes.procedure.id, procedureVersion: changes.procedure.version }),
      ...(changes.nation === undefined ? {} : { nation: changes.nation }),
      ...(changes.closeOfBusiness === undefined
        ? {}
        : { closeOfBusiness: changes.closeOfBusiness }),
      ...(changes.retentionMonths === undefined
        ? {}
        : { retentionMonths: changes.retentionMonths }),
      ...(changes.reminderWorkingDays === undefined
        ? {}
        : { reminderWorkingDays: changes.reminderWorkingDays }),
      ...(changes.timescales === undefined
        ? {}
        : { timescaleSettings: timescalesAfter(partnership, changes.timescales) }),
    };
    await updatePartnership(tx, partnership.id, columns);
    // The calendar and the open timescales set the deadlines: those still running move with them.
    if (
      changes.nation !== undefined ||
      changes.closeOfBusiness !== undefined ||
      changes.timescales !== undefined
    ) {
      await reprojectForCalendar(tx, { ...partnership, ...columns });
    }
    return {
      outcome: { ok: true, id: partnership.id },
      change: {
        kind: "settings-changed",
        recordType: "partnership",
        recordId: partnership.id,
        before: snapshot(partnership),
        after: snapshot({ ...partnership, ...columns }),
      },
    };
  });
}

/** The timescale values after a change: those set to null are taken out (no due date). */
function timescalesAfter(
  partnership: Partnership,
  changes: Record<string, number | null>,
): Record<string, number> {
  const values = { ...(partnership.timescaleSettings as Record<string, number>), ...changes };
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, number] => entry[1] !== null),
  );
}

export interface NewPartnership {
  name: string;
  procedureId: string;
  referencePrefix: string;
}

/** Creates a partnership running the newest recorded version of a procedure, in a transaction holding the directory's lock. */
export async function createPartnershipIn(
  tx: Executor,
  deps: AdminDeps,
  details: NewPartnership,
): Promise<Step> {
  const versions = (await registeredProcedures(tx)).filter(
    (each) => each.procedureId === details.procedureId,
  );
  const newest = versions.at(-1);
  if (newest === undefined) {
    return { outcome: refuse("procedure", `There is no procedure "${details.procedureId}"`) };
  }
  const partnership = await insertPartnership(tx, {
    id: deps.newId(),
    name: details.name,
    procedureId: newest.procedureId,
    procedureVersion: newest.version,
    referencePrefix: details.referencePrefix,
  });
  return {
    outcome: { ok: true, id: partnership.id },
    change: {
      kind: "partnership-created",
      recordType: "partnership",
      recordId: partnership.id,
      before: null,
      after: { name: partnership.name, ...snapshot(partnership) },
    },
  };
}
