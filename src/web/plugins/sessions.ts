import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Access, accessFrom } from "../../app/access.ts";
import { offersFigures } from "../../app/figures.ts";
import type { Services } from "../../app/services.ts";
import type { Person } from "../../db/directory.ts";
import { createSession, endSession, randomToken, resumeSession } from "../../db/sessions.ts";
import { mayAdminister, mayRaise } from "../../engine/policy/index.ts";
import { HttpError } from "../http-error.ts";
import { primaryNavigation } from "../views/navigation.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in person, or null. */
    person: Person | null;
    /** The signed-in person as the access policy sees them, or null. */
    access: Access | null;
    /** The token every form on the page must send back as `_csrf`. */
    csrfToken: string;
  }
  interface FastifyReply {
    /** Starts a new session for the person (a fresh token: no session fixation) and sets its cookie. */
    signIn(personId: string): Promise<void>;
    /** Ends this session and clears its cookie. */
    signOut(): Promise<void>;
  }
}

export const SESSION_COOKIE = "resolve_session";
/** Before sign-in, forms are protected by a token that must match this cookie (double submit). */
export const ANONYMOUS_CSRF_COOKIE = "resolve_csrf";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Every cookie of ours: not for scripts, sent only over HTTPS (or to localhost), not cross-site. */
export function cookieOptionsFor(config: Pick<Services["config"], "secureCookies">) {
  return { path: "/", httpOnly: true, secure: config.secureCookies, sameSite: "lax" as const };
}

/**
 * Sessions in the database and a CSRF token on every form. Every request learns who is signed
 * in; every unsafe request must carry the token of the session (or, signed out, of its cookie).
 */
export async function sessions(app: FastifyInstance, services: Services): Promise<void> {
  const { sessionIdleMinutes } = services.config;
  const cookieOptions = cookieOptionsFor(services.config);

  app.decorateRequest("person", null);
  app.decorateRequest("access", null);
  app.decorateRequest("csrfToken", "");

  app.addHook("onRequest", async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    // One statement: the session, its person, what access needs to know about them and how
    // many messages they have not read.
    const session =
      token === undefined
        ? undefined
        : await resumeSession(services.db, token, new Date(services.now()), sessionIdleMinutes);
    if (session?.person.active) {
      request.person = session.person;
      request.csrfToken = session.csrfToken;
    } else {
      if (token !== undefined) reply.clearCookie(SESSION_COOKIE, { path: "/" });
      let anonymous = request.cookies[ANONYMOUS_CSRF_COOKIE];
      if (anonymous === undefined || !/^[\w-]{43}$/.test(anonymous)) {
        anonymous = randomToken();
        reply.setCookie(ANONYMOUS_CSRF_COOKIE, anonymous, cookieOptions);
      }
      request.csrfToken = anonymous;
    }
    // Set before anything below can fail, so an error page still shows who is signed in.
    reply.locals.person = request.person;
    reply.locals.csrfToken = request.csrfToken;
    if (session !== undefined && request.person !== null) {
      const { person, unread } = session;
      request.access = await accessFrom(services, person, session);
      reply.locals.unreadMessages = unread;
      reply.locals.navigation = primaryNavigation(request.url, {
        raise: mayRaise(person),
        administrator: mayAdminister(person),
        figures: offersFigures(request.access),
        unread,
      });
    }
  });

  app.addHook("preHandler", async (request, reply) => {
    if (!UNSAFE_METHODS.has(request.method)) return;
    const sent = (request.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof sent === "string" && sameToken(sent, request.csrfToken)) return;
    // The session the form was made for has ended (idle too long, or signed out elsewhere):
    // nothing is done, and the way on is to sign in again, not "You do not have access".
    if (request.person === null && request.cookies[SESSION_COOKIE] !== undefined) {
      return reply.redirect("/sign-in", 303);
    }
    throw new HttpError(403, "the form's CSRF token is missing or does not match the session");
  });

  app.decorateReply("signIn", async function (this: FastifyReply, personId: string) {
    const previous = this.request.cookies[SESSION_COOKIE];
    if (previous !== undefined) await endSession(services.db, previous);
    const { token, csrfToken } = await createSession(
      services.db,
      personId,
      new Date(services.now()),
      sessionIdleMinutes,
    );
    this.setCookie(SESSION_COOKIE, token, cookieOptions);
    this.clearCookie(ANONYMOUS_CSRF_COOKIE, { path: "/" });
    this.request.csrfToken = csrfToken;
  });

  app.decorateReply("signOut", async function (this: FastifyReply) {
    const token = this.request.cookies[SESSION_COOKIE];
    if (token !== undefined) await endSession(services.db, token);
    this.clearCookie(SESSION_COOKIE, { path: "/" });
  });
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** A preHandler for pages that need a signed-in person: others go to sign in, then come back. */
export async function requireSignIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.person !== null) return;
  const returnTo = request.method === "GET" ? request.url : "/";
  await reply.redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, 303);
}

/** The signed-in person, for handlers behind requireSignIn. */
export function signedIn(request: FastifyRequest): Person {
  if (request.person === null) throw new HttpError(401, "not signed in");
  return request.person;
}

/** The signed-in person as the access policy sees them, for handlers behind requireSignIn. */
export function signedInAccess(request: FastifyRequest): Access {
  if (request.access === null) throw new HttpError(401, "not signed in");
  return request.access;
}

/** A local path to return to after signing in; anything else (another site, a trick) goes home. */
export function safeReturnPath(value: unknown): string {
  return typeof value === "string" && /^\/(?![/\\])[\w\-./?=&%]*$/.test(value) ? value : "/";
}
