import type { FastifyInstance } from "fastify";
import { escalationLog } from "../../../db/escalation-queries.ts";
import { readAs } from "../../../db/visibility.ts";
import { requireSignIn, signedInAccess } from "../../plugins/sessions.ts";
import { listInWords, listSetting, presentForSetting } from "../../presenters/escalation-row.ts";
import type { WebServices } from "../../services.ts";
import { FILTER_LABELS, FILTER_NAMES, filterChoices, logHref, readLogQuery } from "./filters.ts";

/** Escalations on one page of the log. */
export const LOG_PAGE_SIZE = 25;

/** The log: every escalation the person may see, filtered and paginated. */
export async function logRoutes(app: FastifyInstance, { services }: { services: WebServices }) {
  app.get("/log", { preHandler: requireSignIn }, async (request, reply) => {
    const setting = listSetting(services, signedInAccess(request));
    const choices = filterChoices(setting.procedure, setting.agencies);
    const query = readLogQuery(request.query, choices);
    // The filter form sends every field, chosen or not: tidy "?stage=&agency=…" into a link
    // worth sharing, unless there is a problem with it to report.
    if (hasEmptyFields(request.query) && query.ignored.length === 0 && !query.ignoredPage) {
      return reply.redirect(logHref(query.values, query.after), 303);
    }
    const page = await readAs(services.db, setting.viewer, (tx) =>
      escalationLog(tx, setting.viewer, query.filter, setting.now, {
        after: query.after,
        size: LOG_PAGE_SIZE,
      }),
    );
    const escalations = await presentForSetting(page.rows, setting, services.procedures);

    // The chosen filters, each with a link that takes it away (MoJ filter's selected filters).
    const selected = FILTER_NAMES.flatMap((name) => {
      const value = query.values[name];
      const choice = choices[name].find((candidate) => candidate.value === value);
      if (choice === undefined) return [];
      const { [name]: _removed, ...others } = query.values;
      return [{ filter: FILTER_LABELS[name], text: choice.text, href: logHref(others) }];
    });

    return reply.render("log/log.njk", {
      procedure: setting.procedure,
      agency: setting.agency,
      routedStages: setting.routedStages,
      choices,
      values: query.values,
      selected,
      ignored: listInWords(query.ignored.map((name) => FILTER_LABELS[name].toLowerCase())),
      ignoredCount: query.ignored.length,
      ignoredPage: query.ignoredPage,
      escalations,
      firstPage: query.after === undefined ? null : logHref(query.values),
      nextPage: page.next === undefined ? null : logHref(query.values, page.next),
    });
  });
}

function hasEmptyFields(query: unknown): boolean {
  return typeof query === "object" && query !== null && Object.values(query).includes("");
}
