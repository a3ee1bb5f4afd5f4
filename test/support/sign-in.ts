import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { hashPassword } from "../../src/app/auth.ts";
import type { Executor } from "../../src/db/client.ts";
import { insertPerson, type Person } from "../../src/db/directory.ts";

// Signing in within app.inject tests, the way a browser does: the real sign-in form, its CSRF
// token and cookies, and the session cookie carried from then on.

/** A person who can sign in with a password. The email is made unique. */
export async function personWithPassword(
  db: Executor,
  details: {
    partnershipId: string;
    agencyId: string | null;
    name: string;
    roles: readonly string[];
    password?: string;
  },
): Promise<{ person: Person; password: string }> {
  const password = details.password ?? `correct horse ${randomUUID()}`;
  const person = await insertPerson(db, {
    id: randomUUID(),
    partnershipId: details.partnershipId,
    agencyId: details.agencyId,
    name: details.name,
    email: `${details.name.toLowerCase().replace(/[^a-z]+/g, ".")}.${randomUUID().slice(0, 8)}@example.test`,
    passwordHash: await hashPassword(password),
    roles: details.roles,
  });
  return { person, password };
}

/** The value of a cookie the response sets, or undefined. */
export function cookieSet(response: LightMyRequestResponse, name: string): string | undefined {
  return response.cookies.find((cookie) => cookie.name === name && cookie.value !== "")?.value;
}

/** The hidden `_csrf` value of the first form on a page. */
export function csrfTokenIn(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, "the page has no form with a _csrf token");
  return token;
}

/**
 * Signs in through GET and POST /sign-in and returns the session's cookie header
 * (`resolve_session=…`) and the session's CSRF token, for the forms of later requests:
 *
 *   const { cookie, csrfToken } = await signInAs(app, person, password);
 *   await app.inject({ url: "/your-work", headers: { cookie } });
 */
export async function signInAs(
  app: FastifyInstance,
  person: Pick<Person, "email">,
  password: string,
): Promise<{ cookie: string; csrfToken: string }> {
  const form = await app.inject({ method: "GET", url: "/sign-in" });
  assert.equal(form.statusCode, 200, "GET /sign-in");
  const anonymous = cookieSet(form, "resolve_csrf");
  assert.ok(anonymous, "GET /sign-in set no resolve_csrf cookie");
  const signedIn = await app.inject({
    method: "POST",
    url: "/sign-in",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: `resolve_csrf=${anonymous}`,
    },
    payload: new URLSearchParams({
      _csrf: csrfTokenIn(form.body),
      email: person.email,
      password,
      returnTo: "/your-work",
    }).toString(),
  });
  assert.equal(signedIn.statusCode, 303, `POST /sign-in as ${person.email}: ${signedIn.body}`);
  const session = cookieSet(signedIn, "resolve_session");
  assert.ok(session, "POST /sign-in set no resolve_session cookie");
  const cookie = `resolve_session=${session}`;
  const page = await app.inject({ method: "GET", url: "/your-work", headers: { cookie } });
  assert.equal(page.statusCode, 200, "GET /your-work after signing in");
  return { cookie, csrfToken: csrfTokenIn(page.body) };
}
