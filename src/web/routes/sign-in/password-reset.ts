import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from "fastify";
import {
  MIN_PASSWORD_LENGTH,
  requestPasswordReset,
  resetPassword,
  resetTokenWorks,
} from "../../../app/password-reset.ts";
import type { Services } from "../../../app/services.ts";
import { unsentSender } from "../../../notify/sender.ts";
import { cleanText, FormReader, formatCount } from "../../forms/index.ts";

/** Longer than any email address can be (RFC 5321 allows 254 characters in use). */
const EMAIL_MAX_LENGTH = 320;
/** Sign-in reads no more of a password than this, so no longer one may be set. */
const PASSWORD_MAX_LENGTH = 1024;

/**
 * The reset link's token is in its query string: the request log shows these pages' path only,
 * so the token never reaches the logs.
 */
const withoutQuery = {
  req: (request: FastifyRequest) => ({
    method: request.method,
    url: request.url.split("?")[0],
    host: request.host,
    remoteAddress: request.ip,
  }),
};

/**
 * Forgotten your password: ask for a link by email, follow it, set a new password. The answer
 * to asking is the same whatever the address; the link works once, for an hour; setting the
 * password ends every session of that person.
 */
export async function passwordResetRoutes(
  app: FastifyInstance,
  services: Services,
  limited: onRequestHookHandler,
): Promise<void> {
  app.get("/forgotten-password", async (_request, reply) =>
    reply.render("sign-in/forgotten-password.njk", { values: {}, errors: [] }),
  );

  app.post("/forgotten-password", { onRequest: limited }, async (request, reply) => {
    const form = new FormReader(request.body);
    const email = form.text("email", "your email address", { max: EMAIL_MAX_LENGTH });
    if (form.ok && !/^[^\s@]+@[^\s@]+$/.test(email)) {
      form.add("email", "Enter an email address in the correct format, like name@example.com");
    }
    if (!form.ok) {
      const values = { email: cleanText(form.raw("email")).slice(0, EMAIL_MAX_LENGTH) };
      return reply
        .code(400)
        .render("sign-in/forgotten-password.njk", { values, errors: form.errors });
    }
    const message = await requestPasswordReset(
      services.db,
      services.config,
      email,
      new Date(services.now()),
    );
    if (message !== null) {
      // Not waited for: the answer comes as fast whether or not there was anyone to email.
      const sender = services.sender ?? unsentSender(request.log);
      sender.send(message).catch((error: unknown) => {
        request.log.error({ err: error }, "the password reset email could not be sent");
      });
    }
    return reply.redirect("/forgotten-password/sent", 303);
  });

  app.get("/forgotten-password/sent", async (_request, reply) =>
    reply.render("sign-in/forgotten-password-sent.njk"),
  );

  app.get("/reset-password", { logSerializers: withoutQuery }, async (request, reply) => {
    const token = new FormReader(request.query).raw("token");
    if (!(await resetTokenWorks(services.db, token, new Date(services.now())))) {
      return reply.code(400).render("sign-in/reset-link-expired.njk");
    }
    return reply.render("sign-in/reset-password.njk", { token, errors: [] });
  });

  app.post("/reset-password", { onRequest: limited }, async (request, reply) => {
    const form = new FormReader(request.body);
    const token = form.raw("token");
    const now = new Date(services.now());
    if (!(await resetTokenWorks(services.db, token, now))) {
      return reply.code(400).render("sign-in/reset-link-expired.njk");
    }
    const password = form.raw("password");
    const confirmation = form.raw("confirm-password");
    if (password === "") form.add("password", "Enter a new password");
    else if ([...password].length < MIN_PASSWORD_LENGTH) {
      form.add("password", `Your password must be ${MIN_PASSWORD_LENGTH} characters or more`);
    } else if (password.length > PASSWORD_MAX_LENGTH) {
      form.add(
        "password",
        `Your password must be ${formatCount(PASSWORD_MAX_LENGTH)} characters or fewer`,
      );
    }
    if (confirmation === "") form.add("confirm-password", "Enter your new password again");
    else if (form.ok && confirmation !== password) {
      form.add("confirm-password", "Enter the same password in both boxes");
    }
    if (!form.ok) {
      return reply.code(400).render("sign-in/reset-password.njk", { token, errors: form.errors });
    }
    if (!(await resetPassword(services.db, token, password, now))) {
      return reply.code(400).render("sign-in/reset-link-expired.njk");
    }
    // The session rows are gone with the rest; this clears the cookie too.
    await reply.signOut();
    return reply.redirect("/reset-password/done", 303);
  });

  app.get("/reset-password/done", async (_request, reply) =>
    reply.render("sign-in/password-changed.njk"),
  );
}
