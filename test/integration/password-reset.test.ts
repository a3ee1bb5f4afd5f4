// Forgotten your password, end to end: the email goes through Resolve's SMTP adapter to a real
// SMTP server started here, and the test follows the link it carries, as a person would.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { hashPassword } from "../../src/app/auth.ts";
import type { Services } from "../../src/app/services.ts";
import { insertPerson, type Person } from "../../src/db/directory.ts";
import { passwordResets, people, sessions } from "../../src/db/schema.ts";
import { buildApp } from "../../src/web/app.ts";
import { type MailServer, startMailServer } from "../support/mail-server.ts";
import { testPartnership } from "../support/partnership.ts";
import { testServices } from "../support/services.ts";
import { errorLinks, heading, TEST_PASSWORD, Visitor } from "../support/visitor.ts";

const DATABASE = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
const PUBLIC_URL = "https://resolve.partnership.example";
const NEW_PASSWORD = "a brand new password for me";

describe(`resetting a forgotten password on ${DATABASE}`, () => {
  let clock = Date.parse("2026-05-11T10:00:00Z");
  let mail: MailServer;
  let services: Services;
  let app: FastifyInstance;
  let partnership: Awaited<ReturnType<typeof testPartnership>>;

  const person = async (
    name: string,
    options: { password?: string | null; active?: boolean } = {},
  ): Promise<Person> =>
    insertPerson(services.db, {
      id: randomUUID(),
      partnershipId: partnership.partnership.id,
      agencyId: partnership.school.id,
      name,
      email: `${name.toLowerCase().replaceAll(" ", ".")}@example.test`,
      passwordHash:
        options.password === null ? null : await hashPassword(options.password ?? TEST_PASSWORD),
      active: options.active ?? true,
      roles: ["practitioner"],
    });

  /** Asks for a link for this address, as the form does. */
  const ask = async (email: string) => {
    const visitor = new Visitor(app);
    await visitor.get("/forgotten-password");
    return visitor.post("/forgotten-password", { email });
  };

  /** Asks for a link and returns its path and query, from the email that arrives. */
  const linkFor = async (who: Person) => {
    assert.equal((await ask(who.email)).statusCode, 303);
    const message = await mail.nextMessage();
    assert.equal(message.to && "text" in message.to ? message.to.text : "", who.email);
    const link = /https:\/\/\S+/.exec(message.text ?? "")?.[0];
    assert.ok(link, "the email has a link");
    assert.ok(link.startsWith(`${PUBLIC_URL}/reset-password?token=`), link);
    return link.slice(PUBLIC_URL.length);
  };

  /** Opens the link and sets the new password; returns the answer to the form. */
  const reset = async (path: string, fields: Record<string, string | string[]>) => {
    const visitor = new Visitor(app);
    await visitor.get("/sign-in"); // a form's token, for posting even when the link page has none
    const page = await visitor.get(path);
    const token = /name="token" value="([^"]*)"/.exec(page.body)?.[1] ?? "";
    return { page, response: await visitor.post("/reset-password", { token, ...fields }) };
  };

  before(async () => {
    mail = await startMailServer();
    services = await testServices(
      {
        publicUrl: PUBLIC_URL,
        mail: { smtpUrl: mail.url, from: "Resolve <resolve@partnership.example>" },
      },
      { now: () => new Date(clock).toISOString() },
    );
    app = await buildApp(services);
    partnership = await testPartnership(services.db);
  });
  after(async () => {
    await app.close();
    await services.database.close();
    await mail.close();
  });

  test("from the sign-in page to a new password, every old session ended", async () => {
    const pat = await person("Pat Forgetful");
    const laptop = new Visitor(app);
    const phone = new Visitor(app);
    await laptop.signIn(pat.email);
    await phone.signIn(pat.email);
    assert.equal(await phone.home(), "/your-work");

    const visitor = new Visitor(app);
    const signIn = await visitor.get("/sign-in");
    assert.match(signIn.body, /href="\/forgotten-password"[^>]*>Forgotten your password\?</);
    const form = await visitor.get("/forgotten-password");
    assert.equal(heading(form.body), "Reset your password");
    const asked = await visitor.post("/forgotten-password", {
      email: `  ${pat.email.toUpperCase()}`,
    });
    assert.equal(asked.statusCode, 303);
    assert.equal(asked.headers.location, "/forgotten-password/sent");
    assert.equal(heading((await visitor.get("/forgotten-password/sent")).body), "Check your email");

    const message = await mail.nextMessage();
    assert.equal(message.subject, "Reset your Resolve password");
    assert.equal(message.from?.text, '"Resolve" <resolve@partnership.example>');
    const link = /https:\/\/\S+/.exec(message.text ?? "")?.[0] ?? "";
    const token = new URL(link).searchParams.get("token") ?? "";
    assert.match(token, /^[\w-]{43}$/);
    const [stored] = await services.db.select().from(passwordResets);
    assert.ok(stored);
    assert.notEqual(stored.tokenHash, token, "only the token's hash is kept");
    assert.equal(Date.parse(stored.expiresAt) - clock, 60 * 60_000, "for an hour");
    assert.doesNotMatch(message.text ?? "", /child|escalation/i, "nothing about any child");

    const { page, response } = await reset(link.slice(PUBLIC_URL.length), {
      password: NEW_PASSWORD,
      "confirm-password": NEW_PASSWORD,
    });
    assert.equal(page.statusCode, 200);
    assert.equal(heading(page.body), "Choose a new password");
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, "/reset-password/done");
    assert.equal(await laptop.home(), "/sign-in", "the laptop's session has ended");
    assert.equal(await phone.home(), "/sign-in", "so has the phone's");
    const left = await services.db.select().from(sessions).where(eq(sessions.personId, pat.id));
    assert.equal(left.length, 0);

    const old = new Visitor(app);
    assert.equal((await old.signIn(pat.email, TEST_PASSWORD)).statusCode, 400, "old password");
    const fresh = new Visitor(app);
    assert.equal((await fresh.signIn(pat.email, NEW_PASSWORD)).statusCode, 303, "new password");
    assert.equal(await fresh.home(), "/your-work");

    const again = await reset(link.slice(PUBLIC_URL.length), {
      password: "yet another new password",
      "confirm-password": "yet another new password",
    });
    assert.equal(again.page.statusCode, 400, "the link works once");
    assert.equal(heading(again.page.body), "This link does not work");
    assert.equal(again.response.statusCode, 400);
    assert.equal((await new Visitor(app).signIn(pat.email, NEW_PASSWORD)).statusCode, 303);
  });

  test("the answer is the same whoever the address belongs to, and only a local account gets an email", async () => {
    const sso = await person("Sid Single", { password: null });
    const gone = await person("Gil Gone", { active: false });
    const real = await person("Rea Real");
    const sent = mail.received.length;
    const answers = [];
    for (const email of ["no.one@example.test", sso.email, gone.email, real.email]) {
      answers.push(await ask(email));
    }
    for (const answer of answers) {
      assert.equal(answer.statusCode, 303);
      assert.equal(answer.headers.location, "/forgotten-password/sent");
    }
    const message = await mail.nextMessage();
    assert.equal(message.to && "text" in message.to ? message.to.text : "", real.email);
    assert.equal(mail.received.length, sent + 1, "one email, to the one local account");
  });

  test("a link runs out after an hour", async () => {
    const ola = await person("Ola Old");
    const path = await linkFor(ola);
    clock += 60 * 60_000;
    const { page, response } = await reset(path, {
      password: NEW_PASSWORD,
      "confirm-password": NEW_PASSWORD,
    });
    assert.equal(page.statusCode, 400);
    assert.equal(heading(page.body), "This link does not work");
    assert.match(page.body, /href="\/forgotten-password"/);
    assert.equal(response.statusCode, 400);
    assert.equal((await new Visitor(app).signIn(ola.email)).statusCode, 303, "password unchanged");
  });

  test("setting a password from one link makes every other link of theirs stop working", async () => {
    const two = await person("Tai Twolinks");
    const first = await linkFor(two);
    const second = await linkFor(two);
    const fields = { password: NEW_PASSWORD, "confirm-password": NEW_PASSWORD };
    assert.equal((await reset(second, fields)).response.statusCode, 303);
    assert.equal((await reset(first, fields)).page.statusCode, 400);
  });

  test("a made-up, malformed or missing token is a link that does not work", async () => {
    for (const token of ["", "x".repeat(43), "' OR 1=1 --", "<script>alert(1)</script>"]) {
      const visitor = new Visitor(app);
      await visitor.get("/sign-in");
      const page = await visitor.get(`/reset-password?token=${encodeURIComponent(token)}`);
      assert.equal(page.statusCode, 400);
      assert.equal(heading(page.body), "This link does not work");
      assert.doesNotMatch(page.body, /<script>alert/);
      const posted = await visitor.post("/reset-password", {
        token,
        password: NEW_PASSWORD,
        "confirm-password": NEW_PASSWORD,
      });
      assert.equal(posted.statusCode, 400);
      assert.equal(heading(posted.body), "This link does not work");
    }
    assert.equal((await new Visitor(app).get("/reset-password?token=a&token=b")).statusCode, 400);
  });

  describe("a new password that will not do is explained, and nothing changes", () => {
    const cases: [string, Record<string, string | string[]>, [string, string][]][] = [
      [
        "nothing",
        { password: "", "confirm-password": "" },
        [
          ["password", "Enter a new password"],
          ["confirm-password", "Enter your new password again"],
        ],
      ],
      [
        "too short",
        { password: "elevenchars", "confirm-password": "elevenchars" },
        [["password", "Your password must be 12 characters or more"]],
      ],
      [
        "too long",
        { password: "p".repeat(1025), "confirm-password": "p".repeat(1025) },
        [["password", "Your password must be 1,024 characters or fewer"]],
      ],
      [
        "not the same twice",
        { password: NEW_PASSWORD, "confirm-password": `${NEW_PASSWORD}!` },
        [["confirm-password", "Enter the same password in both boxes"]],
      ],
      [
        "sent as a list",
        { password: [NEW_PASSWORD, NEW_PASSWORD], "confirm-password": NEW_PASSWORD },
        [["password", "Enter a new password"]],
      ],
      [
        "a script, not confirmed",
        { password: "<script>alert(1)</script>", "confirm-password": "" },
        [["confirm-password", "Enter your new password again"]],
      ],
      [
        "SQL, short",
        { password: "' OR 1=1 --", "confirm-password": "' OR 1=1 --" },
        [["password", "Your password must be 12 characters or more"]],
      ],
    ];
    for (const [what, fields, errors] of cases) {
      test(what, async () => {
        const who = await person(`Val ${what.replace(/[^a-z]/gi, "")}`);
        const path = await linkFor(who);
        const { response } = await reset(path, fields);
        assert.equal(response.statusCode, 400);
        assert.equal(heading(response.body), "Choose a new password");
        assert.match(response.body, /data-qa="error-summary"/);
        assert.deepEqual(errorLinks(response.body), errors);
        assert.doesNotMatch(response.body, /<script>alert|a brand new password/, "nothing echoed");
        assert.equal((await new Visitor(app).signIn(who.email)).statusCode, 303, "unchanged");
        const { response: after } = await reset(path, {
          password: NEW_PASSWORD,
          "confirm-password": NEW_PASSWORD,
        });
        assert.equal(after.statusCode, 303, "and the link still works");
      });
    }
  });

  describe("an address that will not do is explained, and no email is sent", () => {
    const cases: [string, Record<string, string | string[]>, string][] = [
      ["nothing", { email: " " }, "Enter your email address"],
      [
        "no @",
        { email: "not-an-address" },
        "Enter an email address in the correct format, like name@example.com",
      ],
      [
        "10 KB",
        { email: `${"a".repeat(10 * 1024)}@example.test` },
        "Your email address must be 320 characters or fewer",
      ],
      [
        "a script",
        { email: "<script>alert(1)</script>" },
        "Enter an email address in the correct format, like name@example.com",
      ],
      [
        "SQL",
        { email: "' OR 1=1 --" },
        "Enter an email address in the correct format, like name@example.com",
      ],
      [
        "sent twice",
        { email: ["a@example.test", "b@example.test"] },
        "Enter your email address once",
      ],
    ];
    for (const [what, fields, message] of cases) {
      test(what, async () => {
        const sent = mail.received.length;
        const visitor = new Visitor(app);
        await visitor.get("/forgotten-password");
        const response = await visitor.post("/forgotten-password", fields);
        assert.equal(response.statusCode, 400);
        assert.equal(heading(response.body), "Reset your password");
        assert.deepEqual(errorLinks(response.body), [["email", message]]);
        assert.doesNotMatch(response.body, /<script>alert/);
        assert.equal(mail.received.length, sent);
      });
    }
  });
});

describe(`password reset with no mail set up on ${DATABASE}`, () => {
  let services: Services;
  let app: FastifyInstance;
  const lines: string[] = [];

  before(async () => {
    services = await testServices({ mail: null });
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    app = await buildApp(services, { logger: { level: "info", stream } });
  });
  after(async () => {
    await app.close();
    await services.database.close();
  });

  test("the log says the email was not sent, and never holds the link", async () => {
    const partnership = await testPartnership(services.db);
    await services.db
      .update(people)
      .set({ passwordHash: await hashPassword(TEST_PASSWORD) })
      .where(eq(people.id, partnership.teacher.id));
    const visitor = new Visitor(app);
    await visitor.get("/forgotten-password");
    const asked = await visitor.post("/forgotten-password", { email: partnership.teacher.email });
    assert.equal(asked.statusCode, 303);
    const warnings = lines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 40);
    assert.equal(warnings.length, 1, lines.join(""));
    assert.match(warnings[0].msg, /not sent: no mail is set up.*SMTP_URL/);
    const [stored] = await services.db.select().from(passwordResets);
    assert.ok(stored, "the link was made, ready for when mail is set up");

    // A link followed is logged by its path only.
    await visitor.get("/reset-password?token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
    const log = lines.join("");
    assert.match(log, /"url":"\/reset-password"/);
    assert.doesNotMatch(log, /abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG/);
    assert.doesNotMatch(log, /token=/);
  });
});
