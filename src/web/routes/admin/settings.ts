import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  changeSettings,
  RETENTION_MAX_MONTHS,
  type SettingsChanges,
  TIMESCALE_MAX,
} from "../../../app/admin/settings.ts";
import { MAX_REMINDER_WORKING_DAYS, reminderText } from "../../../app/notifications/timing.ts";
import { registeredProcedures } from "../../../db/administration.ts";
import type { Partnership } from "../../../db/directory.ts";
import { NATIONS, type Nation } from "../../../engine/calendar/index.ts";
import type { Procedure } from "../../../engine/procedure/schema.ts";
import { echo, FormReader, fieldsOf, timeInputView } from "../../forms/index.ts";
import type { WebServices } from "../../services.ts";
import type { FieldError } from "../../views/form-errors.ts";
import {
  actorOf,
  adminNavigation,
  afterChange,
  doneMessage,
  NATION_NAMES,
  partnershipOf,
} from "./common.ts";
import { addedHolidaysText } from "./settings-holidays.ts";

type Setting = NonNullable<Procedure["settings"]>[number];
const unit = (setting: Setting) => (setting.rule === "hours-after" ? "hours" : "working days");

/** Reads a whole number typed in a box, from `min` to `max`, or null when it is left empty. */
function wholeNumber(
  form: FormReader,
  name: string,
  what: string,
  range: { min: number; max: number; required: boolean },
): number | null {
  const text = form.text(name, what, { required: range.required, max: 100 });
  if (text === "") return null;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= range.min && value <= range.max)) {
    form.add(name, `Enter a whole number from ${range.min} to ${range.max}`);
    return null;
  }
  return value;
}

interface SettingsForm {
  slug: string;
  title: string;
  button: string;
  /** The form's values from the partnership as it is. */
  initial(partnership: Partnership, procedure: Procedure): Record<string, unknown>;
  /** What else the template needs. */
  context(services: WebServices, procedure: Procedure): Promise<Record<string, unknown>>;
  /** The changes posted, or null with the reader's errors. */
  read(
    form: FormReader,
    services: WebServices,
    procedure: Procedure,
  ): Promise<SettingsChanges | null>;
}

const procedureValue = (id: string, version: string) => `${id}@${version}`;

const FORMS: SettingsForm[] = [
  {
    slug: "procedure",
    title: "Change the procedure",
    button: "Save procedure",
    initial: (partnership) => ({
      procedure: procedureValue(partnership.procedureId, partnership.procedureVersion),
    }),
    context: async (services) => ({
      procedures: (await registeredProcedures(services.db)).map((each) => ({
        value: procedureValue(each.procedureId, each.version),
        text: `${each.partnership}, version ${each.version}`,
        hint: { text: each.title },
      })),
    }),
    async read(form, services) {
      const known = await registeredProcedures(services.db);
      const chosen = form.choice(
        "procedure",
        known.map((each) => procedureValue(each.procedureId, each.version)),
        "Select the procedure new escalations are raised under",
      );
      const match = known.find((each) => procedureValue(each.procedureId, each.version) === chosen);
      return match === undefined
        ? null
        : { procedure: { id: match.procedureId, version: match.version } };
    },
  },
  {
    slug: "calendar",
    title: "Change the working-day calendar",
    button: "Save calendar",
    initial: (partnership) => {
      const [hour = "", minute = ""] = (partnership.closeOfBusiness ?? "").split(":");
      return {
        nation: partnership.nation,
        "closeOfBusiness-hour": hour,
        "closeOfBusiness-minute": minute,
      };
    },
    context: async () => ({
      nations: NATIONS.map((value) => ({ value, text: NATION_NAMES[value] })),
    }),
    async read(form) {
      const nation = form.choice(
        "nation",
        NATIONS,
        "Select the nation whose bank holidays the partnership keeps",
      );
      const closeOfBusiness = form.time("closeOfBusiness", "the close of business", {
        required: false,
        named: "Close of business",
      });
      return nation === null || !form.ok ? null : { nation, closeOfBusiness };
    },
  },
  {
    slug: "retention",
    title: "Change how long closed escalations are kept",
    button: "Save",
    initial: (partnership) => ({ retentionMonths: String(partnership.retentionMonths) }),
    context: async () => ({ maxMonths: RETENTION_MAX_MONTHS }),
    async read(form) {
      const months = wholeNumber(form, "retentionMonths", "the number of months", {
        min: 1,
        max: RETENTION_MAX_MONTHS,
        required: true,
      });
      return months === null ? null : { retentionMonths: months };
    },
  },
  {
    slug: "reminders",
    title: "Change when deadline reminders are sent",
    button: "Save",
    initial: (partnership) => ({ reminderWorkingDays: String(partnership.reminderWorkingDays) }),
    context: async () => ({ maxDays: MAX_REMINDER_WORKING_DAYS }),
    async read(form) {
      const days = wholeNumber(form, "reminderWorkingDays", "the number of working days", {
        min: 0,
        max: MAX_REMINDER_WORKING_DAYS,
        required: true,
      });
      return days === null ? null : { reminderWorkingDays: days };
    },
  },
  {
    slug: "timescales",
    title: "Change the timescales the procedure leaves open",
    button: "Save timescales",
    initial: (partnership, procedure) => {
      const values = partnership.timescaleSettings as Record<string, number>;
      return Object.fromEntries(
        openSettings(procedure).map((setting) => [
          `timescale-${setting.id}`,
          values[setting.id] === undefined ? "" : String(values[setting.id]),
        ]),
      );
    },
    context: async (_services, procedure) => ({
      settings: openSettings(procedure).map((setting) => ({ ...setting, unit: unit(setting) })),
    }),
    async read(form, _services, procedure) {
      const timescales: Record<string, number | null> = {};
      for (const setting of openSettings(procedure)) {
        timescales[setting.id] = wholeNumber(
          form,
          `timescale-${setting.id}`,
          `the ${unit(setting)} for ${setting.name.toLowerCase()}`,
          { min: 0, max: TIMESCALE_MAX, required: false },
        );
      }
      return form.ok ? { timescales } : null;
    },
  },
];

/** The timescales the procedure leaves for the partnership to set. */
function openSettings(procedure: Procedure): Setting[] {
  return (procedure.settings ?? []).filter((setting) => setting.value === null);
}

/** Settings: the procedure, the calendar, retention, reminders and the procedure's open timescales. */
export async function settingsRoutes(
  app: FastifyInstance,
  { services }: { services: WebServices },
) {
  app.get("/admin/settings", async (request, reply) => {
    const { partnership, procedure } = await partnershipOf(services, request);
    const values = partnership.timescaleSettings as Record<string, number>;
    return reply.render("admin/settings.njk", {
      adminNavigation: adminNavigation(request.url),
      success: doneMessage(request.query),
      partnership,
      procedure,
      nationName: NATION_NAMES[partnership.nation as Nation] ?? partnership.nation,
      reminders: reminderText(partnership.reminderWorkingDays),
      addedHolidays: addedHolidaysText(partnership),
      timescales: openSettings(procedure).map((setting) => ({
        ...setting,
        text:
          values[setting.id] === undefined ? "Not set" : `${values[setting.id]} ${unit(setting)}`,
      })),
    });
  });

  for (const settingsForm of FORMS) {
    const path = `/admin/settings/${settingsForm.slug}`;
    const render = async (
      reply: FastifyReply,
      procedure: Procedure,
      values: Record<string, unknown>,
      errors: FieldError[] = [],
    ) =>
      reply.render(`admin/settings-${settingsForm.slug}.njk`, {
        title: settingsForm.title,
        action: path,
        back: { href: "/admin/settings", text: "Back" },
        button: settingsForm.button,
        closeOfBusiness: timeInputView("closeOfBusiness", fieldsOf(values), errors),
        ...(await settingsForm.context(services, procedure)),
        values,
        errors,
      });

    app.get(path, async (request: FastifyRequest, reply) => {
      const { partnership, procedure } = await partnershipOf(services, request);
      return render(reply, procedure, settingsForm.initial(partnership, procedure));
    });
    app.post(path, async (request: FastifyRequest, reply) => {
      const { procedure } = await partnershipOf(services, request);
      const values = echo(fieldsOf(request.body));
      const form = new FormReader(request.body);
      const changes = await settingsForm.read(form, services, procedure);
      if (changes === null) return render(reply.code(400), procedure, values, form.errors);
      const outcome = await changeSettings(services, actorOf(request), changes);
      if (!outcome.ok) return render(reply.code(400), procedure, values, [outcome.refusal]);
      return afterChange(reply, "/admin/settings", "settings-changed");
    });
  }
}
