import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { addDelegation, removeDelegation } from "../../../app/admin/delegations.ts";
import {
  addPerson,
  changePerson,
  EMAIL_MAX_LENGTH,
  findPartnershipPerson,
  isEmailAddress,
  type PersonDetails,
  removeAuthenticator,
  setPersonActive,
} from "../../../app/admin/people.ts";
import {
  delegationsOf,
  listInboxes,
  type PeopleFilter,
  searchPeople,
} from "../../../db/administration.ts";
import { type Agency, listAgencies, type Person } from "../../../db/directory.ts";
import { findLocalAccount } from "../../../db/local-accounts.ts";
import { londonDate } from "../../../engine/calendar/instant.ts";
import type { Procedure } from "../../../engine/procedure/schema.ts";
import { echo, FormReader, fieldsOf, single } from "../../forms/index.ts";
import { HttpError } from "../../http-error.ts";
import { signedIn } from "../../plugins/sessions.ts";
import type { WebServices } from "../../services.ts";
import type { FieldError } from "../../views/form-errors.ts";
import {
  delegateChoices,
  delegationInputs,
  presentDelegations,
  readDelegation,
} from "../delegation/form.ts";
import {
  actorOf,
  adminNavigation,
  afterChange,
  doneMessage,
  pageNumber,
  pagination,
  partnershipOf,
  readName,
  roleChoices,
  roleName,
} from "./common.ts";

/** People on one page of the list. */
export const PEOPLE_PAGE_SIZE = 25;
/** The agency choice for people in no agency. */
const NO_AGENCY = "none";

const STATUS_CHOICES = [
  { value: "active", text: "Active" },
  { value: "inactive", text: "Deactivated" },
];

/** People: the list, filtered and paginated; adding; changing; deactivating; their delegates. */
export async function peopleRoutes(app: FastifyInstance, { services }: { services: WebServices }) {
  /** The partnership's person named in the path, or 404. */
  const personIn = async (request: FastifyRequest): Promise<Person> => {
    const { id } = request.params as { id: string };
    const person = await findPartnershipPerson(services.db, signedIn(request).partnershipId, id);
    if (person === undefined) throw new HttpError(404, "no such person in this partnership");
    return person;
  };

  const agencyChoices = (agencies: readonly Agency[], current: string | null = null) => [
    ...agencies
      .filter((agency) => agency.active || agency.id === current)
      .map((agency) => ({ value: agency.id, text: agency.name })),
    { value: NO_AGENCY, text: "Not in an agency (the partnership team, or independent)" },
  ];

  // ------------------------------------------------------------------------------------------
  // The list

  app.get("/admin/people", async (request, reply) => {
    const { partnership, procedure } = await partnershipOf(services, request);
    const agencies = await listAgencies(services.db, partnership.id);
    const choices = {
      agency: agencyChoices(agencies, null).concat(
        agencies
          .filter((a) => !a.active)
          .map((a) => ({ value: a.id, text: `${a.name} (inactive)` })),
      ),
      role: roleChoices(procedure).map(({ value, text }) => ({ value, text })),
      status: STATUS_CHOICES,
    };
    // Only values the filters offer are used; anything else in the link is ignored.
    const query = fieldsOf(request.query);
    const chosen = (name: keyof typeof choices) => {
      const value = single(query, name);
      return choices[name].some((choice) => choice.value === value) ? (value as string) : undefined;
    };
    const values = { agency: chosen("agency"), role: chosen("role"), status: chosen("status") };
    const filter: PeopleFilter = {
      agency: values.agency,
      role: values.role,
      active: values.status === undefined ? undefined : values.status === "active",
    };
    const page = pageNumber(request.query);
    const { rows, total } = await searchPeople(services.db, partnership.id, filter, {
      offset: (page - 1) * PEOPLE_PAGE_SIZE,
      limit: PEOPLE_PAGE_SIZE,
    });
    const names = new Map(agencies.map((agency) => [agency.id, agency.name]));
    const href = (n: number) => {
      const params = new URLSearchParams(
        Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      if (n > 1) params.set("page", String(n));
      const search = params.toString();
      return search === "" ? "/admin/people" : `/admin/people?${search}`;
    };
    return reply.render("admin/people.njk", {
      adminNavigation: adminNavigation(request.url),
      success: doneMessage(request.query),
      choices,
      values,
      filtered: Object.values(values).some((value) => value !== undefined),
      total,
      people: rows.map((person) => ({
        ...person,
        agencyName: person.agencyId === null ? "None" : (names.get(person.agencyId) ?? ""),
        roleNames: person.roles.map((role) => roleName(procedure, role)),
      })),
      pagination: pagination(total, page, PEOPLE_PAGE_SIZE, href, "Pages of people"),
    });
  });

  // ------------------------------------------------------------------------------------------
  // Adding and changing

  const renderForm = (
    reply: FastifyReply,
    form: { title: string; action: string; back: string; button: string },
    context: { agencies: readonly Agency[]; procedure: Procedure; current?: string | null },
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) =>
    reply.render("admin/person-form.njk", {
      ...form,
      back: { href: form.back, text: "Back" },
      agencyChoices: agencyChoices(context.agencies, context.current ?? null),
      roleChoices: roleChoices(context.procedure),
      values,
      errors,
    });

  const read = (
    request: FastifyRequest,
    agencies: readonly Agency[],
    procedure: Procedure,
    current: string | null,
  ): { errors: FieldError[]; details: PersonDetails | null } => {
    const form = new FormReader(request.body);
    const name = readName(form, "name", "their full name");
    const email = form.text("email", "their email address", {
      max: EMAIL_MAX_LENGTH,
      named: "Their email address",
    });
    if (email !== "" && !isEmailAddress(email)) {
      form.add("email", "Enter an email address in the correct format, like name@example.org");
    }
    const jobTitle = readName(form, "jobTitle", "their job title", { required: false });
    const agency = form.choice(
      "agency",
      agencyChoices(agencies, current).map((choice) => choice.value),
      "Select their agency, or not in an agency",
    );
    const roles = form.choices(
      "roles",
      roleChoices(procedure).map((choice) => choice.value),
      "Select at least one role",
    );
    if (!form.ok || agency === null) return { errors: form.errors, details: null };
    return {
      errors: [],
      details: {
        name,
        email,
        jobTitle: jobTitle === "" ? null : jobTitle,
        agencyId: agency === NO_AGENCY ? null : agency,
        roles,
      },
    };
  };

  const addForm = {
    title: "Add a person",
    action: "/admin/people/add",
    back: "/admin/people",
    button: "Add person",
  };
  app.get("/admin/people/add", async (request, reply) => {
    const { partnership, procedure } = await partnershipOf(services, request);
    const agencies = await listAgencies(services.db, partnership.id);
    return renderForm(reply, addForm, { agencies, procedure }, {});
  });
  app.post("/admin/people/add", async (request, reply) => {
    const { partnership, procedure } = await partnershipOf(services, request);
    const agencies = await listAgencies(services.db, partnership.id);
    const values = echo(fieldsOf(request.body));
    const { errors, details } = read(request, agencies, procedure, null);
    if (details === null) {
      return renderForm(reply.code(400), addForm, { agencies, procedure }, values, errors);
    }
    const outcome = await addPerson(services, actorOf(request), details);
    if (!outcome.ok) {
      return renderForm(reply.code(400), addForm, { agencies, procedure }, values, [
        outcome.refusal,
      ]);
    }
    return afterChange(reply, `/admin/people/${outcome.id}`, "person-added");
  });

  app.get("/admin/people/:id", async (request, reply) => {
    const person = await personIn(request);
    const { partnership, procedure } = await partnershipOf(services, request);
    const agencies = await listAgencies(services.db, partnership.id);
    const inboxes = (await listInboxes(services.db, partnership.id)).filter((inbox) =>
      inbox.members.some((member) => member.id === person.id),
    );
    const today = londonDate(services.now());
    return reply.render("admin/person.njk", {
      adminNavigation: adminNavigation(request.url),
      success: doneMessage(request.query),
      back: { href: "/admin/people", text: "All people" },
      // Not `person`: the layout shows who is signed in from that.
      profile: {
        ...person,
        agencyName:
          agencies.find((agency) => agency.id === person.agencyId)?.name ?? "Not in an agency",
        roleNames: person.roles.map((role) => roleName(procedure, role)),
      },
      inboxes,
      delegations: presentDelegations(await delegationsOf(services.db, person.id, today)),
      authenticatorApp: (await findLocalAccount(services.db, person.id))?.totpSecret != null,
    });
  });

  const changeForm = (person: Person) => ({
    title: `Change ${person.name}’s details`,
    action: `/admin/people/${person.id}/change`,
    back: `/admin/people/${person.id}`,
    button: "Save changes",
  });
  app.get("/admin/people/:id/change", async (request, reply) => {
    const person = await personIn(request);
    const { partnership, procedure } = await partnershipOf(services, request);
    const agencies = await listAgencies(services.db, partnership.id);
    return renderForm(
      reply,
      changeForm(person),
      { agencies, procedure, current: person.agencyId },
      {
        name: person.name,
        email: person.email,
        jobTitle: person.jobTitle ?? "",
        agency: person.agencyId ?? NO_AGENCY,
        roles: person.roles,
      },
    );
  });
  app.post("/admin/people/:id/change", async (request, reply) => {
    const person = await personIn(request);
    const { partnership, procedure } = await partnershipOf(services, request);
    const agencies = await listAgencies(services.db, partnership.id);
    const context = { agencies, procedure, current: person.agencyId };
    const values = echo(fieldsOf(request.body));
    const { errors, details } = read(request, agencies, procedure, person.agencyId);
    if (details === null) {
      return renderForm(reply.code(400), changeForm(person), context, values, errors);
    }
    const outcome = await changePerson(services, actorOf(request), person.id, details);
    if (!outcome.ok) {
      return renderForm(reply.code(400), changeForm(person), context, values, [outcome.refusal]);
    }
    return afterChange(reply, `/admin/people/${person.id}`, "person-changed");
  });

  for (const [path, active] of [
    ["deactivate", false],
    ["reactivate", true],
  ] as const) {
    app.post(`/admin/people/:id/${path}`, async (request, reply) => {
      const person = await personIn(request);
      const outcome = await setPersonActive(services, actorOf(request), person.id, active);
      if (!outcome.ok) {
        // Deactivating yourself: say why on the person's page.
        return reply.code(400).render("admin/refused.njk", {
          title: "The change was not made",
          message: outcome.refusal.message,
          back: { href: `/admin/people/${person.id}`, text: `Back to ${person.name}` },
        });
      }
      return afterChange(
        reply,
        `/admin/people/${person.id}`,
        active ? "person-reactivated" : "person-deactivated",
      );
    });
  }

  app.post("/admin/people/:id/authenticator-app/remove", async (request, reply) => {
    const person = await personIn(request);
    const outcome = await removeAuthenticator(services, actorOf(request), person.id);
    if (!outcome.ok) {
      return reply.code(400).render("admin/refused.njk", {
        title: "The change was not made",
        message: outcome.refusal.message,
        back: { href: `/admin/people/${person.id}`, text: `Back to ${person.name}` },
      });
    }
    return afterChange(reply, `/admin/people/${person.id}`, "authenticator-removed");
  });

  // ------------------------------------------------------------------------------------------
  // Absence delegates, set by an administrator

  const renderDelegationForm = async (
    reply: FastifyReply,
    person: Person,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) =>
    reply.render("admin/delegation-form.njk", {
      title: `Name a delegate for ${person.name}`,
      action: `/admin/people/${person.id}/delegates/add`,
      back: { href: `/admin/people/${person.id}`, text: "Back" },
      button: "Name delegate",
      choices: await delegateChoices(services.db, person),
      inputs: delegationInputs(fieldsOf(values), errors),
      values,
      errors,
    });

  app.get("/admin/people/:id/delegates/add", async (request, reply) =>
    renderDelegationForm(reply, await personIn(request), {}),
  );
  app.post("/admin/people/:id/delegates/add", async (request, reply) => {
    const person = await personIn(request);
    const values = echo(fieldsOf(request.body));
    const choices = await delegateChoices(services.db, person);
    const { errors, details } = readDelegation(request.body, choices, services.now());
    if (details === null) return renderDelegationForm(reply.code(400), person, values, errors);
    const outcome = await addDelegation(services, actorOf(request), person.id, details);
    if (!outcome.ok) {
      return renderDelegationForm(reply.code(400), person, values, [outcome.refusal]);
    }
    return afterChange(reply, `/admin/people/${person.id}`, "delegation-added");
  });
  app.post("/admin/people/:id/delegates/:delegationId/remove", async (request, reply) => {
    const person = await personIn(request);
    const { delegationId } = request.params as { delegationId: string };
    const outcome = await removeDelegation(services, actorOf(request), person.id, delegationId);
    if (!outcome.ok) throw new HttpError(404, outcome.refusal.message);
    return afterChange(reply, `/admin/people/${person.id}`, "delegation-removed");
  });
}
