import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { addHoliday, HOLIDAY_TITLE_MAX, removeHoliday } from "../../../app/admin/holidays.ts";
import { calendarOf } from "../../../app/procedures.ts";
import type { Partnership } from "../../../db/directory.ts";
import { formatDate, type Nation } from "../../../engine/calendar/index.ts";
import { dateInputView, echo, FormReader, fieldsOf } from "../../forms/index.ts";
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

// Extra bank holidays: days the partnership adds to its nation's, such as a one-off bank holiday
// announced after Resolve's bank-holiday data was shipped. Adding or removing one moves the
// deadlines still running (src/app/admin/holidays.ts).

const PATH = "/admin/settings/holidays";

/** The page: the days added, the nation's own coming up, and the form to add one. */
async function render(
  services: WebServices,
  reply: FastifyReply,
  partnership: Partnership,
  page: { values: Record<string, unknown>; errors: FieldError[]; success: string | null },
) {
  const calendar = calendarOf(partnership);
  const today = calendar.localDate(services.now());
  const year = Number(today.slice(0, 4));
  const known = [...calendar.bankHolidays(year), ...calendar.bankHolidays(year + 1)].filter(
    (day) => day.date >= today && day.source !== "added",
  );
  return reply.render("admin/settings-holidays.njk", {
    title: "Extra bank holidays",
    adminNavigation: adminNavigation(PATH),
    back: { href: "/admin/settings", text: "Back to settings" },
    nationName: NATION_NAMES[partnership.nation as Nation] ?? partnership.nation,
    added: partnership.addedHolidays.map((day) => ({
      date: day.date,
      when: formatDate(day.date),
      title: day.title,
      past: day.date < today,
    })),
    known: known.map((day) => ({ when: formatDate(day.date), title: day.title })),
    titleMax: HOLIDAY_TITLE_MAX,
    date: dateInputView("date", fieldsOf(page.values), page.errors),
    ...page,
  });
}

/** The days added, for the settings page's summary: "Mon 8 May 2028 (Coronation)", or "None". */
export function addedHolidaysText(partnership: Partnership): string {
  if (partnership.addedHolidays.length === 0) return "None";
  return partnership.addedHolidays
    .map((day) => `${formatDate(day.date)} (${day.title})`)
    .join(", ");
}

export async function holidayRoutes(app: FastifyInstance, { services }: { services: WebServices }) {
  app.get(PATH, async (request, reply) => {
    const { partnership } = await partnershipOf(services, request);
    return render(services, reply, partnership, {
      values: {},
      errors: [],
      success: doneMessage(request.query),
    });
  });

  app.post(PATH, async (request: FastifyRequest, reply) => {
    const { partnership } = await partnershipOf(services, request);
    const values = echo(fieldsOf(request.body));
    const today = calendarOf(partnership).localDate(services.now());
    const form = new FormReader(request.body, { today });
    const date = form.date("date", "the date of the bank holiday", {
      bound: "today-or-future",
      named: "The date",
    });
    const title = form.text("title", "the name of the bank holiday", {
      max: HOLIDAY_TITLE_MAX,
      named: "The name",
    });
    const outcome =
      form.ok && date !== null
        ? await addHoliday(services, actorOf(request), { date, title })
        : null;
    if (outcome?.ok === true) return afterChange(reply, PATH, "holiday-added");
    const errors = outcome === null ? form.errors : [outcome.refusal];
    return render(services, reply.code(400), partnership, { values, errors, success: null });
  });

  app.post(`${PATH}/remove`, async (request: FastifyRequest, reply) => {
    const form = new FormReader(request.body);
    const outcome = await removeHoliday(services, actorOf(request), form.raw("date"));
    if (outcome.ok) return afterChange(reply, PATH, "holiday-removed");
    const { partnership } = await partnershipOf(services, request);
    return render(services, reply.code(400), partnership, {
      values: {},
      errors: [outcome.refusal],
      success: null,
    });
  });
}
