// `resolve admin create`: the first administrator, and the partnership when there is none, on
// a test database (PGlite, or PostgreSQL with DATABASE_URL) kept open across the runs.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testServices } from "../../test/support/services.ts";
import { checkPassword } from "../app/auth.ts";
import type { Services } from "../app/services.ts";
import { listChanges } from "../db/administration.ts";
import { listPartnerships } from "../db/directory.ts";
import { run } from "./run.ts";

const PASSWORD = "a long and memorable passphrase";

describe(`resolve admin create on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  let services: Services;

  before(async () => {
    services = await testServices();
  });
  after(async () => {
    await services?.database.close();
  });

  /** Runs the command on the test database, which each run leaves open for the next. */
  const resolve = async (
    args: string[],
    options: { env?: NodeJS.ProcessEnv; stdin?: string } = {},
  ) => {
    const out: string[] = [];
    const err: string[] = [];
    const prompts: string[] = [];
    const code = await run(args, {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      env: options.env ?? { RESOLVE_ADMIN_PASSWORD: PASSWORD },
      readSecret: async (prompt) => {
        prompts.push(prompt);
        return options.stdin;
      },
      openServices: async () => ({
        ...services,
        database: { ...services.database, close: async () => {} },
      }),
    });
    return { code, stdout: out.join("\n"), stderr: err.join("\n"), prompts };
  };

  const create = ["admin", "create", "--name", "Ada Admin", "--email", "ada@example.test"];
  const partnership = [
    "--partnership-name",
    "Kingsmere Safeguarding Children Partnership",
    "--procedure",
    "dorset",
    "--reference-prefix",
    "KSC",
  ];

  test("refuses, with exit code 2 and the reason, before anything is created", async () => {
    const cases: [string[], { env?: NodeJS.ProcessEnv; stdin?: string }, RegExp][] = [
      [create, {}, /There is no partnership yet: give --partnership-name/],
      [[...create, "--procedure", "dorset"], {}, /give all of --partnership-name, --procedure/],
      [[...create, ...partnership], { env: {} }, /RESOLVE_ADMIN_PASSWORD or on standard input/],
      [[...create, ...partnership], { env: { RESOLVE_ADMIN_PASSWORD: "short" } }, /at least 12/],
      [
        ["admin", "create", "--name", "Ada", "--email", "' OR 1=1 --", ...partnership],
        {},
        /email address \(--email\)/,
      ],
      [
        ["admin", "create", "--name", "<script>\n", "--email", "a@b.example", ...partnership],
        {},
        /name \(--name\) must be 200 characters or fewer, on one line/,
      ],
      [
        ["admin", "create", "--email", "a@b.example", ...partnership],
        {},
        /Give the administrator's name/,
      ],
      [
        [...create, ...partnership.slice(0, 4), "--reference-prefix", "k1"],
        {},
        /2 to 6 capital letters/,
      ],
      [
        [...create, ...partnership.slice(0, 2), "--procedure", "atlantis", ...partnership.slice(4)],
        {},
        /no procedure "atlantis"/,
      ],
    ];
    for (const [args, options, message] of cases) {
      const { code, stderr } = await resolve(args, options);
      assert.equal(code, 2, args.join(" "));
      assert.match(stderr, message, args.join(" "));
    }
    assert.deepEqual(await listPartnerships(services.db), []);
  });

  test("creates the partnership and its administrator, who signs in with the password", async () => {
    const { code, stdout, stderr } = await resolve([...create, ...partnership]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Created the partnership and its administrator ada@example\.test/);
    const [created] = await listPartnerships(services.db);
    assert.equal(created?.name, "Kingsmere Safeguarding Children Partnership");
    assert.equal(created?.procedureId, "dorset");
    assert.equal(created?.referencePrefix, "KSC");
    assert.equal(created?.retentionMonths, 72);
    const person = await checkPassword(services.db, "ADA@example.test", PASSWORD);
    assert.deepEqual(person?.roles, ["administrator"]);
    assert.equal(person?.demo, false);
    const { rows } = await listChanges(services.db, created?.id ?? "", { offset: 0, limit: 10 });
    assert.deepEqual(
      rows.map((row) => [row.kind, row.actorPersonId]),
      [
        ["person-added", null],
        ["partnership-created", null],
      ],
    );
  });

  test("a second administrator joins the partnership; the password can come on standard input", async () => {
    const { code, stderr, prompts } = await resolve(
      ["admin", "create", "--name", "Bo Backup", "--email", "bo@example.test"],
      { env: {}, stdin: `${PASSWORD}!` },
    );
    assert.equal(code, 0, stderr);
    assert.equal(prompts.length, 1);
    assert.ok(await checkPassword(services.db, "bo@example.test", `${PASSWORD}!`));
  });

  test("refuses a taken email, or a second partnership", async () => {
    const taken = await resolve([
      "admin",
      "create",
      "--name",
      "Ada Again",
      "--email",
      "Ada@Example.test",
    ]);
    assert.equal(taken.code, 2);
    assert.match(taken.stderr, /Someone already has this email address/);
    const another = await resolve([
      "admin",
      "create",
      "--name",
      "Cy",
      "--email",
      "cy@example.test",
      ...partnership,
    ]);
    assert.equal(another.code, 2);
    assert.match(another.stderr, /already has a partnership \(Kingsmere/);
    assert.equal((await listPartnerships(services.db)).length, 1);
  });
});
