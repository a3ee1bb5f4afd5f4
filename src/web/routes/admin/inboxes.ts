import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  addInbox,
  findInbox,
  inboxCandidates,
  removeInbox,
  renameInbox,
  setInboxMembers,
} from "../../../app/admin/inboxes.ts";
import { listInboxes } from "../../../db/administration.ts";
import { listAgencies } from "../../../db/directory.ts";
import type { Procedure } from "../../../engine/procedure/schema.ts";
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
  partnershipOf,
  readName,
  roleName,
} from "./common.ts";

/** The roles an inbox can be for: the procedure's roles held within agencies. */
const inboxRoles = (procedure: Procedure) =>
  procedure.roles
    .filter((role) => role.level === "agency")
    .map((role) => ({ value: role.id, text: role.name }));

/** Role inboxes: the list, adding one, renaming it, and choosing who works it. */
export async function inboxRoutes(app: FastifyInstance, { services }: { services: WebServices }) {
  const inboxIn = async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    const inbox = await findInbox(services.db, signedIn(request).partnershipId, id);
    if (inbox === undefined) throw new HttpError(404, "no such inbox in this partnership");
    return inbox;
  };

  app.get("/admin/inboxes", async (request, reply) => {
    const { partnership, procedure } = await partnershipOf(services, request);
    const inboxes = await listInboxes(services.db, partnership.id);
    return reply.render("admin/inboxes.njk", {
      adminNavigation: adminNavigation(request.url),
      success: doneMessage(request.query),
      inboxes: inboxes.map((inbox) => ({ ...inbox, roleName: roleName(procedure, inbox.role) })),
    });
  });

  const addForm = {
    title: "Add a role inbox",
    action: "/admin/inboxes/add",
    back: { href: "/admin/inboxes", text: "Back" },
    button: "Add inbox",
  };
  const renderAdd = async (
    reply: FastifyReply,
    request: FastifyRequest,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) => {
    const { partnership, procedure } = await partnershipOf(services, request);
    const agencies = (await listAgencies(services.db, partnership.id)).filter((a) => a.active);
    return reply.render("admin/inbox-form.njk", {
      ...addForm,
      agencyChoices: agencies.map((agency) => ({ value: agency.id, text: agency.name })),
      roleChoices: inboxRoles(procedure),
      values,
      errors,
    });
  };
  app.get("/admin/inboxes/add", async (request, reply) => renderAdd(reply, request, {}));
  app.post("/admin/inboxes/add", async (request, reply) => {
    const { partnership, procedure } = await partnershipOf(services, request);
    const agencies = (await listAgencies(services.db, partnership.id)).filter((a) => a.active);
    const values = echo(fieldsOf(request.body));
    const form = new FormReader(request.body);
    const agencyId = form.choice(
      "agency",
      agencies.map((agency) => agency.id),
      "Select the agency the inbox is in",
    );
    const role = form.choice(
      "role",
      inboxRoles(procedure).map((choice) => choice.value),
      "Select the role whose work comes to the inbox",
    );
    const typed = readName(form, "name", "the inbox’s name", { required: false });
    if (!form.ok || agencyId === null || role === null) {
      return renderAdd(reply.code(400), request, values, form.errors);
    }
    const agencyName = agencies.find((agency) => agency.id === agencyId)?.name ?? "";
    const name = typed === "" ? `${roleName(procedure, role)}, ${agencyName}` : typed;
    const outcome = await addInbox(services, actorOf(request), { agencyId, role, name });
    if (!outcome.ok) return renderAdd(reply.code(400), request, values, [outcome.refusal]);
    return afterChange(reply, `/admin/inboxes/${outcome.id}/members`, "inbox-added");
  });

  app.get("/admin/inboxes/:id", async (request, reply) => {
    const inbox = await inboxIn(request);
    const { procedure } = await partnershipOf(services, request);
    return reply.render("admin/inbox.njk", {
      adminNavigation: adminNavigation(request.url),
      success: doneMessage(request.query),
      back: { href: "/admin/inboxes", text: "All role inboxes" },
      inbox: { ...inbox, roleName: roleName(procedure, inbox.role) },
    });
  });

  app.post("/admin/inboxes/:id/remove", async (request, reply) => {
    const inbox = await inboxIn(request);
    const outcome = await removeInbox(services, actorOf(request), inbox.id);
    if (!outcome.ok) throw new HttpError(404, outcome.refusal.message);
    return afterChange(reply, "/admin/inboxes", "inbox-removed");
  });

  const renderRename = (
    reply: FastifyReply,
    inbox: { id: string; name: string },
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) =>
    reply.render("admin/inbox-name-form.njk", {
      title: "Change the inbox’s name",
      action: `/admin/inboxes/${inbox.id}/change`,
      back: { href: `/admin/inboxes/${inbox.id}`, text: "Back" },
      button: "Save name",
      values,
      errors,
    });
  app.get("/admin/inboxes/:id/change", async (request, reply) => {
    const inbox = await inboxIn(request);
    return renderRename(reply, inbox, { name: inbox.name });
  });
  app.post("/admin/inboxes/:id/change", async (request, reply) => {
    const inbox = await inboxIn(request);
    const values = echo(fieldsOf(request.body));
    const form = new FormReader(request.body);
    const name = readName(form, "name", "the inbox’s name");
    if (!form.ok) return renderRename(reply.code(400), inbox, values, form.errors);
    const outcome = await renameInbox(services, actorOf(request), inbox.id, name);
    if (!outcome.ok) return renderRename(reply.code(400), inbox, values, [outcome.refusal]);
    return afterChange(reply, `/admin/inboxes/${inbox.id}`, "inbox-changed");
  });

  const renderMembers = async (
    reply: FastifyReply,
    inbox: Awaited<ReturnType<typeof inboxIn>>,
    chosen: readonly string[],
    errors: FieldError[] = [],
    success: string | null = null,
  ) => {
    const candidates = await inboxCandidates(services.db, inbox.partnershipId, inbox.agencyId);
    return reply.render("admin/inbox-members.njk", {
      title: `Who works ${inbox.name}?`,
      action: `/admin/inboxes/${inbox.id}/members`,
      back: { href: `/admin/inboxes/${inbox.id}`, text: "Back" },
      button: "Save members",
      inbox,
      success,
      candidates: candidates.map((person) => ({
        value: person.id,
        text: person.name,
        hint: person.jobTitle ?? undefined,
        checked: chosen.includes(person.id),
      })),
      errors,
    });
  };
  app.get("/admin/inboxes/:id/members", async (request, reply) => {
    const inbox = await inboxIn(request);
    return renderMembers(
      reply,
      inbox,
      inbox.members.map((member) => member.id),
      [],
      doneMessage(request.query),
    );
  });
  app.post("/admin/inboxes/:id/members", async (request, reply) => {
    const inbox = await inboxIn(request);
    const candidates = await inboxCandidates(services.db, inbox.partnershipId, inbox.agencyId);
    const form = new FormReader(request.body);
    const members = form.choices(
      "members",
      candidates.map((person) => person.id),
      `Select people who work for ${inbox.agencyName}`,
      { required: false },
    );
    if (!form.ok) return renderMembers(reply.code(400), inbox, [], form.errors);
    const outcome = await setInboxMembers(services, actorOf(request), inbox.id, members);
    if (!outcome.ok) return renderMembers(reply.code(400), inbox, members, [outcome.refusal]);
    return afterChange(reply, `/admin/inboxes/${inbox.id}`, "inbox-changed");
  });
}
