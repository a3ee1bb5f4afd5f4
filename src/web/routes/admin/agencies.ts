import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { addAgency, changeAgency, setAgencyActive } from "../../../app/admin/agencies.ts";
import { findAgency, peopleByAgency } from "../../../db/administration.ts";
import { type Agency, listAgencies } from "../../../db/directory.ts";
import { SECTORS } from "../../../db/schema.ts";
import { echo, FormReader, fieldsOf } from "../../forms/index.ts";
import { HttpError } from "../../http-error.ts";
import { signedIn } from "../../plugins/sessions.ts";
import type { WebServices } from "../../services.ts";
import type { FieldError } from "../../views/form-errors.ts";
import {
  actorOf,
  adminNavigation,
  afterChange,
  doneMessage,
  readName,
  SECTOR_NAMES,
} from "./common.ts";

/** Agencies: the list, adding one, changing its name and sector, making it inactive or active again. */
export async function agencyRoutes(app: FastifyInstance, { services }: { services: WebServices }) {
  const sectors = SECTORS.map((value) => ({ value, text: SECTOR_NAMES[value] }));

  /** The partnership's agency named in the path, or 404. */
  const agencyIn = async (request: FastifyRequest): Promise<Agency> => {
    const { id } = request.params as { id: string };
    const agency = await findAgency(services.db, signedIn(request).partnershipId, id);
    if (agency === undefined) throw new HttpError(404, "no such agency in this partnership");
    return agency;
  };

  const renderForm = (
    reply: FastifyReply,
    form: { title: string; action: string; back: string; button: string },
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) =>
    reply.render("admin/agency-form.njk", {
      ...form,
      back: { href: form.back, text: "Back" },
      sectors,
      values,
      errors,
    });

  const read = (request: FastifyRequest) => {
    const form = new FormReader(request.body);
    const name = readName(form, "name", "the agency’s name");
    const sector = form.choice("sector", SECTORS, "Select the agency’s sector");
    return { form, details: sector === null ? null : { name, sector } };
  };

  app.get("/admin/agencies", async (request, reply) => {
    const { partnershipId } = signedIn(request);
    const agencies = await listAgencies(services.db, partnershipId);
    const counts = await peopleByAgency(services.db, partnershipId);
    return reply.render("admin/agencies.njk", {
      adminNavigation: adminNavigation(request.url),
      success: doneMessage(request.query),
      agencies: agencies.map((agency) => ({
        ...agency,
        sectorName: SECTOR_NAMES[agency.sector as keyof typeof SECTOR_NAMES] ?? agency.sector,
        people: counts.get(agency.id) ?? 0,
      })),
    });
  });

  const addForm = {
    title: "Add an agency",
    action: "/admin/agencies/add",
    back: "/admin/agencies",
    button: "Add agency",
  };
  app.get("/admin/agencies/add", async (_request, reply) => renderForm(reply, addForm, {}));
  app.post("/admin/agencies/add", async (request, reply) => {
    const { form, details } = read(request);
    const values = echo(fieldsOf(request.body));
    if (!form.ok || details === null)
      return renderForm(reply.code(400), addForm, values, form.errors);
    const outcome = await addAgency(services, actorOf(request), details);
    if (!outcome.ok) return renderForm(reply.code(400), addForm, values, [outcome.refusal]);
    return afterChange(reply, `/admin/agencies/${outcome.id}`, "agency-added");
  });

  app.get("/admin/agencies/:id", async (request, reply) => {
    const agency = await agencyIn(request);
    const counts = await peopleByAgency(services.db, agency.partnershipId);
    return reply.render("admin/agency.njk", {
      adminNavigation: adminNavigation(request.url),
      success: doneMessage(request.query),
      back: { href: "/admin/agencies", text: "All agencies" },
      agency: {
        ...agency,
        sectorName: SECTOR_NAMES[agency.sector as keyof typeof SECTOR_NAMES] ?? agency.sector,
        people: counts.get(agency.id) ?? 0,
      },
    });
  });

  const changeForm = (agency: Agency) => ({
    title: `Change ${agency.name}`,
    action: `/admin/agencies/${agency.id}/change`,
    back: `/admin/agencies/${agency.id}`,
    button: "Save changes",
  });
  app.get("/admin/agencies/:id/change", async (request, reply) => {
    const agency = await agencyIn(request);
    return renderForm(reply, changeForm(agency), { name: agency.name, sector: agency.sector });
  });
  app.post("/admin/agencies/:id/change", async (request, reply) => {
    const agency = await agencyIn(request);
    const { form, details } = read(request);
    const values = echo(fieldsOf(request.body));
    if (!form.ok || details === null) {
      return renderForm(reply.code(400), changeForm(agency), values, form.errors);
    }
    const outcome = await changeAgency(services, actorOf(request), agency.id, details);
    if (!outcome.ok)
      return renderForm(reply.code(400), changeForm(agency), values, [outcome.refusal]);
    return afterChange(reply, `/admin/agencies/${agency.id}`, "agency-changed");
  });

  for (const [path, active] of [
    ["deactivate", false],
    ["reactivate", true],
  ] as const) {
    app.post(`/admin/agencies/:id/${path}`, async (request, reply) => {
      const agency = await agencyIn(request);
      const outcome = await setAgencyActive(services, actorOf(request), agency.id, active);
      if (!outcome.ok) throw new HttpError(404, outcome.refusal.message);
      return afterChange(
        reply,
        `/admin/agencies/${agency.id}`,
        active ? "agency-reactivated" : "agency-deactivated",
      );
    });
  }
}
