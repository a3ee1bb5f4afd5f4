import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import { demoPerson, signInWithPassword } from "../../../app/auth.ts";
import type { Services } from "../../../app/services.ts";
import { listAgencies, listPartnerships, listPeople } from "../../../db/directory.ts";
import { startChallenge } from "../../../db/sessions.ts";
import { cookieOptionsFor, safeReturnPath } from "../../plugins/sessions.ts";
import type { FieldError } from "../../views/form-errors.ts";
import { codeRoutes } from "./code.ts";
import { CHALLENGE_COOKIE, CHALLENGE_MINUTES, lockedMessage } from "./fields.ts";
import { passwordResetRoutes } from "./password-reset.ts";

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

const WRONG_PASSWORD = "Enter a correct email address and password";

/**
 * Signing in with a local account (and its authenticator app's code, if it has one), resetting a
 * forgotten password, signing out, and in demo mode signing in as a demo person.
 */
export async function signInRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const demo = services.config.demo;
  // Every form that guesses at a password or code, and the one that sends email, share one
  // allowance per client address; more answers "Too many attempts" (429). Kept in memory: each
  // instance counts its own, and the lock on each address (in the database) does the rest.
  await app.register(rateLimit, { global: false });
  const limited = app.rateLimit({ max: services.config.signInRateLimit, timeWindow: 60_000 });

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

  app.post("/sign-in", { onRequest: limited }, async (request, reply) => {
    const fields = (request.body ?? {}) as Fields;
    const email = field(fields, "email").trim().slice(0, EMAIL_MAX_LENGTH);
    const password = field(fields, "password").slice(0, PASSWORD_MAX_LENGTH);
    const returnTo = safeReturnPath(fields.returnTo);
    const errors: FieldError[] = [];
    if (email === "") errors.push({ field: "email", message: "Enter your email address" });
    if (password === "") errors.push({ field: "password", message: "Enter your password" });
    if (errors.length === 0) {
      const now = new Date(services.now());
      // An impossible address is looked up as no one, so it takes as long as any unknown address.
      const lookup = [...email].some(isControl) ? "" : email;
      const result = await signInWithPassword(services.db, lookup, password, now);
      if (result.outcome === "signed-in") {
        await reply.signIn(result.person.id);
        return reply.redirect(returnTo, 303);
      }
      if (result.outcome === "code-needed") {
        const expires = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000);
        const token = await startChallenge(services.db, result.person.id, returnTo, expires);
        reply.setCookie(CHALLENGE_COOKIE, token, cookieOptionsFor(services.config));
        return reply.redirect("/sign-in/code", 303);
      }
      errors.push({
        field: "email",
        message: result.outcome === "locked" ? lockedMessage(result.until, now) : WRONG_PASSWORD,
      });
    }
    const values = { email: withoutControls(email) };
    return reply
      .code(400)
      .render("sign-in/sign-in.njk", { returnTo, values, errors, demoSignIn: demo });
  });

  await codeRoutes(app, services, limited);
  await passwordResetRoutes(app, services, limited);

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
