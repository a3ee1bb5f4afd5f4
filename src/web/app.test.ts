import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { testPartnership } from "../../test/support/partnership.ts";
import { testServices } from "../../test/support/services.ts";
import { hashPassword } from "../app/auth.ts";
import type { Services } from "../app/services.ts";
import { buildApp } from "./app.ts";
import { HttpError } from "./http-error.ts";
import { ANONYMOUS_CSRF_COOKIE, SESSION_COOKIE } from "./plugins/sessions.ts";

const form = { "content-type": "application/x-www-form-urlencoded" };
const heading = (html: string) => /<h1[^>]*>([^<]*)</.exec(html)?.[1]?.trim();
const DATABASE = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";

/** The real pages every test can visit: signing in, and (demo mode) signing in as a demo person. */
const PAGES = ["/sign-in", "/demo/sign-in"];

/** An app with a few extra routes that fail on purpose. */
async function appWithFailures(services: Services) {
  const app = await buildApp(services, { demo: true });
  app.get("/test/throws", async () => {
    throw new Error("database password is hunter2 at /srv/secret.ts:12");
  });
  app.get("/test/forbidden", async () => {
    throw new HttpError(403, "not a party to this escalation");
  });
  app.post(
    "/test/validated",
    {
      schema: {
        body: {
          type: "object",
          required: ["name"],
          properties: { name: { type: "string", minLength: 1 } },
        },
      },
    },
    async () => "ok",
  );
  return app;
}

/** A signed-out visitor's CSRF cookie and the token the sign-in form carries. */
async function signInForm(app: FastifyInstance) {
  const page = await app.inject("/sign-in");
  const cookie = page.cookies.find((each) => each.name === ANONYMOUS_CSRF_COOKIE)?.value ?? "";
  const token = /name="_csrf" value="([^"]*)"/.exec(page.body)?.[1] ?? "";
  assert.equal(token, cookie);
  return { cookies: { [ANONYMOUS_CSRF_COOKIE]: cookie }, token };
}

describe(`the web app on ${DATABASE}`, () => {
  let services: Services;
  let app: FastifyInstance;
  before(async () => {
    services = await testServices({ demo: true });
    app = await appWithFailures(services);
  });
  after(async () => {
    await app.close();
    await services.database.close();
  });

  describe("security headers", () => {
    test("every response has them, exactly", async () => {
      for (const url of ["/health", ...PAGES, "/no-such-page", "/assets/application.css"]) {
        const { headers } = await app.inject(url);
        assert.equal(
          headers["content-security-policy"],
          "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;" +
            "font-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'self';object-src 'none'",
          url,
        );
        assert.equal(
          headers["strict-transport-security"],
          "max-age=31536000; includeSubDomains",
          url,
        );
        assert.equal(headers["referrer-policy"], "no-referrer", url);
        assert.equal(headers["x-content-type-options"], "nosniff", url);
        assert.equal(headers["cross-origin-opener-policy"], "same-origin", url);
        assert.equal(headers["x-frame-options"], "DENY", url);
        assert.equal(
          headers["permissions-policy"],
          "camera=(), microphone=(), geolocation=()",
          url,
        );
        assert.equal(headers["x-powered-by"], undefined, url);
      }
    });

    for (const url of PAGES) {
      test(`scripts come only from our own origin: no inline script is allowed or present (${url})`, async () => {
        const response = await app.inject(url);
        assert.equal(response.statusCode, 200);
        const csp = String(response.headers["content-security-policy"]);
        const scriptSrc = csp.split(";").find((directive) => directive.startsWith("script-src"));
        assert.equal(scriptSrc, "script-src 'self'");
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
        const scripts = response.body.match(/<script\b[^>]*>/g) ?? [];
        assert.ok(scripts.length > 0);
        for (const script of scripts) assert.match(script, /\bsrc="\/assets\//, script);
        assert.doesNotMatch(response.body, /<script\b[^>]*>[^<]+<\/script>/);
        assert.doesNotMatch(response.body, /\sstyle="/);
      });
    }

    test("pages are never stored; they hold data about children", async () => {
      for (const url of [...PAGES, "/no-such-page", "/test/throws", "/test/forbidden"]) {
        const response = await app.inject(url);
        assert.match(String(response.headers["content-type"]), /^text\/html/, url);
        assert.equal(response.headers["cache-control"], "no-store", url);
      }
    });
  });

  describe("health", () => {
    test("/health is always UP, and never cached", async () => {
      const broken = await buildApp({
        ...services,
        ready: async () => {
          throw new Error("no database");
        },
      });
      try {
        for (const target of [app, broken]) {
          const response = await target.inject("/health");
          assert.equal(response.statusCode, 200);
          assert.deepEqual(response.json(), { status: "UP" });
          assert.equal(response.headers["cache-control"], "no-store");
        }
      } finally {
        await broken.close();
      }
    });

    const readiness: {
      when: string;
      ready?: () => Promise<boolean>;
      status: number;
      body: string;
    }[] = [
      { when: "the database answers", status: 200, body: "READY" },
      { when: "it does not", ready: async () => false, status: 503, body: "NOT_READY" },
      {
        when: "the check throws",
        ready: async () => {
          throw new Error("connection refused");
        },
        status: 503,
        body: "NOT_READY",
      },
    ];
    for (const { when, ready, status, body } of readiness) {
      test(`/ready is ${status} ${body} when ${when}`, async () => {
        const target = await buildApp(ready === undefined ? services : { ...services, ready });
        try {
          const response = await target.inject("/ready");
          assert.equal(response.statusCode, status);
          assert.deepEqual(response.json(), { status: body });
          assert.equal(response.headers["cache-control"], "no-store");
        } finally {
          await target.close();
        }
      });
    }

    test("/ready is 503 NOT_READY once the database has gone", async () => {
      const gone = await testServices();
      const target = await buildApp(gone);
      try {
        assert.equal((await target.inject("/ready")).statusCode, 200);
        await gone.database.close();
        const response = await target.inject("/ready");
        assert.equal(response.statusCode, 503);
        assert.deepEqual(response.json(), { status: "NOT_READY" });
        assert.equal((await target.inject("/health")).statusCode, 200, "but the process is UP");
      } finally {
        await target.close();
      }
    });
  });

  describe("error pages", () => {
    test("an unknown address is a GOV.UK Page not found page in the layout", async () => {
      const response = await app.inject("/no-such-page/at-all?x=1");
      assert.equal(response.statusCode, 404);
      assert.equal(heading(response.body), "Page not found");
      assert.match(response.body, /<title>Page not found – Resolve<\/title>/);
      assert.match(response.body, /class="govuk-service-navigation"/);
      assert.match(response.body, /class="govuk-skip-link"/);
    });

    test("a failure is a 500 page that hides what went wrong, and is logged", async () => {
      const logged: string[] = [];
      const stream = { write: (line: string) => logged.push(line) };
      const logging = await buildApp(services, { logger: { stream } });
      logging.get("/test/throws", async () => {
        throw new Error("database password is hunter2");
      });
      const response = await logging.inject("/test/throws");
      await logging.close();
      assert.equal(response.statusCode, 500);
      assert.equal(heading(response.body), "Sorry, there is a problem with the service");
      assert.doesNotMatch(response.body, /hunter2|\.ts:\d|\bat \S+ \(|Error:/);
      assert.ok(
        logged.some((line) => line.includes("hunter2") && line.includes('"level":50')),
        "the error is logged",
      );
    });

    test("the 500 page never shows a stack trace", async () => {
      const response = await app.inject("/test/throws");
      assert.equal(response.statusCode, 500);
      assert.doesNotMatch(response.body, /hunter2|secret\.ts|stack/);
    });

    test("no access is a 403 page", async () => {
      const response = await app.inject("/test/forbidden");
      assert.equal(response.statusCode, 403);
      assert.equal(heading(response.body), "You do not have access to this page");
      assert.doesNotMatch(response.body, /not a party/);
    });

    test("a body over the limit is a 413 page, not a crash", async () => {
      const { cookies, token } = await signInForm(app);
      const response = await app.inject({
        method: "POST",
        url: "/sign-in",
        headers: form,
        cookies,
        payload: `_csrf=${token}&email=${"a".repeat(101 * 1024)}`,
      });
      assert.equal(response.statusCode, 413);
      assert.equal(heading(response.body), "What you sent is too large");
    });

    test("a body just under the limit is read", async () => {
      const { cookies, token } = await signInForm(app);
      const response = await app.inject({
        method: "POST",
        url: "/sign-in",
        headers: form,
        cookies,
        payload: `_csrf=${token}&email=${"a".repeat(99 * 1024)}&password=x`,
      });
      assert.equal(response.statusCode, 400);
      assert.equal(heading(response.body), "Sign in to Resolve");
      assert.match(response.body, /Enter a correct email address and password/);
    });

    for (const payload of ["email=%E0%A4%A", "email=%", "%zz=1", "email=%C0%AF", "email=a%00"]) {
      test(`a malformed form body (${payload}) is a 400 page, not a 500`, async () => {
        const { cookies, token } = await signInForm(app);
        const response = await app.inject({
          method: "POST",
          url: "/sign-in",
          headers: form,
          cookies,
          payload: `_csrf=${token}&${payload}`,
        });
        assert.equal(response.statusCode, 400);
        assert.equal(heading(response.body), "Sorry, there is a problem with your request");
      });
    }

    test("malformed JSON and unknown content types are 4xx pages", async () => {
      const json = await app.inject({
        method: "POST",
        url: "/sign-in",
        headers: { "content-type": "application/json" },
        payload: "{not json",
      });
      assert.equal(json.statusCode, 400);
      assert.equal(heading(json.body), "Sorry, there is a problem with your request");
      const xml = await app.inject({
        method: "POST",
        url: "/sign-in",
        headers: { "content-type": "application/xml" },
        payload: "<a/>",
      });
      assert.equal(xml.statusCode, 415);
      assert.equal(heading(xml.body), "Sorry, there is a problem with your request");
    });

    test("a request failing its schema is a 400 page, not a 500", async () => {
      const response = await app.inject({
        method: "POST",
        url: "/test/validated",
        headers: form,
        payload: "other=1",
      });
      assert.equal(response.statusCode, 400);
      assert.equal(heading(response.body), "Sorry, there is a problem with your request");
    });
  });

  describe("error pages for someone signed in", () => {
    /** An app whose procedure store fails, and the session cookie of a person signed in to it. */
    const failingApp = async () => {
      const failing = await buildApp(
        {
          ...services,
          procedures: async () => {
            throw new Error("the procedure store is down: hunter2");
          },
        },
        { demo: true },
      );
      const partnership = await testPartnership(services.db);
      await services.db.execute(
        sql`update people set password_hash = ${await hashPassword("pass phrase")} where id = ${partnership.teamManager.id}`,
      );
      const { cookies, token } = await signInForm(failing);
      const signedIn = await failing.inject({
        method: "POST",
        url: "/sign-in",
        headers: form,
        cookies,
        payload: new URLSearchParams({
          _csrf: token,
          email: partnership.teamManager.email,
          password: "pass phrase",
        }).toString(),
      });
      assert.equal(signedIn.statusCode, 303);
      const session = signedIn.cookies.find((cookie) => cookie.name === SESSION_COOKIE)?.value;
      assert.ok(session);
      return { failing, cookies: { [SESSION_COOKIE]: session } };
    };

    test("a failure in one of the service's pages still shows who is signed in, with Sign out", async () => {
      const { failing, cookies } = await failingApp();
      try {
        // The demo sign-in page reads the partnership's procedure, which fails here.
        const response = await failing.inject({ url: "/demo/sign-in", cookies });
        assert.equal(response.statusCode, 500);
        assert.equal(heading(response.body), "Sorry, there is a problem with the service");
        assert.doesNotMatch(response.body, /hunter2/);
        assert.match(response.body, /<span class="app-signed-in__name">Tom Manager<\/span>/);
        assert.match(response.body, /action="\/sign-out"[\s\S]*name="_csrf" value="[\w-]{43}"/);
      } finally {
        await failing.close();
      }
    });
  });

  describe("assets", () => {
    const served = [
      ["/assets/govuk-frontend.min.css", /^text\/css/],
      ["/assets/govuk-frontend.min.js", /javascript/],
      ["/assets/moj/moj-frontend.min.css", /^text\/css/],
      ["/assets/moj/moj-frontend.min.js", /javascript/],
      ["/assets/application.css", /^text\/css/],
      ["/assets/application.mjs", /javascript/],
      ["/assets/print.css", /^text\/css/],
      ["/assets/fonts/bold-b542beb274-v2.woff2", /^font\/woff2/],
      ["/assets/images/govuk-crest.svg", /^image\/svg/],
      ["/assets/images/icon-toggle-plus-minus.svg", /^image\/svg/],
      ["/assets/images/resolve-icon.svg", /^image\/svg/],
      ["/assets/manifest.json", /json/],
    ] as const;
    for (const [url, type] of served) {
      test(`${url} is served with a long cache`, async () => {
        const response = await app.inject(url);
        assert.equal(response.statusCode, 200);
        assert.match(String(response.headers["content-type"]), type);
        assert.equal(response.headers["cache-control"], "public, max-age=31536000, immutable");
      });
    }

    test("every asset a page links to is served", async () => {
      const page = (await app.inject("/sign-in")).body;
      const links = [...page.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? "");
      assert.ok(links.length >= 5);
      for (const link of links) {
        assert.equal((await app.inject(link)).statusCode, 200, link);
      }
    });

    const refused = [
      "/assets/../package.json",
      "/assets/%2e%2e/package.json",
      "/assets/%2E%2E/%2E%2E/package.json",
      "/assets/..%2fpackage.json",
      "/assets/..%2F..%2F..%2Fpackage.json",
      "/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json",
      "/assets/images/..%2f..%2f..%2f..%2f..%2fpackage.json",
      "/assets/..%5c..%5cpackage.json",
      "/assets/%252e%252e/package.json",
      "/assets/govuk/template.njk",
      "/assets/govuk/index.scss",
      "/assets/moj/all.scss",
      "/assets/images/",
      "/assets/",
    ];
    for (const url of refused) {
      test(`${url} is refused`, async () => {
        const response = await app.inject(url);
        assert.equal(response.statusCode, 404);
        assert.doesNotMatch(response.body, /"name": "resolve"|\$govuk|{% /);
      });
    }

    test("path traversal is refused on the wire too, where nothing normalises the path", async () => {
      const server = await buildApp(services);
      try {
        const address = await server.listen({ port: 0, host: "127.0.0.1" });
        const { port } = new URL(address);
        for (const path of [
          "/assets/../package.json",
          "/assets/../../../../etc/passwd",
          "/assets/..%2f..%2fpackage.json",
        ]) {
          const raw = await rawGet(port, path);
          const status = Number(raw.split(" ")[1]);
          assert.ok(status === 404 || status === 400, `${path}: ${raw.split("\r\n")[0]}`);
          assert.doesNotMatch(raw, /"name": "resolve"|root:x:0/);
        }
      } finally {
        await server.close();
      }
    });
  });
});

/** Sends a GET with the path exactly as written, as a browser or proxy never would. */
function rawGet(port: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1", () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    });
    let response = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => {
      response += chunk;
    });
    socket.on("end", () => resolve(response));
    socket.on("error", reject);
  });
}
