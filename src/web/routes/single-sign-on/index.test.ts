// Single sign-on through a real OpenID provider (oidc-provider, in this process) and the whole
// app on a real database: signing in, every way it is refused, and the administrators' page.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { startTestProvider, type TestProvider } from "../../../../test/support/openid-provider.ts";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { testServices } from "../../../../test/support/services.ts";
import { personWithPassword, signInAs } from "../../../../test/support/sign-in.ts";
import type { Services } from "../../../app/services.ts";
import { insertPartnership, type Person } from "../../../db/directory.ts";
import { people, singleSignOnChanges, singleSignOnProviders } from "../../../db/schema.ts";
import { setProvider } from "../../../db/single-sign-on.ts";
import { buildApp } from "../../app.ts";
import { ATTEMPT_COOKIE, CALLBACK_PATH, callbackUrl, START_PATH } from "./sign-in.ts";

const DATABASE = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
const LABEL = "Kingsmere Council account";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

const heading = (html: string) => /<h1[^>]*>([^<]*)</.exec(html)?.[1]?.trim();
const errorLinks = (html: string) =>
  [...html.matchAll(/<a href="#([\w-]+)">([^<]*)<\/a>/g)].map((match) => [match[1], match[2]]);

/** Cookies as a browser keeps them: set by responses, sent back as one header. */
class CookieJar {
  readonly values = new Map<string, string>();

  keep(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = ""] = line.split(";");
      const equals = pair.indexOf("=");
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      const expired = /max-age=0|expires=thu, 01 jan 1970/i.test(line);
      if (value === "" || expired) this.values.delete(name);
      else this.values.set(name, value);
    }
  }

  header(): string {
    return [...this.values].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/** Someone's browser: one jar for Resolve (through app.inject), one for the provider (fetch). */
class Browser {
  readonly resolve = new CookieJar();
  readonly provider = new CookieJar();
  readonly app: FastifyInstance;

  constructor(app: FastifyInstance) {
    this.app = app;
  }

  async inject(
    method: "GET" | "POST",
    url: string,
    form?: Record<string, string>,
  ): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method,
      url,
      headers: { cookie: this.resolve.header(), ...(form === undefined ? {} : FORM) },
      ...(form === undefined ? {} : { payload: new URLSearchParams(form).toString() }),
    });
    const set = response.headers["set-cookie"] ?? [];
    this.resolve.keep(Array.isArray(set) ? set : [set]);
    return response;
  }

  /** Presses "Sign in with …" on the sign-in page; returns Resolve's answer. */
  async pressSignInWith(partnershipId: string, returnTo = "/"): Promise<LightMyRequestResponse> {
    const page = await this.inject("GET", "/sign-in");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
    return this.inject("POST", START_PATH, { _csrf: csrf, partnership: partnershipId, returnTo });
  }

  /** A request to the provider, keeping its cookies; redirects are not followed. */
  async atProvider(url: URL, form?: Record<string, string>): Promise<Response> {
    const response = await fetch(url, {
      method: form === undefined ? "GET" : "POST",
      redirect: "manual",
      headers: { cookie: this.provider.header(), ...(form === undefined ? {} : FORM) },
      ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() }),
    });
    this.provider.keep(response.headers.getSetCookie());
    return response;
  }

  /**
   * Goes to the provider's address, and there signs in as `login` (or cancels), following
   * its redirects until it sends the browser back to Resolve: returns that address.
   */
  async throughProvider(start: string, login: string | null): Promise<URL> {
    let url = new URL(start);
    let answered = false;
    while (url.pathname !== CALLBACK_PATH) {
      const response = await this.atProvider(url);
      const location = response.headers.get("location");
      assert.ok(location, `the provider redirects from ${url}, status ${response.status}`);
      url = new URL(location, url);
      const interaction = /^\/interaction\/([\w-]+)$/.exec(url.pathname);
      if (interaction !== null && !answered) {
        answered = true;
        const answer =
          login === null
            ? await this.atProvider(new URL(`${url.pathname}/abort`, url))
            : await this.atProvider(url, { prompt: "login", login, password: "any" });
        url = new URL(answer.headers.get("location") ?? "", url);
      }
    }
    return url;
  }

  /** Comes back to Resolve at the address the provider gave. */
  back(at: URL): Promise<LightMyRequestResponse> {
    return this.inject("GET", `${at.pathname}${at.search}`);
  }

  /** The whole journey: press the button, sign in at the provider, come back. */
  async signInWith(
    partnershipId: string,
    login: string | null,
    returnTo = "/",
  ): Promise<LightMyRequestResponse> {
    const started = await this.pressSignInWith(partnershipId, returnTo);
    assert.equal(started.statusCode, 303, started.body);
    return this.back(await this.throughProvider(String(started.headers.location), login));
  }
}

describe(`single sign-on (${DATABASE})`, () => {
  let services: Services;
  let app: FastifyInstance;
  let provider: TestProvider;
  let fixture: Awaited<ReturnType<typeof testPartnership>>;
  let admin: { person: Person; password: string };
  /** A second partnership, whose provider cannot be reached. */
  let elsewhere: string;

  before(async () => {
    services = await testServices();
    fixture = await testPartnership(services.db);
    app = await buildApp(services);
    provider = await startTestProvider(callbackUrl(services.config));
    admin = await personWithPassword(services.db, {
      partnershipId: fixture.partnership.id,
      agencyId: null,
      name: "Ada Administrator",
      roles: ["administrator"],
    });
    elsewhere = (
      await insertPartnership(services.db, {
        ...fixture.partnership,
        id: randomUUID(),
        name: "Elsewhere (test)",
        referencePrefix: "ELS",
      })
    ).id;
  });

  after(async () => {
    await app?.close();
    await provider?.close();
    await services?.database.close();
  });

  const configure = async (partnershipId: string, issuer: string) =>
    setProvider(
      services.db,
      {
        partnershipId,
        label: partnershipId === elsewhere ? "Elsewhere account" : LABEL,
        issuer,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
      },
      { id: randomUUID(), personId: admin.person.id, at: services.now() },
    );

  test("with no provider set up, the sign-in page offers only email and password", async () => {
    const page = await new Browser(app).inject("GET", "/sign-in");
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /data-qa="single-sign-on"/);
    assert.doesNotMatch(page.body, /Or sign in with your email address/);
    assert.match(String(page.headers["content-security-policy"]), /form-action 'self'(;|$)/);
  });

  describe("signing in", () => {
    before(async () => {
      await configure(fixture.partnership.id, provider.issuer);
      // Port 9 (discard) on this computer: nothing answers there.
      await configure(elsewhere, "http://127.0.0.1:9");
    });

    test("the sign-in page has a button per provider, a form with the CSRF token, and lets its form lead there", async () => {
      const page = await new Browser(app).inject("GET", "/sign-in?returnTo=%2Flog");
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`Sign in with ${LABEL}`));
      assert.match(page.body, /Sign in with Elsewhere account/);
      const form = /<form method="post" action="\/sign-in\/single-sign-on"[\s\S]*?<\/form>/.exec(
        page.body,
      )?.[0];
      assert.ok(form, "a form posts to start single sign-on");
      assert.match(form, /name="_csrf" value="[\w-]{43}"/);
      assert.match(form, /name="returnTo" value="\/log"/);
      const formAction = /form-action ([^;]*)/.exec(
        String(page.headers["content-security-policy"]),
      );
      assert.deepEqual(
        formAction?.[1]?.split(" ").sort(),
        ["'self'", "http://127.0.0.1:9", provider.issuer].sort(),
      );
    });

    test("the mapped person is signed in with a new session and taken where they were going", async () => {
      provider.accounts.set("amina", {
        email: fixture.teacher.email.toUpperCase(),
        email_verified: true,
      });
      const browser = new Browser(app);
      const started = await browser.pressSignInWith(fixture.partnership.id, "/log");
      assert.equal(started.statusCode, 303);
      const authorize = new URL(String(started.headers.location));
      assert.equal(authorize.origin, provider.issuer);
      assert.equal(authorize.searchParams.get("code_challenge_method"), "S256");
      assert.ok(authorize.searchParams.get("code_challenge"));
      assert.ok(authorize.searchParams.get("state"));
      assert.ok(authorize.searchParams.get("nonce"));
      assert.equal(authorize.searchParams.get("redirect_uri"), callbackUrl(services.config));
      const attempt = started.cookies.find((cookie) => cookie.name === ATTEMPT_COOKIE);
      assert.ok(attempt?.httpOnly, "the attempt's cookie is httpOnly");
      assert.equal(attempt?.path, CALLBACK_PATH);
      const before = browser.resolve.values.get("resolve_session");

      const back = await browser.back(await browser.throughProvider(authorize.href, "amina"));
      assert.equal(back.statusCode, 303, back.body);
      assert.equal(back.headers.location, "/log");
      const session = browser.resolve.values.get("resolve_session");
      assert.ok(session, "signed in");
      assert.notEqual(session, before);
      assert.equal(browser.resolve.values.has(ATTEMPT_COOKIE), false, "the attempt is forgotten");
      const work = await browser.inject("GET", "/your-work");
      assert.equal(work.statusCode, 200);
      assert.match(work.body, /Amina Teacher/);
    });

    test("coming back a second time with the same answer is refused: the attempt is used up", async () => {
      provider.accounts.set("amina", { email: fixture.teacher.email, email_verified: true });
      const browser = new Browser(app);
      const started = await browser.pressSignInWith(fixture.partnership.id);
      const answer = await browser.throughProvider(String(started.headers.location), "amina");
      const attempt = browser.resolve.values.get(ATTEMPT_COOKIE) ?? "";
      assert.equal((await browser.back(answer)).statusCode, 303);

      // The same browser (its attempt's cookie kept) and the same code, again.
      const again = new Browser(app);
      again.resolve.values.set(ATTEMPT_COOKIE, attempt);
      const replayed = await again.back(answer);
      assert.equal(replayed.statusCode, 400);
      assert.equal(heading(replayed.body), "Your sign-in has timed out");
      assert.equal(again.resolve.values.has("resolve_session"), false);

      // The code with a new attempt's state: the provider will not exchange it twice.
      const fresh = new Browser(app);
      const restarted = await fresh.pressSignInWith(fixture.partnership.id);
      const state = new URL(String(restarted.headers.location)).searchParams.get("state") ?? "";
      const forged = new URL(answer);
      forged.searchParams.set("state", state);
      const refused = await fresh.back(forged);
      assert.equal(refused.statusCode, 400);
      assert.equal(heading(refused.body), "Sorry, there is a problem signing you in");
      assert.equal(fresh.resolve.values.has("resolve_session"), false);
    });

    test("an email address no one in Resolve has is refused, in plain words, never a 500", async () => {
      provider.accounts.set("stranger", { email: "nobody@example.test", email_verified: true });
      const refused = await new Browser(app).signInWith(fixture.partnership.id, "stranger");
      assert.equal(refused.statusCode, 403);
      assert.equal(heading(refused.body), "You cannot sign in to Resolve with this account");
      assert.match(refused.body, /nobody@example.test/);
      assert.match(refused.body, /Ask your partnership administrator/);
    });

    test("a person whose account is closed is refused", async () => {
      const { person } = await personWithPassword(services.db, {
        partnershipId: fixture.partnership.id,
        agencyId: fixture.school.id,
        name: "Leaver",
        roles: ["practitioner"],
      });
      await services.db.update(people).set({ active: false }).where(eq(people.id, person.id));
      provider.accounts.set("leaver", { email: person.email, email_verified: true });
      const browser = new Browser(app);
      const refused = await browser.signInWith(fixture.partnership.id, "leaver");
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /Ask your partnership administrator/);
      assert.equal(browser.resolve.values.has("resolve_session"), false);
    });

    test("a person of another partnership is refused through this partnership's provider", async () => {
      const { person } = await personWithPassword(services.db, {
        partnershipId: elsewhere,
        agencyId: null,
        name: "Other Partnership",
        roles: ["practitioner"],
      });
      provider.accounts.set("other", { email: person.email, email_verified: true });
      const refused = await new Browser(app).signInWith(fixture.partnership.id, "other");
      assert.equal(refused.statusCode, 403);
    });

    test("an email address the provider has not confirmed is refused; with none given too", async () => {
      provider.accounts.set("unverified", { email: fixture.teacher.email, email_verified: false });
      const unverified = await new Browser(app).signInWith(fixture.partnership.id, "unverified");
      assert.equal(unverified.statusCode, 403);
      assert.equal(heading(unverified.body), "Your email address has not been confirmed");

      provider.accounts.set("no-email", {});
      const none = await new Browser(app).signInWith(fixture.partnership.id, "no-email");
      assert.equal(none.statusCode, 403);
      assert.match(none.body, /did not tell Resolve your email address/);

      provider.accounts.set("nul", { email: "amina\u0000@example.test", email_verified: true });
      const impossible = await new Browser(app).signInWith(fixture.partnership.id, "nul");
      assert.equal(impossible.statusCode, 403, "an impossible address is no one's, not a 500");
    });

    test("a state that does not match, or no attempt's cookie, is refused", async () => {
      provider.accounts.set("amina", { email: fixture.teacher.email, email_verified: true });
      const browser = new Browser(app);
      const started = await browser.pressSignInWith(fixture.partnership.id);
      const answer = await browser.throughProvider(String(started.headers.location), "amina");
      const tampered = new URL(answer);
      tampered.searchParams.set("state", "not-the-state");
      const mismatch = await browser.back(tampered);
      assert.equal(mismatch.statusCode, 400);
      assert.equal(heading(mismatch.body), "Sorry, there is a problem signing you in");
      assert.equal(browser.resolve.values.has("resolve_session"), false);

      const elsewhereBrowser = new Browser(app);
      const noCookie = await elsewhereBrowser.back(answer);
      assert.equal(noCookie.statusCode, 400);
      assert.equal(heading(noCookie.body), "Your sign-in has timed out");
    });

    test("cancelling at the provider (its error answer) says so", async () => {
      const refused = await new Browser(app).signInWith(fixture.partnership.id, null);
      assert.equal(refused.statusCode, 400);
      assert.equal(heading(refused.body), "You have not been signed in");
    });

    test("malformed answers are refused with a page, never a 500", async () => {
      const queries = [
        "",
        "?",
        "?code=%ZZ&state=%",
        "?code=a&code=b&state=c&state=d",
        "?error=%00&state=%E0%A4%A",
        `?code=${"x".repeat(4000)}`,
        "?state[]=1&code[x]=2",
        "?code=' OR 1=1 --&state=<script>alert(1)</script>",
      ];
      for (const query of queries) {
        const browser = new Browser(app);
        await browser.pressSignInWith(fixture.partnership.id);
        const response = await browser.inject("GET", `${CALLBACK_PATH}${query}`);
        assert.equal(response.statusCode, 400, `${query}: ${response.statusCode}`);
        assert.doesNotMatch(response.body, /<script>alert/);
        assert.equal(browser.resolve.values.has("resolve_session"), false);
      }
    });

    test("starting needs the CSRF token and a partnership with a provider", async () => {
      const browser = new Browser(app);
      await browser.inject("GET", "/sign-in");
      const noToken = await browser.inject("POST", START_PATH, {
        partnership: fixture.partnership.id,
      });
      assert.equal(noToken.statusCode, 403);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(
        (await browser.inject("GET", "/sign-in")).body,
      )?.[1];
      const post = (partnership: string) =>
        browser.inject("POST", START_PATH, { _csrf: csrf ?? "", partnership });
      assert.equal((await post("not-a-uuid")).statusCode, 400);
      assert.equal((await post(randomUUID())).statusCode, 404);
      assert.equal((await post(fixture.partnership.id)).statusCode, 303);
    });

    test("a provider that does not answer is explained, and nothing is kept", async () => {
      const browser = new Browser(app);
      const response = await browser.pressSignInWith(elsewhere);
      assert.equal(response.statusCode, 503);
      assert.equal(heading(response.body), "Sorry, you cannot sign in with this account now");
      assert.equal(browser.resolve.values.has(ATTEMPT_COOKIE), false);
    });
  });

  describe("the administrators' page", () => {
    const PATH = "/admin/single-sign-on";
    let session: { cookie: string; csrfToken: string };
    let other: string;

    before(async () => {
      session = await signInAs(app, admin.person, admin.password);
      const practitioner = await personWithPassword(services.db, {
        partnershipId: fixture.partnership.id,
        agencyId: fixture.school.id,
        name: "Pat Practitioner",
        roles: ["practitioner"],
      });
      other = (await signInAs(app, practitioner.person, practitioner.password)).cookie;
    });

    const send = (cookie: string, url: string, form?: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(form ?? {})) {
        for (const each of [value].flat()) body.append(name, each);
      }
      return app.inject({
        method: form === undefined ? "GET" : "POST",
        url,
        headers: { cookie, ...(form === undefined ? {} : FORM) },
        ...(form === undefined ? {} : { payload: body.toString() }),
      });
    };
    const saved = async () =>
      (
        await services.db
          .select()
          .from(singleSignOnProviders)
          .where(eq(singleSignOnProviders.partnershipId, fixture.partnership.id))
      )[0];
    const changeCount = async () =>
      (
        await services.db
          .select({ count: sql<number>`count(*)::int` })
          .from(singleSignOnChanges)
          .where(eq(singleSignOnChanges.partnershipId, fixture.partnership.id))
      )[0]?.count;

    test("is for administrators only: others are refused, and the signed-out sent to sign in", async () => {
      const signedOut = await app.inject({ url: PATH });
      assert.equal(signedOut.statusCode, 303);
      assert.equal(signedOut.headers.location, `/sign-in?returnTo=${encodeURIComponent(PATH)}`);
      const refused = await send(other, PATH);
      assert.equal(refused.statusCode, 403);
      assert.equal(heading(refused.body), "You do not have access to this page");
      const otherCsrf = /name="_csrf" value="([^"]+)"/.exec(refused.body)?.[1] ?? "";
      const before = await saved();
      const post = await send(other, PATH, {
        _csrf: otherCsrf,
        label: "Hijack",
        issuer: "https://evil.example",
        "client-id": "x",
        "client-secret": "y",
      });
      assert.equal(post.statusCode, 403);
      assert.equal((await send(other, `${PATH}/remove`, { _csrf: otherCsrf })).statusCode, 403);
      assert.deepEqual(await saved(), before, "nothing changed");
    });

    test("shows what is set, never the secret, and the address to register", async () => {
      const page = await send(session.cookie, PATH);
      assert.equal(page.statusCode, 200);
      assert.equal(heading(page.body), "Single sign-on");
      assert.match(page.body, new RegExp(`Sign in with ${LABEL}`));
      assert.match(page.body, new RegExp(provider.issuer));
      assert.doesNotMatch(page.body, new RegExp(provider.clientSecret));
      assert.match(page.body, /Saved \(not shown\)/);
      assert.ok(page.body.includes(callbackUrl(services.config)));
    });

    test("bad input gets the error summary and changes nothing", async () => {
      const valid = {
        label: "Dorset Council account",
        issuer: "https://login.example.com/tenant/v2.0",
        "client-id": "abc-123",
        "client-secret": "s3cret~value",
      };
      const cases: [string, Record<string, string | string[]>, string[]][] = [
        [
          "empty",
          { label: "", issuer: "", "client-id": "", "client-secret": "" },
          ["label", "issuer", "client-id"],
        ],
        ["oversized name", { ...valid, label: "a".repeat(61) }, ["label"]],
        [
          "oversized issuer",
          { ...valid, issuer: `https://x.example/${"a".repeat(500)}` },
          ["issuer"],
        ],
        ["oversized secret", { ...valid, "client-secret": "s".repeat(1025) }, ["client-secret"]],
        [
          "sent twice",
          { ...valid, label: ["one", "two"], issuer: [valid.issuer, valid.issuer] },
          ["label", "issuer"],
        ],
        [
          "script",
          { ...valid, label: "<script>alert(1)</script>", issuer: "<script>alert(1)</script>" },
          ["label", "issuer"],
        ],
        [
          "SQL",
          { ...valid, issuer: "' OR 1=1 --", "client-id": "' OR 1=1 --" },
          ["issuer", "client-id"],
        ],
        ["http elsewhere", { ...valid, issuer: "http://login.example.com" }, ["issuer"]],
        ["not a web address", { ...valid, issuer: "ftp://login.example.com" }, ["issuer"]],
        ["a query", { ...valid, issuer: "https://login.example.com/?a=1" }, ["issuer"]],
      ];
      const before = await saved();
      const changes = await changeCount();
      for (const [name, form, fields] of cases) {
        const response = await send(session.cookie, PATH, { _csrf: session.csrfToken, ...form });
        assert.equal(response.statusCode, 400, `${name}: ${response.statusCode}`);
        assert.match(response.body, /There is a problem/, name);
        assert.deepEqual(
          errorLinks(response.body).map(([field]) => field),
          fields,
          `${name}: ${JSON.stringify(errorLinks(response.body))}`,
        );
        assert.doesNotMatch(response.body, /<script>alert/, name);
        assert.doesNotMatch(response.body, /s3cret~value/, `${name}: the secret is not shown back`);
      }
      assert.deepEqual(await saved(), before, "the provider is unchanged");
      assert.equal(await changeCount(), changes, "no change recorded");
      const noToken = await send(session.cookie, PATH, valid);
      assert.equal(noToken.statusCode, 403);
      assert.deepEqual(await saved(), before);
    });

    test("saving, keeping the secret, and removing are each recorded with who and when", async () => {
      const changes = (await changeCount()) ?? 0;
      const form = {
        _csrf: session.csrfToken,
        label: "Kingsmere Council account",
        issuer: "https://login.kingsmere.example/",
        "client-id": "resolve",
        "client-secret": "first-secret",
      };
      const first = await send(session.cookie, PATH, form);
      assert.equal(first.statusCode, 303, first.body);
      assert.equal((await saved())?.clientSecret, "first-secret");
      const kept = await send(session.cookie, PATH, {
        ...form,
        "client-id": "resolve-2",
        "client-secret": "",
      });
      assert.equal(kept.statusCode, 303, kept.body);
      assert.equal(
        (await saved())?.clientSecret,
        "first-secret",
        "a blank secret keeps the saved one",
      );
      assert.equal((await saved())?.clientId, "resolve-2");

      const page = await send(session.cookie, `${PATH}?done=saved`);
      assert.match(page.body, /Single sign-on has been saved/);
      assert.match(page.body, /Ada Administrator/);
      assert.match(page.body, /client ID resolve-2/);
      assert.doesNotMatch(page.body, /first-secret/);

      const removed = await send(session.cookie, `${PATH}/remove`, { _csrf: session.csrfToken });
      assert.equal(removed.statusCode, 303);
      assert.equal(await saved(), undefined);
      assert.equal(await changeCount(), changes + 3);
      const records = await services.db
        .select()
        .from(singleSignOnChanges)
        .where(eq(singleSignOnChanges.partnershipId, fixture.partnership.id));
      assert.deepEqual(
        records.slice(-3).map((record) => [record.change, record.secretChanged, record.changedBy]),
        [
          ["set", true, admin.person.id],
          ["set", false, admin.person.id],
          ["removed", true, admin.person.id],
        ],
      );
      const after = await send(session.cookie, PATH);
      assert.match(after.body, /Single sign-on is not set up/);
      const signIn = await new Browser(app).inject("GET", "/sign-in");
      assert.doesNotMatch(signIn.body, /Kingsmere Council account/);

      // The record of changes cannot be rewritten.
      const appendOnly = (error: Error) => /append-only/.test(String(error.cause ?? error));
      await assert.rejects(
        services.db.update(singleSignOnChanges).set({ label: "rewritten" }),
        appendOnly,
      );
      await assert.rejects(services.db.delete(singleSignOnChanges), appendOnly);
    });
  });
});
