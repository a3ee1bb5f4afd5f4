import type { FastifyInstance } from "fastify";
import QRCode from "qrcode";
import { checkTotpCode } from "../../../app/auth.ts";
import { confirmTotpSetup, startTotpSetup, totpSetupUri } from "../../../app/authenticator.ts";
import type { Services } from "../../../app/services.ts";
import type { Person } from "../../../db/directory.ts";
import { findLocalAccount, removeTotp } from "../../../db/local-accounts.ts";
import { endAllSessions } from "../../../db/sessions.ts";
import { FormReader } from "../../forms/index.ts";
import { requireSignIn, SESSION_COOKIE, signedIn } from "../../plugins/sessions.ts";
import { lockedMessage, readCode, WRONG_CODE } from "../sign-in/fields.ts";

/** What the account page says has just changed, by the `changed` of its query. */
const CHANGES = {
  "authenticator-on":
    "Your authenticator app is set up. You will need a code from it each time you sign in.",
  "authenticator-off":
    "Your authenticator app is turned off. You will sign in with your password only.",
} as const;

/** The secret as an app asks for it to be typed: in groups of 4, easier to read and copy. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(" ") ?? secret;

/**
 * Your account: who you are signed in as, an authenticator app as a second step when signing in
 * with a password (set up after a code proves it works; turned off only with a code), and
 * signing out everywhere.
 */
export async function accountRoutes(app: FastifyInstance, { services }: { services: Services }) {
  /** The account of someone who signs in with a password (not a demo person), or undefined. */
  const localAccount = async (person: Person) => {
    const account = await findLocalAccount(services.db, person.id);
    return account?.hasPassword === true && !person.demo ? account : undefined;
  };

  app.get("/account", { preHandler: requireSignIn }, async (request, reply) => {
    const person = signedIn(request);
    const changed = (request.query as Record<string, unknown>).changed;
    return reply.render("account/account.njk", {
      account: await localAccount(person),
      changed:
        typeof changed === "string" && Object.hasOwn(CHANGES, changed)
          ? CHANGES[changed as keyof typeof CHANGES]
          : null,
    });
  });

  const setUpPage = async (person: Person, errors: { field: string; message: string }[]) => {
    const secret = await startTotpSetup(services.db, person.id);
    const qrCode = await QRCode.toString(totpSetupUri(secret, person.email), {
      type: "svg",
      errorCorrectionLevel: "M",
      margin: 2,
      width: 200,
    });
    return { secret: grouped(secret), qrCode, errors };
  };

  app.get("/account/authenticator-app", { preHandler: requireSignIn }, async (request, reply) => {
    const person = signedIn(request);
    const account = await localAccount(person);
    if (account === undefined || account.totpSecret !== null)
      return reply.redirect("/account", 303);
    return reply.render("account/set-up.njk", await setUpPage(person, []));
  });

  app.post("/account/authenticator-app", { preHandler: requireSignIn }, async (request, reply) => {
    const person = signedIn(request);
    const account = await localAccount(person);
    if (account === undefined || account.totpSecret !== null)
      return reply.redirect("/account", 303);
    const form = new FormReader(request.body);
    const code = readCode(form);
    const now = new Date(services.now());
    if (form.ok && !(await confirmTotpSetup(services.db, person.id, code, now))) {
      form.add("code", WRONG_CODE);
    }
    if (!form.ok) {
      return reply.code(400).render("account/set-up.njk", await setUpPage(person, form.errors));
    }
    return reply.redirect("/account?changed=authenticator-on", 303);
  });

  app.get(
    "/account/authenticator-app/turn-off",
    { preHandler: requireSignIn },
    async (request, reply) => {
      const account = await localAccount(signedIn(request));
      if (account?.totpSecret == null) return reply.redirect("/account", 303);
      return reply.render("account/turn-off.njk", { errors: [] });
    },
  );

  app.post(
    "/account/authenticator-app/turn-off",
    { preHandler: requireSignIn },
    async (request, reply) => {
      const person = signedIn(request);
      const account = await localAccount(person);
      if (account?.totpSecret == null) return reply.redirect("/account", 303);
      const form = new FormReader(request.body);
      const code = readCode(form);
      const now = new Date(services.now());
      const result = form.ok ? await checkTotpCode(services.db, person, code, now) : undefined;
      if (result?.outcome === "wrong") form.add("code", WRONG_CODE);
      if (result?.outcome === "locked") form.add("code", lockedMessage(result.until, now));
      if (!form.ok) return reply.code(400).render("account/turn-off.njk", { errors: form.errors });
      await removeTotp(services.db, person.id);
      return reply.redirect("/account?changed=authenticator-off", 303);
    },
  );

  app.post(
    "/account/sign-out-everywhere",
    { preHandler: requireSignIn },
    async (request, reply) => {
      await endAllSessions(services.db, signedIn(request).id);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.redirect("/account/signed-out", 303);
    },
  );

  app.get("/account/signed-out", async (request, reply) => {
    if (request.person !== null) return reply.redirect("/account", 303);
    return reply.render("account/signed-out.njk");
  });
}
