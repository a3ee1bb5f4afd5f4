// Your account: setting up and turning off an authenticator app, and signing out everywhere,
// through the whole app on a real database, with a clock the tests move.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { testServices } from "../../../../test/support/services.ts";
import {
  codeAt,
  ODD_CODES,
  secretKeyIn,
  setUpAuthenticator,
} from "../../../../test/support/totp.ts";
import { errorLinks, heading, TEST_PASSWORD, Visitor } from "../../../../test/support/visitor.ts";
import { hashPassword } from "../../../app/auth.ts";
import type { Services } from "../../../app/services.ts";
import { insertPerson, type Person } from "../../../db/directory.ts";
import { people, sessions } from "../../../db/schema.ts";
import { createSession } from "../../../db/sessions.ts";
import { buildApp } from "../../app.ts";

const DATABASE = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
const STEP = 30_000;
const WRONG_CODE = "The code is not right. Enter the code your authenticator app shows now";

describe(`your account on ${DATABASE}`, () => {
  let clock = Math.floor(Date.now() / STEP) * STEP + STEP / 2;
  let services: Services;
  let app: FastifyInstance;
  let partnership: Awaited<ReturnType<typeof testPartnership>>;

  const person = async (name: string, password: string | null = TEST_PASSWORD) =>
    insertPerson(services.db, {
      id: randomUUID(),
      partnershipId: partnership.partnership.id,
      agencyId: partnership.school.id,
      name,
      email: `${name.toLowerCase().replaceAll(" ", ".")}@example.test`,
      passwordHash: password === null ? null : await hashPassword(password),
      roles: ["practitioner"],
    });

  const signedIn = async (who: Person) => {
    const visitor = new Visitor(app);
    await visitor.signIn(who.email);
    await visitor.get("/account");
    return visitor;
  };

  const totpOf = async (who: Person) => {
    const [row] = await services.db
      .select({ secret: people.totpSecret, pending: people.totpPendingSecret })
      .from(people)
      .where(eq(people.id, who.id));
    return row;
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

  test("needs you to be signed in, and comes back after", async () => {
    const visitor = new Visitor(app);
    const response = await visitor.get("/account");
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, "/sign-in?returnTo=%2Faccount");
    for (const url of ["/account/authenticator-app", "/account/authenticator-app/turn-off"]) {
      assert.match(String((await visitor.get(url)).headers.location), /^\/sign-in\?returnTo=/);
    }
  });

  test("names you, is linked from the header, offers an authenticator app and leads to naming a delegate", async () => {
    const ann = await person("Ann Account");
    const visitor = await signedIn(ann);
    const page = await visitor.get("/account");
    assert.equal(page.statusCode, 200);
    assert.equal(heading(page.body), "Your account");
    assert.match(page.body, /href="\/account" data-qa="account-link">Your account</);
    assert.match(page.body, /ann.account@example.test/);
    assert.match(
      page.body,
      /data-qa="authenticator-status">\s*<strong class="govuk-tag govuk-tag--grey">\s*Off/,
    );
    assert.match(page.body, /href="\/account\/authenticator-app"/);
    assert.match(page.body, /href="\/delegation" data-qa="delegation-link"/);
  });

  test("setting up shows a QR code and the key, and turns on only with a right code", async () => {
    const sue = await person("Sue Setup");
    const visitor = await signedIn(sue);
    const page = await visitor.get("/account/authenticator-app");
    assert.equal(page.statusCode, 200);
    assert.equal(heading(page.body), "Set up an authenticator app");
    const svg = /<div class="app-qr-code" data-qa="qr-code">\s*(<svg[\s\S]*?<\/svg>)/.exec(
      page.body,
    )?.[1];
    assert.ok(svg, "an SVG QR code in the page");
    assert.doesNotMatch(svg, /<script|style=|href=/, "nothing the content security policy forbids");
    assert.match(String(page.headers["content-security-policy"]), /script-src 'self'/);
    const secret = secretKeyIn(page.body);
    assert.match(secret, /^[A-Z2-7]{32}$/, "160 bits, base32");
    assert.equal(
      secretKeyIn((await visitor.get("/account/authenticator-app")).body),
      secret,
      "the same key on reload",
    );
    assert.equal((await totpOf(sue))?.secret, null, "not on yet");

    const wrong = await visitor.post("/account/authenticator-app", {
      code: codeAt(secret, clock + 10 * STEP),
    });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(errorLinks(wrong.body), [["code", WRONG_CODE]]);
    assert.equal(secretKeyIn(wrong.body), secret, "the same key again");
    assert.equal((await totpOf(sue))?.secret, null, "still not on");

    const right = await visitor.post("/account/authenticator-app", { code: codeAt(secret, clock) });
    assert.equal(right.statusCode, 303);
    assert.equal(right.headers.location, "/account?changed=authenticator-on");
    const account = await visitor.get("/account?changed=authenticator-on");
    assert.match(account.body, /data-qa="changed"/);
    assert.match(account.body, /Your authenticator app is set up/);
    assert.match(account.body, />\s*On\s*</);
    assert.deepEqual(await totpOf(sue), { secret, pending: null });
    assert.equal((await visitor.get("/account/authenticator-app")).headers.location, "/account");

    // From now on, signing in asks for a code.
    const next = new Visitor(app);
    assert.equal((await next.signIn(sue.email)).headers.location, "/sign-in/code");
  });

  test("a made-up change in the address shows nothing", async () => {
    const visitor = await signedIn(await person("Cy Changed"));
    const page = await visitor.get("/account?changed=%3Cscript%3E");
    assert.doesNotMatch(page.body, /data-qa="changed"|<script>/);
  });

  test("someone who signs in only through single sign-on has no authenticator app to set up", async () => {
    const sso = await person("Oona Only", null);
    const visitor = new Visitor(app);
    // Signed in as single sign-on would: a session started directly.
    await visitor.get("/sign-in");
    const { token } = await createSession(services.db, sso.id, new Date(clock), 30);
    visitor.cookies.set("resolve_session", token);
    const page = await visitor.get("/account");
    assert.match(page.body, /data-qa="authenticator-not-needed"/);
    assert.equal((await visitor.get("/account/authenticator-app")).headers.location, "/account");
    assert.equal(
      (await visitor.post("/account/authenticator-app", { code: "123456" })).headers.location,
      "/account",
    );
    assert.equal((await totpOf(sso))?.pending, null);
  });

  test("turning it off takes a right code; after that, the password alone signs in", async () => {
    const tia = await person("Tia Turnoff");
    const visitor = await signedIn(tia);
    const secret = await setUpAuthenticator(visitor, clock);
    clock += 2 * STEP;
    const page = await visitor.get("/account/authenticator-app/turn-off");
    assert.equal(heading(page.body), "Turn off your authenticator app");
    const wrong = await visitor.post("/account/authenticator-app/turn-off", {
      code: codeAt(secret, clock + 10 * STEP),
    });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(errorLinks(wrong.body), [["code", WRONG_CODE]]);
    assert.equal((await totpOf(tia))?.secret, secret, "still on");
    const right = await visitor.post("/account/authenticator-app/turn-off", {
      code: codeAt(secret, clock),
    });
    assert.equal(right.headers.location, "/account?changed=authenticator-off");
    assert.deepEqual(await totpOf(tia), { secret: null, pending: null });
    assert.match((await visitor.get("/account")).body, />\s*Off\s*</);
    assert.equal((await new Visitor(app).signIn(tia.email)).headers.location, "/");
  });

  test("wrong codes when turning it off count towards the lock", async () => {
    const gus = await person("Gus Guess");
    const visitor = await signedIn(gus);
    const secret = await setUpAuthenticator(visitor, clock);
    clock += 2 * STEP;
    const wrong = String((Number(codeAt(secret, clock)) + 1) % 1_000_000).padStart(6, "0");
    for (let i = 0; i < 4; i++) {
      await visitor.post("/account/authenticator-app/turn-off", { code: wrong });
    }
    const fifth = await visitor.post("/account/authenticator-app/turn-off", { code: wrong });
    assert.deepEqual(errorLinks(fifth.body), [
      ["code", "There have been too many attempts to sign in. Wait 15 minutes, then try again"],
    ]);
    const right = await visitor.post("/account/authenticator-app/turn-off", {
      code: codeAt(secret, clock),
    });
    assert.equal(right.statusCode, 400, "not even the right code, while locked");
    assert.equal((await totpOf(gus))?.secret, secret);
    assert.equal((await new Visitor(app).signIn(gus.email)).statusCode, 400, "sign-in locked too");
    clock += 15 * 60_000;
  });

  test("sign out everywhere ends every session of yours, this one too, and no one else's", async () => {
    const eva = await person("Eva Everywhere");
    const other = await person("Oli Other");
    const phone = await signedIn(eva);
    const laptop = await signedIn(eva);
    const colleague = await signedIn(other);
    const here = await signedIn(eva);
    const response = await here.post("/account/sign-out-everywhere", {});
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, "/account/signed-out");
    const page = await here.get("/account/signed-out");
    assert.equal(heading(page.body), "You have been signed out everywhere");
    for (const visitor of [here, phone, laptop]) assert.equal(await visitor.home(), "/sign-in");
    const left = await services.db.select().from(sessions).where(eq(sessions.personId, eva.id));
    assert.equal(left.length, 0);
    assert.equal(await colleague.home(), "/your-work");
  });

  test("sign out everywhere without the form's token is refused, and nothing ends", async () => {
    const visitor = await signedIn(await person("Nat Notoken"));
    const refused = await visitor.post("/account/sign-out-everywhere", {}, "wrong");
    assert.equal(refused.statusCode, 403);
    assert.equal(await visitor.home(), "/your-work");
  });

  describe("odd and hostile codes are a 400 with the error summary, and change nothing", () => {
    for (const [what, fields, message] of ODD_CODES) {
      test(what, async () => {
        const who = await person(`Hy ${what.replace(/[^a-z]/gi, "")}`);
        const visitor = await signedIn(who);
        await visitor.get("/account/authenticator-app");
        const setUp = await visitor.post("/account/authenticator-app", fields);
        assert.equal(setUp.statusCode, 400);
        assert.deepEqual(errorLinks(setUp.body), [["code", message]]);
        assert.doesNotMatch(setUp.body, /<script>alert/);
        assert.equal((await totpOf(who))?.secret, null);

        const secret = await setUpAuthenticator(visitor, clock);
        clock += 2 * STEP;
        const off = await visitor.post("/account/authenticator-app/turn-off", fields);
        assert.equal(off.statusCode, 400);
        assert.deepEqual(errorLinks(off.body), [["code", message]]);
        assert.equal((await totpOf(who))?.secret, secret, "still on");
      });
    }
  });
});
