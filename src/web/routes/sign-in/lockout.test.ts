// Locking an address after five failed sign-ins, the rate limit on sign-in forms, and sessions
// ending after inactivity: through the whole app on a real database, with a clock the tests move.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { testServices } from "../../../../test/support/services.ts";
import { errorLinks, heading, TEST_PASSWORD, Visitor } from "../../../../test/support/visitor.ts";
import { hashPassword } from "../../../app/auth.ts";
import type { Services } from "../../../app/services.ts";
import { loadConfig } from "../../../config.ts";
import { insertPerson, type Person } from "../../../db/directory.ts";
import { buildApp } from "../../app.ts";

const DATABASE = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
const WRONG = "Enter a correct email address and password";
const locked = (minutes: number) =>
  `There have been too many attempts to sign in. Wait ${minutes} minute${minutes === 1 ? "" : "s"}, then try again`;

describe(`locking and limiting sign-in on ${DATABASE}`, () => {
  let clock = Date.parse("2026-03-02T09:00:00Z");
  let services: Services;
  let app: FastifyInstance;
  let partnership: Awaited<ReturnType<typeof testPartnership>>;

  const person = async (name: string): Promise<Person> =>
    insertPerson(services.db, {
      id: randomUUID(),
      partnershipId: partnership.partnership.id,
      agencyId: partnership.school.id,
      name,
      email: `${name.toLowerCase().replaceAll(" ", ".")}@example.test`,
      passwordHash: await hashPassword(TEST_PASSWORD),
      roles: ["practitioner"],
    });

  /** Tries a wrong password `times` times, returning the last answer. */
  const fail = async (visitor: Visitor, email: string, times: number) => {
    let response = await visitor.signIn(email, "not the password");
    for (let i = 1; i < times; i++) response = await visitor.signIn(email, "not the password");
    return response;
  };

  before(async () => {
    services = await testServices({}, { now: () => new Date(clock).toISOString() });
    app = await buildApp(services);
    partnership = await testPartnership(services.db);
  });
  after(async () => {
    await app.close();
    await services.database.close();
  });

  describe("after five failed attempts in a row", () => {
    test("the address is locked for 15 minutes, even with the right password", async () => {
      const lou = await person("Lou Locked");
      const visitor = new Visitor(app);
      const fourth = await fail(visitor, lou.email, 4);
      assert.deepEqual(errorLinks(fourth.body), [["email", WRONG]]);
      const fifth = await visitor.signIn(lou.email, "not the password");
      assert.equal(fifth.statusCode, 400);
      assert.equal(heading(fifth.body), "Sign in to Resolve");
      assert.match(fifth.body, /data-qa="error-summary"/);
      assert.deepEqual(errorLinks(fifth.body), [["email", locked(15)]]);
      const right = await visitor.signIn(lou.email);
      assert.equal(right.statusCode, 400);
      assert.deepEqual(errorLinks(right.body), [["email", locked(15)]]);
      assert.equal(await visitor.home(), "/sign-in");

      clock += 10 * 60_000;
      assert.deepEqual(errorLinks((await visitor.signIn(lou.email)).body), [["email", locked(5)]]);
      clock += 5 * 60_000;
      assert.equal((await visitor.signIn(lou.email)).statusCode, 303, "unlocked after 15 minutes");
      assert.equal(await visitor.home(), "/your-work");
    });

    test("after the lock, the count starts again: four more failures do not lock it", async () => {
      const ray = await person("Ray Relock");
      const visitor = new Visitor(app);
      await fail(visitor, ray.email, 5);
      clock += 15 * 60_000;
      assert.deepEqual(errorLinks((await fail(visitor, ray.email, 4)).body), [["email", WRONG]]);
      assert.deepEqual(errorLinks((await fail(visitor, ray.email, 1)).body), [
        ["email", locked(15)],
      ]);
    });

    test("an unknown address is locked just the same, on the same page", async () => {
      const kim = await person("Kim Known");
      const known = await fail(new Visitor(app), kim.email, 5);
      const unknown = await fail(new Visitor(app), "nobody.at.all@example.test", 5);
      for (const response of [known, unknown]) {
        assert.equal(response.statusCode, 400);
        assert.deepEqual(errorLinks(response.body), [["email", locked(15)]]);
      }
      const page = (response: typeof known, email: string) =>
        response.body.replaceAll(email, "EMAIL").replace(/name="_csrf" value="[^"]*"/g, "");
      assert.equal(page(known, kim.email), page(unknown, "nobody.at.all@example.test"));
    });

    test("the address is locked whatever its case or spaces", async () => {
      const cas = await person("Cas Case");
      const visitor = new Visitor(app);
      await fail(visitor, cas.email.toUpperCase(), 3);
      await fail(visitor, `  ${cas.email} `, 2);
      assert.deepEqual(errorLinks((await visitor.signIn(cas.email)).body), [["email", locked(15)]]);
    });
  });

  test("a successful sign-in starts the count again", async () => {
    const sam = await person("Sam Success");
    const visitor = new Visitor(app);
    await fail(visitor, sam.email, 4);
    assert.equal((await visitor.signIn(sam.email)).statusCode, 303);
    assert.deepEqual(errorLinks((await fail(visitor, sam.email, 4)).body), [["email", WRONG]]);
    assert.equal((await visitor.signIn(sam.email)).statusCode, 303, "still not locked");
  });

  test("an empty form is not an attempt", async () => {
    const eve = await person("Eve Empty");
    const visitor = new Visitor(app);
    await visitor.get("/sign-in");
    for (let i = 0; i < 6; i++) {
      await visitor.post("/sign-in", { email: eve.email, password: "" });
    }
    assert.equal((await visitor.signIn(eve.email)).statusCode, 303);
  });

  test("a session ends after RESOLVE_SESSION_IDLE_MINUTES without a request, not before", async () => {
    const ida = await person("Ida Idle");
    const visitor = new Visitor(app);
    await visitor.signIn(ida.email);
    const idle = services.config.sessionIdleMinutes;
    // Busy: a request every idle-period-less-a-minute keeps it going far beyond one period.
    for (let i = 0; i < 3; i++) {
      clock += (idle - 1) * 60_000;
      assert.equal(await visitor.home(), "/your-work", `request ${i + 1}`);
    }
    clock += idle * 60_000 + 1000;
    assert.equal(await visitor.home(), "/sign-in", "idle for the whole period: signed out");
    clock -= idle * 60_000; // and the clock going back does not revive it: the row has gone
    assert.equal(await visitor.home(), "/sign-in");
  });
});

describe(`the rate limit on sign-in forms on ${DATABASE}`, () => {
  let services: Services;
  let app: FastifyInstance;

  before(async () => {
    services = await testServices({ signInRateLimit: 3 });
    app = await buildApp(services);
  });
  after(async () => {
    await app.close();
    await services.database.close();
  });

  test("more posts than allowed from one address get a GOV.UK page, status 429", async () => {
    const visitor = new Visitor(app);
    await visitor.get("/sign-in");
    for (let i = 0; i < 2; i++) {
      const response = await visitor.post("/sign-in", { email: "a@example.test", password: "x" });
      assert.equal(response.statusCode, 400);
    }
    // The forms share one allowance: the third is the last.
    const third = await visitor.post("/forgotten-password", { email: "a@example.test" });
    assert.equal(third.statusCode, 303);
    for (const url of ["/sign-in", "/sign-in/code", "/forgotten-password", "/reset-password"]) {
      const refused = await visitor.post(url, { email: "a@example.test", password: "x" });
      assert.equal(refused.statusCode, 429, url);
      assert.match(String(refused.headers["content-type"]), /^text\/html/);
      assert.equal(heading(refused.body), "Too many attempts");
      assert.match(refused.body, /<title>Too many attempts – Resolve<\/title>/);
      assert.ok(Number(refused.headers["retry-after"]) > 0, "says when to try again");
    }
    // Pages are still there to read, and other addresses are not limited.
    assert.equal((await visitor.get("/sign-in")).statusCode, 200);
    const elsewhere = await visitor.send({
      method: "POST",
      url: "/sign-in",
      remoteAddress: "192.0.2.7",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({
        _csrf: visitor.csrf,
        email: "a@example.test",
        password: "x",
      }).toString(),
    });
    assert.equal(elsewhere.statusCode, 400);
  });
});

describe(`the client's address behind a proxy on ${DATABASE}`, () => {
  /** Posts sign-in forms from the proxy at 10.0.0.5 on behalf of `client`; returns the statuses. */
  const attempts = async (app: FastifyInstance, client: string, count: number) => {
    const visitor = new Visitor(app);
    await visitor.get("/sign-in");
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const response = await visitor.send({
        method: "POST",
        url: "/sign-in",
        remoteAddress: "10.0.0.5",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-forwarded-for": client,
        },
        payload: new URLSearchParams({
          _csrf: visitor.csrf,
          email: "a@example.test",
          password: "x",
        }).toString(),
      });
      statuses.push(response.statusCode);
    }
    return statuses;
  };

  for (const [setting, separate] of [
    ["", false],
    ["1", true],
    ["10.0.0.0/8", true],
    ["192.0.2.1", false],
  ] as const) {
    test(`RESOLVE_TRUST_PROXY="${setting}": clients behind the proxy are ${separate ? "limited one by one" : "one client"}`, async () => {
      const services = await testServices({
        signInRateLimit: 2,
        trustProxy: loadConfig({ RESOLVE_TRUST_PROXY: setting }).trustProxy,
      });
      const app = await buildApp(services);
      try {
        assert.deepEqual(await attempts(app, "198.51.100.1", 2), [400, 400]);
        // Another client, or the same one claiming to be another, behind the same proxy.
        assert.deepEqual(await attempts(app, "198.51.100.2", 1), separate ? [400] : [429]);
      } finally {
        await app.close();
        await services.database.close();
      }
    });
  }
});
