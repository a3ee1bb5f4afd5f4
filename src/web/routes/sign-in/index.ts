import type { FastifyInstance } from "fastify";
import { checkPassword, demoPerson } from "../../../app/auth.ts";
import type { Services } from "../../../app/services.ts";
import { listAgencies, listPartnerships, listPeople } from "../../../db/directory.ts";
import { safeReturnPath } from "../../plugins/sessions.ts";
import type { FieldError } from "../../views/form-errors.ts";

type Fields = Partial<Record<string, unknown>>;
const field = (fields: Fields, name: string): string => {
  const value = fields[name];
  return typeof value === "string" ? value : "";
};

/** Longer than any email address can be (RFC 5321 allows 254 characters in use). */
const EMAIL_MAX_LENGTH = 320;
const PASSWORD_MAX_LENGTH = 1024;
/** Control characters are in no one's email address, and PostgreSQL refuses NUL outright. */
const isControl = (character: string) => character < " " || character === "\u007f";
const withoutControls = (text: string) => [...text].filter((each) => !isControl(each)).join("");

/** Signing in with a local account, signing out, and in demo mode signing in as a demo person. */
export async function signInRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const demo = services.config.demo;

  app.get("/sign-in", async (request, reply) => {
    if (request.person !== null) return reply.redirect("/", 303);
    const returnTo = safeReturnPath((request.query as Fields).returnTo);
    return reply.render("sign-in/sign-in.njk", {
      returnTo,
      values: {},
      errors: [],
      demoSignIn: demo,
    });
  });

  app.post("/sign-in", async (request, reply) => {
    const fields = (request.body ?? {}) as Fields;
    const email = field(fields, "email").trim().slice(0, EMAIL_MAX_LENGTH);
    const password = field(fields, "password").slice(0, PASSWORD_MAX_LENGTH);
    const returnTo = safeReturnPath(fields.returnTo);
    const errors: FieldError[] = [];
    if (email === "") errors.push({ field: "email", message: "Enter your email address" });
    if (password === "") errors.push({ field: "password", message: "Enter your password" });
    // An impossible address is looked up as no one, so it takes as long as any unknown address.
    const lookup = [...email].some(isControl) ? "" : email;
    const person =
      errors.length === 0 ? await checkPassword(services.db, lookup, password) : undefined;
    if (errors.length === 0 && person === undefined) {
      errors.push({ field: "email", message: "Enter a correct email address and password" });
    }
    if (person === undefined) {
      const values = { email: withoutControls(email) };
      return reply
        .code(400)
        .render("sign-in/sign-in.njk", { returnTo, values, errors, demoSignIn: demo });
    }
    await reply.signIn(person.id);
    return reply.redirect(returnTo, 303);
  });

  app.post("/sign-out", async (_request, reply) => {
    await reply.signOut();
    return reply.redirect("/sign-in", 303);
  });

  if (!demo) return;

  app.get("/demo/sign-in", async (_request, reply) => {
    const [partnership] = await listPartnerships(services.db);
    if (partnership === undefined) return reply.render("sign-in/demo.njk", { groups: [] });
    const agencies = await listAgencies(services.db, partnership.id);
    const people = (await listPeople(services.db, partnership.id, { demo: true })).filter(
      (person) => person.active,
    );
    const procedure = await services.procedures(
      partnership.procedureId,
      partnership.procedureVersion,
    );
    const roleName = (role: string) =>
      procedure.roles.find((candidate) => candidate.id === role)?.name ??
      (role === "administrator" ? "Administrator" : role);
    const describe = (person: (typeof people)[number]) => ({
      id: person.id,
      name: person.name,
      jobTitle: person.jobTitle,
      roles: person.roles.map(roleName).join(", "),
    });
    const groups = [
      ...agencies.map((agency) => ({
        name: agency.name,
        people: people.filter((person) => person.agencyId === agency.id).map(describe),
      })),
      {
        name: partnership.name,
        people: people.filter((person) => person.agencyId === null).map(describe),
      },
    ].filter((group) => group.people.length > 0);
    return reply.render("sign-in/demo.njk", { partnership, groups });
  });

  app.post("/demo/sign-in", async (request, reply) => {
    const personId = field((request.body ?? {}) as Fields, "personId");
    const person = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(personId)
      ? await demoPerson(services.db, personId)
      : undefined;
    if (person === undefined) return reply.redirect("/demo/sign-in", 303);
    await reply.signIn(person.id);
    return reply.redirect("/", 303);
  });
}
