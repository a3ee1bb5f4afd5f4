import type { FastifyInstance } from "fastify";
import {
  type ChildDetailViewFilter,
  listChildDetailViews,
  type ViewedPart,
} from "../../../db/child-detail-views.ts";
import { listAgencies, listPeople } from "../../../db/directory.ts";
import { formatInstant } from "../../../engine/calendar/index.ts";
import { londonDate } from "../../../engine/calendar/instant.ts";
import { FormReader, fieldsOf, single } from "../../forms/index.ts";
import type { WebServices } from "../../services.ts";
import type { FieldError } from "../../views/form-errors.ts";
import { adminNavigation, partnershipOf } from "./common.ts";

/** Views on one page of the record. */
export const VIEWS_PAGE_SIZE = 30;

const VIEWED_WORDS: Record<ViewedPart, string> = {
  escalation: "The escalation’s page",
  record: "The record for the child’s file",
};

/** An escalation reference: the partnership's 2 to 6 letters, the year, the number. */
const REFERENCE = /^[A-Z]{2,6}-\d{4}-\d{1,9}$/;
const REFERENCE_MAX = 40;

interface ViewsQuery {
  /** What the filter form shows back. */
  values: { reference: string; person: string };
  filter: ChildDetailViewFilter;
  before: number | undefined;
  errors: FieldError[];
}

/**
 * The filters as the query gives them. A reference that cannot be one, or a person who is not
 * one of the partnership's, is reported in the error summary and nothing is listed; a page
 * position that is not one of ours starts from the newest.
 */
function readViewsQuery(query: unknown, personIds: readonly string[], example: string): ViewsQuery {
  const form = new FormReader(query);
  const typed = form.text("reference", "the escalation’s reference", {
    required: false,
    max: REFERENCE_MAX,
  });
  const reference = typed.toUpperCase();
  if (reference !== "" && !REFERENCE.test(reference)) {
    form.add("reference", `Enter an escalation reference like ${example}`);
  }
  const person = form.choice("person", personIds, "Select a person from the list", {
    required: false,
  });
  const before = single(fieldsOf(query), "before");
  return {
    values: {
      reference: form.has("reference") ? form.raw("reference") : reference,
      person: form.raw("person"),
    },
    filter: {
      reference: reference === "" || form.has("reference") ? undefined : reference,
      personId: person ?? undefined,
    },
    before: typeof before === "string" && /^\d{1,15}$/.test(before) ? Number(before) : undefined,
    errors: form.errors,
  };
}

function viewsHref(filter: ChildDetailViewFilter, before?: number): string {
  const params = new URLSearchParams();
  if (filter.reference !== undefined) params.append("reference", filter.reference);
  if (filter.personId !== undefined) params.append("person", filter.personId);
  if (before !== undefined) params.append("before", String(before));
  const search = params.toString();
  return search === "" ? "/admin/views" : `/admin/views?${search}`;
}

/**
 * The record of who was shown a child's details, newest first: for administrators, who cannot
 * open the escalations themselves, so nothing here links to one.
 */
export async function viewRoutes(app: FastifyInstance, { services }: { services: WebServices }) {
  app.get("/admin/views", async (request, reply) => {
    const { partnership } = await partnershipOf(services, request);
    const [people, agencies] = await Promise.all([
      listPeople(services.db, partnership.id),
      listAgencies(services.db, partnership.id),
    ]);
    const agencyNames = new Map(agencies.map((agency) => [agency.id, agency.name]));
    const example = `${partnership.referencePrefix}-${londonDate(services.now()).slice(0, 4)}-0001`;
    const query = readViewsQuery(
      request.query,
      people.map((person) => person.id),
      example,
    );
    const page =
      query.errors.length > 0
        ? { rows: [], next: undefined }
        : await listChildDetailViews(services.db, partnership.id, query.filter, {
            before: query.before,
            size: VIEWS_PAGE_SIZE,
          });
    return reply.code(query.errors.length > 0 ? 400 : 200).render("admin/views.njk", {
      adminNavigation: adminNavigation(request.url),
      errors: query.errors,
      values: query.values,
      example,
      people: people.map((person) => ({
        value: person.id,
        text: `${person.name}, ${agencyNames.get(person.agencyId ?? "") ?? "no agency"}`,
      })),
      filtered: query.filter.reference !== undefined || query.filter.personId !== undefined,
      views: page.rows.map((view) => ({
        at: formatInstant(view.viewedAt),
        who: view.personName,
        agency: view.agencyName,
        reference: view.escalationReference,
        what: VIEWED_WORDS[view.viewed],
      })),
      newest: query.before === undefined ? null : viewsHref(query.filter),
      older: page.next === undefined ? null : viewsHref(query.filter, page.next),
    });
  });
}
