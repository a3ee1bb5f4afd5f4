import type { FastifyInstance } from "fastify";
import { ATTEMPT_MINUTES, finishSignIn, type Refusal, startSignIn } from "../../../app/sso.ts";
import type { Config } from "../../../config.ts";
import { listSignInChoices } from "../../../db/single-sign-on.ts";
import { fieldsOf, single } from "../../forms/index.ts";
import { HttpError } from "../../http-error.ts";
import { CONTENT_SECURITY_POLICY } from "../../plugins/security-headers.ts";
import { safeReturnPath } from "../../plugins/sessions.ts";
import type { WebServices } from "../../services.ts";

export const START_PATH = "/sign-in/single-sign-on";
export const CALLBACK_PATH = "/sign-in/single-sign-on/callback";
/** Holds the token of a sign-in on its way through a provider, for the callback only. */
export const ATTEMPT_COOKIE = "resolve_sso";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The address providers send people back to: the one to register with each provider. */
export function callbackUrl(config: Config): string {
  return `${config.publicUrl}${CALLBACK_PATH}`;
}

/**
 * The content security policy with the providers' origins added to `form-action`: browsers
 * apply it to where a form's redirects lead too, and the sign-in buttons lead to a provider.
 */
function policyAllowingFormsTo(origins: readonly string[]): string {
  const directives = {
    ...CONTENT_SECURITY_POLICY,
    formAction: [...CONTENT_SECURITY_POLICY.formAction, ...origins],
  };
  return Object.entries(directives)
    .map(([name, values]) => {
      const directive = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
      return `${directive} ${values.join(" ")}`;
    })
    .join("; ");
}

/**
 * Offers each partnership's provider on the sign-in page: its buttons
 * (single-sign-on/choices.njk, included by sign-in/sign-in.njk) read `singleSignOn`.
 */
export async function offerSingleSignOn(app: FastifyInstance, services: WebServices) {
  app.addHook("preHandler", async (request, reply) => {
    if (request.routeOptions.url !== "/sign-in") return;
    const choices = await listSignInChoices(services.db);
    reply.locals.singleSignOn = choices;
    if (choices.length === 0) return;
    const origins = new Set(choices.map((choice) => new URL(choice.issuer).origin));
    reply.header("content-security-policy", policyAllowingFormsTo([...origins]));
  });
}

/** What each refusal says, in plain words, and the status it is answered with. */
const REFUSALS: Record<Refusal["kind"] | "unavailable", { status: number; heading: string }> = {
  expired: { status: 400, heading: "Your sign-in has timed out" },
  "provider-refused": { status: 400, heading: "You have not been signed in" },
  failed: { status: 400, heading: "Sorry, there is a problem signing you in" },
  "unverified-email": { status: 403, heading: "Your email address has not been confirmed" },
  "no-account": { status: 403, heading: "You cannot sign in to Resolve with this account" },
  unavailable: { status: 503, heading: "Sorry, you cannot sign in with this account now" },
};

/** Starting to sign in with a partnership's provider, and coming back from it. */
export async function singleSignOnSignInRoutes(
  app: FastifyInstance,
  { services }: { services: WebServices },
) {
  const cookiePath = CALLBACK_PATH;

  // A form post with the CSRF token, so no other site can start a sign-in in someone's browser.
  app.post(START_PATH, async (request, reply) => {
    const fields = fieldsOf(request.body);
    const partnershipId = single(fields, "partnership") ?? "";
    if (!UUID.test(partnershipId)) throw new HttpError(400, "no partnership to sign in with");
    const started = await startSignIn(services, {
      partnershipId,
      returnTo: safeReturnPath(single(fields, "returnTo")),
      callbackUrl: callbackUrl(services.config),
    });
    if (started.kind === "no-provider") throw new HttpError(404, "no single sign-on provider");
    if (started.kind === "unavailable") {
      return reply
        .code(REFUSALS.unavailable.status)
        .render("single-sign-on/refused.njk", { ...REFUSALS.unavailable, refusal: started });
    }
    reply.setCookie(ATTEMPT_COOKIE, started.token, {
      path: cookiePath,
      httpOnly: true,
      secure: services.config.secureCookies,
      sameSite: "lax",
      maxAge: ATTEMPT_MINUTES * 60,
    });
    return reply.redirect(started.url, 303);
  });

  app.get(CALLBACK_PATH, async (request, reply) => {
    const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : "";
    const finished = await finishSignIn(services, {
      token: request.cookies[ATTEMPT_COOKIE],
      query,
      callbackUrl: callbackUrl(services.config),
    });
    reply.clearCookie(ATTEMPT_COOKIE, { path: cookiePath });
    if (finished.kind === "signed-in") {
      await reply.signIn(finished.personId);
      return reply.redirect(finished.returnTo, 303);
    }
    const refusal = REFUSALS[finished.kind];
    request.log.info({ refusal: finished.kind }, "single sign-on refused");
    return reply
      .code(refusal.status)
      .render("single-sign-on/refused.njk", { ...refusal, refusal: finished });
  });
}
