import type { FastifyInstance, onRequestHookHandler } from "fastify";
import { checkTotpCode } from "../../../app/auth.ts";
import type { Services } from "../../../app/services.ts";
import { findPerson } from "../../../db/directory.ts";
import { endChallenge, findChallenge } from "../../../db/sessions.ts";
import { FormReader } from "../../forms/index.ts";
import { CHALLENGE_COOKIE, lockedMessage, readCode, WRONG_CODE } from "./fields.ts";

/**
 * The second step of signing in, for people with an authenticator app: their password was right
 * (a waiting sign-in, in a cookie), and only the right code starts their session.
 */
export async function codeRoutes(
  app: FastifyInstance,
  services: Services,
  limited: onRequestHookHandler,
): Promise<void> {
  const waiting = async (token: string | undefined) =>
    token === undefined ? undefined : findChallenge(services.db, token, new Date(services.now()));

  app.get("/sign-in/code", async (request, reply) => {
    if ((await waiting(request.cookies[CHALLENGE_COOKIE])) === undefined) {
      return reply.redirect("/sign-in", 303);
    }
    return reply.render("sign-in/code.njk", { errors: [] });
  });

  app.post("/sign-in/code", { onRequest: limited }, async (request, reply) => {
    const token = request.cookies[CHALLENGE_COOKIE];
    const challenge = await waiting(token);
    if (token === undefined || challenge === undefined) return reply.redirect("/sign-in", 303);
    const form = new FormReader(request.body);
    const code = readCode(form);
    if (!form.ok) return reply.code(400).render("sign-in/code.njk", { errors: form.errors });

    const person = await findPerson(services.db, challenge.personId);
    const now = new Date(services.now());
    const result =
      person?.active === true ? await checkTotpCode(services.db, person, code, now) : undefined;
    if (result?.outcome === "wrong") {
      form.add("code", WRONG_CODE);
      return reply.code(400).render("sign-in/code.njk", { errors: form.errors });
    }
    // Signed in, locked out or gone: this waiting sign-in ends, once, whichever it is.
    const ended = await endChallenge(services.db, token);
    reply.clearCookie(CHALLENGE_COOKIE, { path: "/" });
    if (result?.outcome === "right" && ended) {
      await reply.signIn(challenge.personId);
      return reply.redirect(challenge.returnTo, 303);
    }
    if (result?.outcome === "locked") {
      return reply.code(400).render("sign-in/sign-in.njk", {
        returnTo: challenge.returnTo,
        values: { email: person?.email },
        errors: [{ field: "email", message: lockedMessage(result.until, now) }],
        demoSignIn: services.config.demo,
      });
    }
    return reply.redirect("/sign-in", 303);
  });
}
