// Signing in with a password and an authenticator app's code, through the whole app on a real
// database, with a clock the tests move.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { testServices } from "../../../../test/support/services.ts";
import { codeAt, ODD_CODES, setUpAuthenticator } from "../../../../test/support/totp.ts";
import { errorLinks, TEST_PASSWORD, Visitor } from "../../../../test/support/visitor.ts";
import { hashPassword } from "../../../app/auth.ts";
import type { Services } from "../../../app/services.ts";
import { insertPerson, type Person } from "../../../db/directory.ts";
import { sessions, signInChallenges } from "../../../db/schema.ts";
import { buildApp } from "../../app.ts";
import { SESSION_COOKIE } from "../../plugins/sessions.ts";
import { CHALLENGE_COOKIE } from "./fields.ts";

const DATABASE = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
const WRONG_CODE = "The code is not right. Enter the code your authenticator app shows now";
const STEP = 30_000;

describe(`signing in with an authenticator app on ${DATABASE}`, () => {
  /** The time as the app sees it: the middle of a 30-second step, moved on by the tests. */
  let clock = Math.floor(Date.now() / STEP) * STEP + STEP / 2;
  let services: Services;
  let app: FastifyInstance;
  let partnership: Awaited<ReturnType<typeof testPartnership>>;

  const person = async (name: string, options: { demo?: boolean } = {}): Promise<Person> =>
    insertPerson(services.db, {
      id: randomUUID(),
      partnershipId: partnership.partnership.id,
      agencyId: partnership.school.id,
      name,
      email: `${name.toLowerCase().replaceAll(" ", ".")}@example.test`,
      passwordHash: await hashPassword(TEST_PASSWORD),
      demo: options.demo ?? false,
      roles: ["practitioner"],
    });

  /** A person with an authenticator app set up (at the clock's step), and its secret. */
  const withAuthenticator = async (name: string) => {
    const who = await person(name);
    const visitor = new Visitor(app);
    await visitor.signIn(who.email);
    const secret = await setUpAuthenticator(visitor, clock);
    await visitor.post("/sign-out", {});
    // Past the step of the code that set it up, and the step after, so the drift allowed either
    // side of now takes in no step already used.
    clock += 2 * STEP;
    return { who, secret };
  };

  const sessionsOf = (personId: string) =>
    services.db.select().from(sessions).where(eq(sessions.personId, personId));

  /** Signs in with the password, which leads to the code page. */
  const passwordStep = async (who: Person) => {
    const visitor = new Visitor(app);
    const response = await visitor.signIn(who.email);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, "/sign-in/code");
    return visitor;
  };

  before(async () => {
    services = await testServices({ demo: true }, { now: () => new Date(clock).toISOString() });
    app = await buildApp(services, { demo: true });
    partnership = await testPartnership(services.db);
  });
  after(async () => {
    await app.close();
    await services.database.close();
  });

  test("the password alone leads to the code page, and starts no session", async () => {
    const { who } = await withAuthenticator("Cora Code");
    const visitor = await passwordStep(who);
    assert.equal(visitor.cookies.has(SESSION_COOKIE), false);
    assert.ok(visitor.cookies.has(CHALLENGE_COOKIE));
    assert.equal((await sessionsOf(who.id)).length, 0, "no session yet");
    assert.equal(await visitor.home(), "/sign-in", "not signed in");
    const page = await visitor.get("/sign-in/code");
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<title>Enter the code from your authenticator app – Resolve<\/title>/);
    assert.match(page.body, /autocomplete="one-time-code"/);
    assert.match(page.body, /inputmode="numeric"/);
  });

  test("the right code signs in with a fresh session token and goes where they were going", async () => {
    const { who, secret } = await withAuthenticator("Rhea Right");
    const visitor = new Visitor(app);
    await visitor.get("/sign-in?returnTo=%2Flog");
    visitor.cookies.set(SESSION_COOKIE, "planted-by-someone-else-0123456789abcdefgh");
    await visitor.post("/sign-in", { email: who.email, password: TEST_PASSWORD, returnTo: "/log" });
    const response = await visitor.post("/sign-in/code", { code: codeAt(secret, clock) });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, "/log");
    const token = visitor.cookies.get(SESSION_COOKIE);
    assert.ok(token);
    assert.notEqual(token, "planted-by-someone-else-0123456789abcdefgh");
    assert.equal(visitor.cookies.has(CHALLENGE_COOKIE), false, "the waiting sign-in is over");
    assert.equal(await visitor.home(), "/your-work");
    assert.equal((await sessionsOf(who.id)).length, 1);
    const [row] = await services.db
      .select()
      .from(signInChallenges)
      .where(eq(signInChallenges.personId, who.id));
    assert.equal(row, undefined, "the waiting sign-in's row is gone");
  });

  test("a code typed with spaces or a dash is read as its digits", async () => {
    const { who, secret } = await withAuthenticator("Spencer Spaces");
    const visitor = await passwordStep(who);
    const code = codeAt(secret, clock);
    const response = await visitor.post("/sign-in/code", {
      code: ` ${code.slice(0, 3)} -${code.slice(3)} `,
    });
    assert.equal(response.statusCode, 303);
    assert.equal(await visitor.home(), "/your-work");
  });

  test("a wrong code is refused with the error summary, and no session starts", async () => {
    const { who, secret } = await withAuthenticator("Wes Wrong");
    const visitor = await passwordStep(who);
    const right = codeAt(secret, clock);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    const response = await visitor.post("/sign-in/code", { code: wrong });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /<title>Error: Enter the code from your authenticator app/);
    assert.deepEqual(errorLinks(response.body), [["code", WRONG_CODE]]);
    assert.equal(visitor.cookies.has(SESSION_COOKIE), false);
    assert.equal((await sessionsOf(who.id)).length, 0);
    // The waiting sign-in goes on: the right code still works.
    assert.equal((await visitor.post("/sign-in/code", { code: right })).statusCode, 303);
    assert.equal(await visitor.home(), "/your-work");
  });

  test("a code is accepted once: the same code again, or an earlier one, is refused", async () => {
    const { who, secret } = await withAuthenticator("Reza Replay");
    const first = await passwordStep(who);
    const code = codeAt(secret, clock);
    assert.equal((await first.post("/sign-in/code", { code })).statusCode, 303);
    const replay = await passwordStep(who);
    const response = await replay.post("/sign-in/code", { code });
    assert.equal(response.statusCode, 400, "the same time step again");
    assert.deepEqual(errorLinks(response.body), [["code", WRONG_CODE]]);
    const earlier = await replay.post("/sign-in/code", { code: codeAt(secret, clock - STEP) });
    assert.equal(earlier.statusCode, 400, "the step before, already passed");
    assert.equal((await sessionsOf(who.id)).length, 1, "only the first session");
    clock += STEP;
    const next = await replay.post("/sign-in/code", { code: codeAt(secret, clock) });
    assert.equal(next.statusCode, 303, "the next step's code works");
  });

  test("the same code sent twice at once signs in once", async () => {
    const { who, secret } = await withAuthenticator("Tess Twice");
    const one = await passwordStep(who);
    const two = await passwordStep(who);
    const code = codeAt(secret, clock);
    const answers = await Promise.all([
      one.post("/sign-in/code", { code }),
      two.post("/sign-in/code", { code }),
    ]);
    assert.deepEqual(answers.map((answer) => answer.statusCode).sort(), [303, 400]);
    assert.equal((await sessionsOf(who.id)).length, 1);
  });

  test("a phone's clock one step (30 seconds) out either way is allowed; two steps is not", async () => {
    const { who, secret } = await withAuthenticator("Dora Drift");
    const behind = await passwordStep(who);
    assert.equal(
      (await behind.post("/sign-in/code", { code: codeAt(secret, clock - STEP) })).statusCode,
      303,
      "a step behind",
    );
    const ahead = await passwordStep(who);
    assert.equal(
      (await ahead.post("/sign-in/code", { code: codeAt(secret, clock + STEP) })).statusCode,
      303,
      "a step ahead",
    );
    clock += 4 * STEP;
    const far = await passwordStep(who);
    for (const at of [clock - 2 * STEP, clock + 2 * STEP]) {
      assert.equal((await far.post("/sign-in/code", { code: codeAt(secret, at) })).statusCode, 400);
    }
  });

  test("five wrong codes lock the account for 15 minutes, password or no", async () => {
    const { who, secret } = await withAuthenticator("Luke Locked");
    const visitor = await passwordStep(who);
    const wrong = String((Number(codeAt(secret, clock)) + 500_000) % 1_000_000).padStart(6, "0");
    for (let attempt = 1; attempt <= 4; attempt++) {
      const response = await visitor.post("/sign-in/code", { code: wrong });
      assert.deepEqual(errorLinks(response.body), [["code", WRONG_CODE]], `attempt ${attempt}`);
    }
    const fifth = await visitor.post("/sign-in/code", { code: wrong });
    assert.equal(fifth.statusCode, 400);
    assert.deepEqual(errorLinks(fifth.body), [
      ["email", "There have been too many attempts to sign in. Wait 15 minutes, then try again"],
    ]);
    assert.match(fifth.body, /<h1[^>]*>Sign in to Resolve</, "back to the start");
    assert.equal(visitor.cookies.has(CHALLENGE_COOKIE), false, "the waiting sign-in is over");
    assert.equal(
      (await visitor.post("/sign-in/code", { code: codeAt(secret, clock) })).statusCode,
      303,
    );
    assert.equal(await visitor.home(), "/sign-in", "and cannot be finished with the right code");

    clock += 14 * 60_000;
    const locked = await visitor.signIn(who.email);
    assert.equal(locked.statusCode, 400, "the right password does not help");
    assert.deepEqual(errorLinks(locked.body), [
      ["email", "There have been too many attempts to sign in. Wait 1 minute, then try again"],
    ]);
    clock += 60_000;
    const again = await passwordStep(who);
    assert.equal(
      (await again.post("/sign-in/code", { code: codeAt(secret, clock) })).statusCode,
      303,
    );
    assert.equal(await again.home(), "/your-work", "15 minutes on, it works again");
  });

  test("a waiting sign-in ends after 10 minutes", async () => {
    const { who, secret } = await withAuthenticator("Stella Slow");
    const visitor = await passwordStep(who);
    clock += 10 * 60_000;
    assert.equal((await visitor.get("/sign-in/code")).headers.location, "/sign-in");
    const response = await visitor.post("/sign-in/code", { code: codeAt(secret, clock) });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, "/sign-in");
    assert.equal((await sessionsOf(who.id)).length, 0);
  });

  test("without a password first, the code page sends you to sign in", async () => {
    const visitor = new Visitor(app);
    assert.equal((await visitor.get("/sign-in/code")).headers.location, "/sign-in");
    await visitor.get("/sign-in");
    visitor.cookies.set(CHALLENGE_COOKIE, "made-up-0123456789abcdefghijklmnopqrstuvwxy");
    const response = await visitor.post("/sign-in/code", { code: "123456" });
    assert.equal(response.headers.location, "/sign-in");
    assert.equal(await visitor.home(), "/sign-in");
  });

  test("a person deactivated between password and code is not signed in", async () => {
    const { who, secret } = await withAuthenticator("Dee Deactivated");
    const visitor = await passwordStep(who);
    await services.db.execute(`update people set active = false where id = '${who.id}'`);
    const response = await visitor.post("/sign-in/code", { code: codeAt(secret, clock) });
    assert.equal(response.headers.location, "/sign-in");
    assert.equal((await sessionsOf(who.id)).length, 0);
  });

  test("demo people sign in as a demo person without a code", async () => {
    const demo = await person("Della Demo", { demo: true });
    const visitor = new Visitor(app);
    await visitor.get("/demo/sign-in");
    const response = await visitor.post("/demo/sign-in", { personId: demo.id });
    assert.equal(response.headers.location, "/");
    assert.equal(await visitor.home(), "/your-work");
    const account = await visitor.get("/account");
    assert.match(account.body, /data-qa="authenticator-not-needed"/);
    assert.equal((await visitor.get("/account/authenticator-app")).headers.location, "/account");
  });

  describe("odd and hostile codes are a 400 with the error summary, and count for nothing", () => {
    for (const [what, fields, message] of ODD_CODES) {
      test(what, async () => {
        const { who, secret } = await withAuthenticator(`Odd ${what.replace(/[^a-z]/gi, "")}`);
        const visitor = await passwordStep(who);
        for (let i = 0; i < 6; i++) {
          const response = await visitor.post("/sign-in/code", fields);
          assert.equal(response.statusCode, 400);
          assert.deepEqual(errorLinks(response.body), [["code", message]]);
          assert.doesNotMatch(response.body, /<script>alert/);
        }
        // Six of them, and still not locked: only real guesses count.
        assert.equal(
          (await visitor.post("/sign-in/code", { code: codeAt(secret, clock) })).statusCode,
          303,
        );
      });
    }
  });
});
