// Signing in and out, sessions and CSRF tokens, through the whole app on a real database.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { testServices } from "../../../../test/support/services.ts";
import {
  errorLinks,
  heading,
  TEST_PASSWORD as PASSWORD,
  Visitor,
} from "../../../../test/support/visitor.ts";
import { hashPassword } from "../../../app/auth.ts";
import type { Services } from "../../../app/services.ts";
import { insertPerson, type Person } from "../../../db/directory.ts";
import { people, sessions } from "../../../db/schema.ts";
import { buildApp } from "../../app.ts";
import { ANONYMOUS_CSRF_COOKIE, SESSION_COOKIE } from "../../plugins/sessions.ts";

const DATABASE = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
const WRONG = "Enter a correct email address and password";

describe(`signing in on ${DATABASE}`, () => {
  let services: Services;
  let app: FastifyInstance;
  let partnership: Awaited<ReturnType<typeof testPartnership>>;
  let amina: Person;
  let tom: Person;

  /** A person in the test partnership; with a password unless `password: null`. */
  const person = async (
    name: string,
    options: { password?: string | null; active?: boolean; demo?: boolean } = {},
  ): Promise<Person> => {
    const password = options.password === undefined ? PASSWORD : options.password;
    return insertPerson(services.db, {
      id: randomUUID(),
      partnershipId: partnership.partnership.id,
      agencyId: partnership.school.id,
      name,
      email: `${name.toLowerCase().replaceAll(" ", ".")}@example.test`,
      passwordHash: password === null ? null : await hashPassword(password),
      active: options.active ?? true,
      demo: options.demo ?? false,
      roles: ["practitioner"],
    });
  };

  const sessionsOf = (personId: string) =>
    services.db.select().from(sessions).where(eq(sessions.personId, personId));
  const sessionCount = async () => {
    const [row] = await services.db.select({ n: sql<number>`count(*)::int` }).from(sessions);
    return row?.n ?? 0;
  };

  before(async () => {
    services = await testServices({ demo: true });
    app = await buildApp(services, { demo: true });
    partnership = await testPartnership(services.db);
    amina = await person("Amina Okafor");
    tom = await person("Tom Reid");
    await person("Hal Hostile");
  });
  after(async () => {
    await app.close();
    await services.database.close();
  });

  describe("the sign-in page", () => {
    test("has a form whose token matches the cookie it sets, and no session", async () => {
      const visitor = new Visitor(app);
      const response = await visitor.get("/sign-in");
      assert.equal(response.statusCode, 200);
      assert.equal(heading(response.body), "Sign in to Resolve");
      assert.match(response.body, /<title>Sign in – Resolve<\/title>/);
      assert.match(visitor.csrf, /^[\w-]{43}$/);
      assert.equal(visitor.cookies.get(ANONYMOUS_CSRF_COOKIE), visitor.csrf);
      assert.equal(visitor.cookies.has(SESSION_COOKIE), false);
      assert.match(response.body, /autocomplete="username"/);
      assert.match(
        response.body,
        /type="password"[^>]*autocomplete="current-password"|autocomplete="current-password"[^>]*type="password"/,
      );
      assert.match(response.body, /data-qa="demo-sign-in-link"/);
      assert.doesNotMatch(response.body, /data-qa="signed-in"/);
    });

    test("keeps its token across visits, so two tabs both work", async () => {
      const visitor = new Visitor(app);
      await visitor.get("/sign-in");
      const first = visitor.csrf;
      await visitor.get("/sign-in");
      assert.equal(visitor.csrf, first);
    });

    test("signed in, it sends you on", async () => {
      const visitor = new Visitor(app);
      await visitor.signIn(amina.email);
      const response = await visitor.get("/sign-in");
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, "/");
    });
  });

  describe("with a local account", () => {
    test("the right email and password start a session and go to your work", async () => {
      const ravi = await person("Ravi Patel");
      const visitor = new Visitor(app);
      assert.equal(await visitor.home(), "/sign-in");
      const response = await visitor.signIn(ravi.email);
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, "/");
      assert.equal(await visitor.home(), "/your-work");
      assert.equal(visitor.cookies.has(ANONYMOUS_CSRF_COOKIE), false, "the anonymous token goes");
      const [session, ...others] = await sessionsOf(ravi.id);
      assert.ok(session, "the session is a row in the database");
      assert.equal(others.length, 0);
      assert.notEqual(session.idHash, visitor.cookies.get(SESSION_COOKIE), "only its hash is kept");
      // The header names the person, with a Sign out button carrying the session's token.
      const page = await visitor.get("/demo/sign-in");
      assert.match(page.body, /<span class="app-signed-in__name">Ravi Patel<\/span>/);
      assert.equal(visitor.csrf, session.csrfToken);
    });

    test("the email is matched whatever its case and spaces around it", async () => {
      const visitor = new Visitor(app);
      const response = await visitor.signIn(`  ${amina.email.toUpperCase()} `);
      assert.equal(response.statusCode, 303);
      assert.equal(await visitor.home(), "/your-work");
    });

    test("a password in any script works", async () => {
      const password = "Pässwörd – 安全 🔐";
      const zofia = await person("Zofia Nowak", { password });
      const visitor = new Visitor(app);
      assert.equal((await visitor.signIn(zofia.email, password)).statusCode, 303);
      assert.equal(await visitor.home(), "/your-work");
    });

    test("the session cookie is HttpOnly, Secure, SameSite=Lax, for the whole site", async () => {
      const visitor = new Visitor(app);
      await visitor.get("/sign-in");
      const response = await visitor.post("/sign-in", { email: amina.email, password: PASSWORD });
      const header = [response.headers["set-cookie"] ?? []]
        .flat()
        .find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
      assert.ok(header, "a session cookie is set");
      const attributes = header.split(/;\s*/).slice(1);
      for (const attribute of ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"]) {
        assert.ok(attributes.includes(attribute), `${attribute} in ${header}`);
      }
      assert.equal(
        attributes.some((attribute) => /^(Max-Age|Expires|Domain)=/i.test(attribute)),
        false,
        "a browser-session cookie, for this host only: the server decides when it expires",
      );
    });

    test("a wrong password and an unknown email get the same answer", async () => {
      const wanda = await person("Wanda Wrong");
      const visitor = new Visitor(app);
      await visitor.get("/sign-in");
      const wrongPassword = await visitor.post("/sign-in", {
        email: wanda.email,
        password: "not her password",
      });
      const unknownEmail = await visitor.post("/sign-in", {
        email: "nobody@example.test",
        password: PASSWORD,
      });
      for (const response of [wrongPassword, unknownEmail]) {
        assert.equal(response.statusCode, 400);
        assert.equal(heading(response.body), "Sign in to Resolve");
        assert.match(response.body, /<title>Error: Sign in – Resolve<\/title>/);
        assert.deepEqual(errorLinks(response.body), [["email", WRONG]]);
        assert.doesNotMatch(response.body, /not her password|correct horse/, "no password echoed");
      }
      assert.equal(
        wrongPassword.body.replaceAll(wanda.email, "EMAIL"),
        unknownEmail.body.replaceAll("nobody@example.test", "EMAIL"),
        "the pages differ only in the email typed",
      );
      assert.match(wrongPassword.body, new RegExp(`value="${wanda.email}"`), "the email is kept");
      assert.equal((await sessionsOf(wanda.id)).length, 0);
      assert.equal(visitor.cookies.has(SESSION_COOKIE), false);
    });

    test("a wrong password and an unknown email take about as long: both check a password hash", async () => {
      const visitor = new Visitor(app);
      await visitor.get("/sign-in");
      const timed = async (email: string) => {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          const start = performance.now();
          const response = await visitor.post("/sign-in", { email, password: "guess" });
          times.push(performance.now() - start);
          assert.equal(response.statusCode, 400);
        }
        return times.sort((a, b) => a - b)[2] ?? 0;
      };
      // Five failures lock an address, so these two are used for nothing else.
      const known = await timed((await person("Tim Timed")).email);
      const unknown = await timed("nobody.timed@example.test");
      // argon2id takes tens of milliseconds; without the decoy hash an unknown email would take
      // a few. Generous bounds, so a busy machine does not make this flaky.
      assert.ok(
        unknown > known * 0.4 && unknown < known * 2.5,
        `known ${known} ms, unknown ${unknown} ms`,
      );
    });

    test("a deactivated person cannot sign in, and is told nothing more", async () => {
      const gone = await person("Gail Left", { active: false });
      const visitor = new Visitor(app);
      const response = await visitor.signIn(gone.email);
      assert.equal(response.statusCode, 400);
      assert.deepEqual(errorLinks(response.body), [["email", WRONG]]);
      assert.equal((await sessionsOf(gone.id)).length, 0);
      assert.equal(await visitor.home(), "/sign-in");
    });

    test("a person deactivated while signed in is signed out at their next request", async () => {
      const leaving = await person("Lee Leaving");
      const visitor = new Visitor(app);
      await visitor.signIn(leaving.email);
      assert.equal(await visitor.home(), "/your-work");
      await services.db.execute(sql`update people set active = false where id = ${leaving.id}`);
      assert.equal(await visitor.home(), "/sign-in");
      assert.equal(visitor.cookies.has(SESSION_COOKIE), false, "the cookie is cleared");
    });

    test("a person without a password (single sign-on only) cannot sign in with one", async () => {
      const sso = await person("Sam Single", { password: null });
      for (const password of [PASSWORD, "null", "undefined"]) {
        const visitor = new Visitor(app);
        const response = await visitor.signIn(sso.email, password);
        assert.equal(response.statusCode, 400);
        assert.deepEqual(errorLinks(response.body), [["email", WRONG]]);
      }
    });

    test("posted empty, each field says what to enter", async () => {
      const visitor = new Visitor(app);
      await visitor.get("/sign-in");
      const response = await visitor.post("/sign-in", { email: "  ", password: "" });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /data-qa="error-summary"/);
      assert.deepEqual(errorLinks(response.body), [
        ["email", "Enter your email address"],
        ["password", "Enter your password"],
      ]);
      assert.equal(response.body.match(/class="govuk-error-message"/g)?.length, 2);
      const fields = await visitor.post("/sign-in", { email: amina.email });
      assert.deepEqual(errorLinks(fields.body), [["password", "Enter your password"]]);
    });
  });

  describe("odd and hostile input is a 400 with the error summary, never a 500", () => {
    const cases: [string, Record<string, string | string[]>][] = [
      ["a 10 KB email", { email: `${"a".repeat(10 * 1024)}@example.test`, password: "x" }],
      ["a 10 KB password", { email: "hal.hostile@example.test", password: "p".repeat(10 * 1024) }],
      ["a 90 KB email", { email: "a".repeat(90 * 1024), password: "x" }],
      ["unicode", { email: "ámina.ökafor@exämple.test", password: "пароль" }],
      ["emoji", { email: "🙂@example.test", password: "🔐" }],
      ["SQL", { email: "' OR 1=1 --", password: "' OR '1'='1" }],
      ["SQL in a real address", { email: "amina.okafor@example.test' --", password: "x" }],
      ["a script", { email: "<script>alert(1)</script>", password: "<script>" }],
      ["control characters", { email: "amina\u0007\u001b@example.test", password: "x" }],
      [
        "a repeated field",
        { email: ["amina.okafor@example.test", "tom.reid@example.test"], password: "x" },
      ],
      [
        "fields named like prototypes",
        Object.fromEntries([
          ["__proto__", "x"],
          ["constructor", "y"],
          ["email", "a@b.c"],
          ["password", "x"],
        ]),
      ],
    ];
    for (const [what, fields] of cases) {
      test(what, async () => {
        const visitor = new Visitor(app);
        await visitor.get("/sign-in");
        const response = await visitor.post("/sign-in", fields);
        assert.equal(response.statusCode, 400);
        assert.equal(heading(response.body), "Sign in to Resolve");
        assert.match(response.body, /data-qa="error-summary"/);
        assert.doesNotMatch(response.body, /<script>alert/);
        assert.equal(await visitor.home(), "/sign-in");
      });
    }

    test("the email is shown back escaped, and no longer than an email can be", async () => {
      const visitor = new Visitor(app);
      await visitor.get("/sign-in");
      const script = await visitor.post("/sign-in", {
        email: '"><script>alert(1)</script>',
        password: "x",
      });
      assert.match(script.body, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
      const long = await visitor.post("/sign-in", { email: "a".repeat(10 * 1024), password: "x" });
      assert.match(long.body, /value="a{320}"/);
    });

    test("a NUL character, which PostgreSQL cannot store, is a 400 too", async () => {
      const visitor = new Visitor(app);
      await visitor.get("/sign-in");
      const form = await visitor.post("/sign-in", {
        email: "amina\u0000@example.test",
        password: "x",
      });
      assert.equal(form.statusCode, 400);
      assert.equal(heading(form.body), "Sorry, there is a problem with your request");
      const json = await visitor.send({
        method: "POST",
        url: "/sign-in",
        headers: { "content-type": "application/json" },
        payload: JSON.stringify({
          _csrf: visitor.csrf,
          email: "amina\u0000@x.test",
          password: "x",
        }),
      });
      assert.equal(json.statusCode, 400);
      assert.deepEqual(errorLinks(json.body), [["email", WRONG]]);
      assert.match(json.body, /value="amina@x.test"/);
    });

    test("a JSON body is read as a form: no way round the token", async () => {
      const visitor = new Visitor(app);
      await visitor.get("/sign-in");
      const response = await visitor.send({
        method: "POST",
        url: "/sign-in",
        headers: { "content-type": "application/json" },
        payload: JSON.stringify({ _csrf: visitor.csrf, email: { $ne: "" }, password: ["x"] }),
      });
      assert.equal(response.statusCode, 400);
      assert.deepEqual(errorLinks(response.body), [
        ["email", "Enter your email address"],
        ["password", "Enter your password"],
      ]);
    });
  });

  describe("sessions", () => {
    test("signing in issues a new session token, whatever cookie was planted before", async () => {
      const visitor = new Visitor(app);
      const planted = "planted-by-an-attacker-0123456789abcdefghijk";
      visitor.cookies.set(SESSION_COOKIE, planted);
      await visitor.get("/sign-in");
      assert.equal(visitor.cookies.has(SESSION_COOKIE), false, "an unknown token is cleared");
      visitor.cookies.set(SESSION_COOKIE, planted);
      const response = await visitor.post("/sign-in", { email: amina.email, password: PASSWORD });
      assert.equal(response.statusCode, 303);
      const token = visitor.cookies.get(SESSION_COOKIE);
      assert.ok(token);
      assert.notEqual(token, planted);
      assert.equal(await visitor.home(), "/your-work");
      const attacker = new Visitor(app);
      attacker.cookies.set(SESSION_COOKIE, planted);
      assert.equal(await attacker.home(), "/sign-in", "the planted token does not authenticate");
    });

    test("a real session planted in someone's browser ends when they sign in", async () => {
      const attacker = new Visitor(app);
      await attacker.signIn(tom.email);
      await attacker.get("/demo/sign-in");
      const planted = attacker.cookies.get(SESSION_COOKIE) ?? "";
      const victim = new Visitor(app);
      victim.cookies.set(SESSION_COOKIE, planted);
      const response = await victim.post(
        "/sign-in",
        { email: amina.email, password: PASSWORD },
        attacker.csrf,
      );
      assert.equal(response.statusCode, 303);
      assert.notEqual(victim.cookies.get(SESSION_COOKIE), planted);
      assert.equal(await victim.home(), "/your-work");
      assert.match((await victim.get("/demo/sign-in")).body, /Amina Okafor/);
      assert.equal(await attacker.home(), "/sign-in", "the attacker's session has ended");
    });

    test("signing out ends the session in the database: the old cookie no longer works", async () => {
      const visitor = new Visitor(app);
      await visitor.signIn(amina.email);
      await visitor.get("/demo/sign-in");
      const token = visitor.cookies.get(SESSION_COOKIE) ?? "";
      const before = (await sessionsOf(amina.id)).length;
      const response = await visitor.post("/sign-out", {});
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, "/sign-in");
      assert.equal(visitor.cookies.has(SESSION_COOKIE), false, "the cookie is cleared");
      assert.equal((await sessionsOf(amina.id)).length, before - 1, "the row is gone");
      const replay = new Visitor(app);
      replay.cookies.set(SESSION_COOKIE, token);
      assert.equal(await replay.home(), "/sign-in");
    });

    test("signing out when not signed in just goes to sign in", async () => {
      const visitor = new Visitor(app);
      await visitor.get("/sign-in");
      const response = await visitor.post("/sign-out", {});
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, "/sign-in");
    });

    test("a session idle longer than allowed is treated as signed out", async () => {
      const visitor = new Visitor(app);
      await visitor.signIn(amina.email);
      const token = visitor.cookies.get(SESSION_COOKIE);
      assert.equal(await visitor.home(), "/your-work");
      await services.db
        .update(sessions)
        .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
        .where(eq(sessions.personId, amina.id));
      assert.equal(await visitor.home(), "/sign-in");
      assert.equal(visitor.cookies.has(SESSION_COOKIE), false, "the cookie is cleared");
      visitor.cookies.set(SESSION_COOKIE, token ?? "");
      assert.equal(await visitor.home(), "/sign-in", "and it stays expired");
    });

    test("a form sent after the session ended asks you to sign in again, and does nothing", async () => {
      const idle = await person("Ida Idle");
      const visitor = new Visitor(app);
      await visitor.signIn(idle.email);
      await visitor.get("/demo/sign-in");
      const token = visitor.cookies.get(SESSION_COOKIE) ?? "";
      await services.db
        .update(sessions)
        .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
        .where(eq(sessions.personId, idle.id));
      // Sign out, pressed on a page left open too long: not "You do not have access".
      const signOut = await visitor.post("/sign-out", {});
      assert.equal(signOut.statusCode, 303);
      assert.equal(signOut.headers.location, "/sign-in");
      assert.equal(visitor.cookies.has(SESSION_COOKIE), false);
      // Any other form the same: nothing is done (a demo sign-in here would start a session).
      const demo = await person("Dot Demo", { demo: true });
      const stale = new Visitor(app);
      stale.cookies.set(SESSION_COOKIE, token);
      const before = await sessionCount();
      const response = await stale.post("/demo/sign-in", { personId: demo.id }, visitor.csrf);
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, "/sign-in");
      assert.equal(await sessionCount(), before);
      assert.equal(await stale.home(), "/sign-in");
    });

    test("activity pushes the idle expiry back by RESOLVE_SESSION_IDLE_MINUTES", async () => {
      const idle = await testServices({ demo: false, sessionIdleMinutes: 5 });
      const short = await buildApp(idle);
      try {
        const local = await testPartnership(idle.db);
        await idle.db
          .update(people)
          .set({ passwordHash: await hashPassword(PASSWORD) })
          .where(eq(people.id, local.teacher.id));
        const visitor = new Visitor(short);
        const signedInAt = Date.now();
        await visitor.signIn(local.teacher.email);
        const expiry = async () => {
          const [row] = await idle.db
            .select()
            .from(sessions)
            .where(eq(sessions.personId, local.teacher.id));
          return new Date(row?.expiresAt ?? 0).getTime();
        };
        const first = await expiry();
        assert.ok(Math.abs(first - (signedInAt + 5 * 60_000)) < 10_000, "five minutes on");
        // Four minutes and 59 seconds pass without a request.
        await idle.db
          .update(sessions)
          .set({
            lastSeenAt: new Date(Date.now() - 299_000).toISOString(),
            expiresAt: new Date(Date.now() + 1000).toISOString(),
          })
          .where(eq(sessions.personId, local.teacher.id));
        assert.equal(await visitor.home(), "/your-work");
        assert.ok((await expiry()) > Date.now() + 4 * 60_000, "pushed back to five minutes");
      } finally {
        await short.close();
        await idle.database.close();
      }
    });
  });

  describe("every form needs its token", () => {
    const signedIn = async (who: Person) => {
      const visitor = new Visitor(app);
      await visitor.signIn(who.email);
      await visitor.get("/demo/sign-in");
      return visitor;
    };

    const refused = (response: LightMyRequestResponse) => {
      assert.equal(response.statusCode, 403);
      assert.equal(heading(response.body), "You do not have access to this page");
    };

    test("signing in without a token, with a wrong one or with another's is refused, and nothing changes", async () => {
      const other = new Visitor(app);
      await other.get("/sign-in");
      const tomsSession = await signedIn(tom);
      for (const csrf of [null, "", "wrong", `${"x".repeat(43)}`, other.csrf, tomsSession.csrf]) {
        const visitor = new Visitor(app);
        await visitor.get("/sign-in");
        const before = await sessionCount();
        refused(await visitor.post("/sign-in", { email: amina.email, password: PASSWORD }, csrf));
        assert.equal(await sessionCount(), before, `no session started (_csrf ${csrf})`);
        assert.equal(visitor.cookies.has(SESSION_COOKIE), false);
        assert.equal(await visitor.home(), "/sign-in");
      }
    });

    test("a token with no cookie at all is refused", async () => {
      const visitor = new Visitor(app);
      await visitor.get("/sign-in");
      const csrf = visitor.csrf;
      visitor.cookies.clear();
      refused(await visitor.post("/sign-in", { email: amina.email, password: PASSWORD }, csrf));
    });

    test("signing out without the session's token is refused, and the session goes on", async () => {
      const amina1 = await signedIn(amina);
      const tomsSession = await signedIn(tom);
      const anonymous = new Visitor(app);
      await anonymous.get("/sign-in");
      for (const csrf of [null, "wrong", tomsSession.csrf, anonymous.csrf]) {
        const response = await amina1.post("/sign-out", {}, csrf);
        refused(response);
        // The error page still knows who is signed in.
        assert.match(response.body, /<span class="app-signed-in__name">Amina Okafor<\/span>/);
        assert.equal(await amina1.home(), "/your-work");
      }
      assert.equal(await tomsSession.home(), "/your-work");
    });

    test("the token must be in the form: a header or query string does not do", async () => {
      const visitor = new Visitor(app);
      await visitor.get("/sign-in");
      refused(
        await visitor.send({
          method: "POST",
          url: `/sign-in?_csrf=${visitor.csrf}`,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-csrf-token": visitor.csrf,
          },
          payload: new URLSearchParams({ email: amina.email, password: PASSWORD }).toString(),
        }),
      );
    });

    test("a cross-site text/plain form is refused", async () => {
      const visitor = new Visitor(app);
      await visitor.get("/sign-in");
      refused(
        await visitor.send({
          method: "POST",
          url: "/sign-in",
          headers: { "content-type": "text/plain" },
          payload: `_csrf=${visitor.csrf}&email=${amina.email}&password=${PASSWORD}`,
        }),
      );
    });

    test("demo sign-in without the token is refused", async () => {
      const demoPerson = await person("Dee Demo", { demo: true });
      const visitor = new Visitor(app);
      await visitor.get("/demo/sign-in");
      refused(await visitor.post("/demo/sign-in", { personId: demoPerson.id }, null));
      assert.equal(await visitor.home(), "/sign-in");
    });
  });

  describe("returning where you were going", () => {
    const signInReturningTo = async (returnTo: string) => {
      const visitor = new Visitor(app);
      const page = await visitor.get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
      const kept = /name="returnTo" value="([^"]*)"/.exec(page.body)?.[1];
      const response = await visitor.post("/sign-in", {
        email: amina.email,
        password: PASSWORD,
        returnTo,
      });
      assert.equal(response.statusCode, 303);
      return { kept, location: response.headers.location };
    };

    for (const path of ["/escalations/3f1c/record", "/log?stage=stage-2&page=2", "/your-work"]) {
      test(`a local path is honoured: ${path}`, async () => {
        const { kept, location } = await signInReturningTo(path);
        assert.equal(location, path);
        assert.equal(kept?.replaceAll("&amp;", "&"), path);
      });
    }

    for (const path of [
      "//evil.example",
      "//evil.example/your-work",
      "https://evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
    ]) {
      test(`anything else goes home: ${JSON.stringify(path)}`, async () => {
        const { kept, location } = await signInReturningTo(path);
        assert.equal(location, "/");
        assert.equal(kept, "/");
      });
    }

    test("a returnTo sent twice goes home", async () => {
      const visitor = new Visitor(app);
      await visitor.get("/sign-in");
      const response = await visitor.post("/sign-in", {
        email: amina.email,
        password: PASSWORD,
        returnTo: ["/log", "//evil.example"],
      });
      assert.equal(response.headers.location, "/");
    });

    test("a wrong password keeps where you were going", async () => {
      const visitor = new Visitor(app);
      await visitor.get("/sign-in?returnTo=%2Flog");
      const response = await visitor.post("/sign-in", {
        email: tom.email,
        password: "wrong",
        returnTo: "/log",
      });
      assert.match(response.body, /name="returnTo" value="\/log"/);
    });
  });

  describe("as a demo person", () => {
    let demoPerson: Person;
    let demoInactive: Person;
    before(async () => {
      demoPerson = await person("Dana Demo", { demo: true, password: null });
      demoInactive = await person("Ina Inactive", { demo: true, active: false });
    });

    test("the page lists the active demo people, by agency, and no one else", async () => {
      const visitor = new Visitor(app);
      const response = await visitor.get("/demo/sign-in");
      assert.equal(response.statusCode, 200);
      assert.equal(heading(response.body), "Sign in as a demo person");
      assert.match(response.body, /Sign in as Dana Demo/);
      assert.match(response.body, /Hillside Primary School/);
      for (const name of ["Amina Okafor", "Tom Reid", "Ina Inactive"]) {
        assert.doesNotMatch(response.body, new RegExp(name), name);
      }
      assert.match(response.body, /data-qa="demo-banner"/);
    });

    test("choosing one signs in as them and goes to your work", async () => {
      const visitor = new Visitor(app);
      await visitor.get("/demo/sign-in");
      const response = await visitor.post("/demo/sign-in", { personId: demoPerson.id });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, "/");
      assert.equal(await visitor.home(), "/your-work");
      assert.match((await visitor.get("/demo/sign-in")).body, /app-signed-in__name">Dana Demo</);
      assert.equal((await sessionsOf(demoPerson.id)).length > 0, true);
    });

    test("choosing another while signed in ends the first session", async () => {
      const other = await person("Deb Demo", { demo: true });
      const visitor = new Visitor(app);
      await visitor.get("/demo/sign-in");
      await visitor.post("/demo/sign-in", { personId: demoPerson.id });
      const first = visitor.cookies.get(SESSION_COOKIE) ?? "";
      await visitor.get("/demo/sign-in");
      await visitor.post("/demo/sign-in", { personId: other.id });
      assert.match((await visitor.get("/demo/sign-in")).body, /app-signed-in__name">Deb Demo</);
      const replay = new Visitor(app);
      replay.cookies.set(SESSION_COOKIE, first);
      assert.equal(await replay.home(), "/sign-in");
    });

    for (const [what, personId] of [
      ["a person who is not a demo person", () => amina.id],
      ["an inactive demo person", () => demoInactive.id],
      ["someone who does not exist", () => randomUUID()],
      ["a malformed id", () => "not-an-id"],
      ["SQL", () => "' OR demo = true --"],
      ["nothing", () => ""],
    ] as const) {
      test(`choosing ${what} goes back to the list`, async () => {
        const visitor = new Visitor(app);
        await visitor.get("/demo/sign-in");
        const before = await sessionCount();
        const response = await visitor.post("/demo/sign-in", { personId: personId() });
        assert.equal(response.statusCode, 303);
        assert.equal(response.headers.location, "/demo/sign-in");
        assert.equal(await sessionCount(), before);
        assert.equal(await visitor.home(), "/sign-in");
      });
    }

    test("without demo mode there is no demo sign-in at all", async () => {
      const live = await buildApp({ ...services, config: { ...services.config, demo: false } });
      try {
        const visitor = new Visitor(live);
        const page = await visitor.get("/sign-in");
        assert.doesNotMatch(page.body, /demo-sign-in-link|data-qa="demo-banner"/);
        assert.equal((await visitor.get("/demo/sign-in")).statusCode, 404);
        const response = await visitor.post("/demo/sign-in", { personId: demoPerson.id });
        assert.equal(response.statusCode, 404);
        assert.equal(await visitor.home(), "/sign-in");
        // Local accounts still work.
        assert.equal((await visitor.signIn(amina.email)).statusCode, 303);
        assert.equal(await visitor.home(), "/your-work");
      } finally {
        await live.close();
      }
    });
  });
});
