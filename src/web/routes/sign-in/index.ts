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

/** Signing in with a local account, signing out, and in demo mode signing in as a demo person. */
export async function signInRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get("/sign-in", async (request, reply) => {
    if (request.person !== null) return reply.redirect("/", 303);
    const returnTo = safeReturnPath((request.query as Fields).returnTo);
    return reply.render("sign-in/sign-in.njk", { returnTo, values: {}, errors: [] });
  });

  app.post("/sign-in", async (request, reply) => {
    const fields = (request.body ?? {}) as Fields;
    const email = field(fields, "email").trim().slice(0, 320);
    const password = field(fields, "password").slice(0, 1024);
    const returnTo = safeReturnPath(fields.returnTo);
    const errors: FieldError[] = [];
    if (email === "") errors.push({ field: "email", message: "Enter your email address" });
    if (password === "") errors.push({ field: "password", message: "Enter your password" });
    const person = errors.length === 0 ? await checkPassword(services.db, email, password) : undefined;
    if (errors.length === 0 && person === undefined) {
      errors.push({ field: "email", message: "Enter a correct email address and password" });
    }
    if (person === undefined) {
      return reply.code(400).render("sign-in/sign-in.njk", { returnTo, values: { email }, errors });
    }
    await reply.signIn(person.id);
    return reply.redirect(returnTo, 303);
  });

  app.post("/sign-out", async (_request, reply) => {
    await reply.signOut();
    return reply.redirect("/sign-in", 303);
  });

  if (!services.config.demo) return;

  app.get("/demo/sign-in", async (_request, reply) => {
    const [partnership] = await listPartnerships(services.db);
    if (partnership === undefined) return reply.render("sign-in/demo.njk", { groups: [] });
    const agencies = await listAgencies(services.db, partnership.id);
    const people = await listPeople(services.db, partnership.id, { demo: true });
    const procedure = await services.procedures(partnership.procedureId, partnership.procedureVersion);
    const roleName = (role: string) =>
      procedure.roles.find((candidate) => candidate.id === role)?.name ?? (role === "administrator" ? "Administrator" : role);
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
      { name: partnership.name, people: people.filter((person) => person.agencyId === null).map(describe) },
    ].filter((group) => group.people.length > 0);
    return reply.render("sign-in/demo.njk", { partnership, groups });
  });

  app.post("/demo/sign-in", async (request, reply) => {
    const personId = field((request.body ?? {}) as Fields, "personId");
    const person = /^[0-9a-f-]{36}$/i.test(personId) ? await demoPerson(services.db, personId) : undefined;
    if (person === undefined) return reply.redirect("/demo/sign-in", 303);
    await reply.signIn(person.id);
    return reply.redirect("/", 303);
  });
}
