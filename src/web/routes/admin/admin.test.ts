// Administration through app.inject on the real services and a fresh database (PGlite, or
// PostgreSQL with DATABASE_URL): who may reach it, each section's changes, the history of them,
// and bad input on every form refused with the GOV.UK error summary and nothing changed.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { testServices } from "../../../../test/support/services.ts";
import { personWithPassword, signInAs } from "../../../../test/support/sign-in.ts";
import { delegatorsOf } from "../../../app/admin/delegations.ts";
import { inboxesOf } from "../../../app/admin/inboxes.ts";
import type { Services } from "../../../app/services.ts";
import { listChanges } from "../../../db/administration.ts";
import { findPartnership, findPerson, listAgencies, type Person } from "../../../db/directory.ts";
import {
  confirmTotpSecret,
  findLocalAccount,
  setPendingTotpSecret,
} from "../../../db/local-accounts.ts";
import { buildApp } from "../../app.ts";
import { type Browser, browser, errorSummary, followed, text } from "./test-support.ts";

const NOW = "2026-03-02T10:00:00Z";

describe(`administration on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  let services: Services;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof testPartnership>>;
  let elsewhere: Awaited<ReturnType<typeof testPartnership>>;
  let admin: Browser;
  let administrator: Person;
  let practitioner: Browser;
  let manager: Browser;

  /** Every change in the partnership's history, newest first. */
  const history = async () =>
    (await listChanges(services.db, world.partnership.id, { offset: 0, limit: 1000 })).rows;

  before(async () => {
    services = await testServices({}, { now: () => NOW });
    world = await testPartnership(services.db, "dorset");
    elsewhere = await testPartnership(services.db, "suffolk");
    app = await buildApp(services);
    const signIn = async (name: string, roles: string[], agencyId: string | null) => {
      const { person, password } = await personWithPassword(services.db, {
        partnershipId: world.partnership.id,
        agencyId,
        name,
        roles,
      });
      return { person, browser: browser(app, await signInAs(app, person, password)) };
    };
    const adminSignIn = await signIn("Ada Admin", ["administrator"], null);
    administrator = adminSignIn.person;
    admin = adminSignIn.browser;
    practitioner = (await signIn("Pat Practitioner", ["practitioner"], world.school.id)).browser;
    manager = (await signIn("Mo Manager", ["line-manager", "head-of-service"], world.school.id))
      .browser;
  });

  after(async () => {
    await app?.close();
    await services?.database.close();
  });

  const GETS = [
    "/admin",
    "/admin/agencies",
    "/admin/agencies/add",
    "/admin/people",
    "/admin/people/add",
    "/admin/inboxes",
    "/admin/inboxes/add",
    "/admin/settings",
    "/admin/settings/procedure",
    "/admin/settings/calendar",
    "/admin/settings/retention",
    "/admin/settings/reminders",
    "/admin/settings/timescales",
    "/admin/history",
  ];

  test("only administrators reach administration; others are refused, and signed out sent to sign in", async () => {
    const agency = world.school.id;
    const person = world.teacher.id;
    const gets = [
      ...GETS,
      `/admin/agencies/${agency}`,
      `/admin/agencies/${agency}/change`,
      `/admin/people/${person}`,
      `/admin/people/${person}/change`,
      `/admin/people/${person}/delegates/add`,
    ];
    const posts = [
      "/admin/agencies/add",
      `/admin/agencies/${agency}/change`,
      `/admin/agencies/${agency}/deactivate`,
      "/admin/people/add",
      `/admin/people/${person}/deactivate`,
      `/admin/people/${person}/delegates/add`,
      "/admin/inboxes/add",
      "/admin/settings/retention",
      "/admin/settings/reminders",
    ];
    const before = (await history()).length;
    for (const visitor of [practitioner, manager]) {
      for (const url of gets) {
        assert.equal((await visitor.get(url)).statusCode, 403, url);
      }
      for (const url of posts) {
        const response = await visitor.post(url, { name: "Sneaky", retentionMonths: "1" });
        assert.equal(response.statusCode, 403, url);
        assert.match(response.body, /You do not have access|do not have permission/i);
      }
    }
    for (const url of gets) {
      const response = await app.inject({ method: "GET", url });
      assert.equal(response.statusCode, 303, url);
      assert.equal(response.headers.location, `/sign-in?returnTo=${encodeURIComponent(url)}`);
    }
    for (const url of posts) {
      assert.equal((await app.inject({ method: "POST", url })).statusCode, 403, url);
    }
    assert.equal((await history()).length, before, "nothing changed");
    assert.equal((await findPerson(services.db, person))?.active, true);
  });

  test("administrators see Administration in the navigation, others do not", async () => {
    assert.match((await admin.get("/your-work")).body, /href="\/admin"/);
    assert.doesNotMatch((await practitioner.get("/your-work")).body, /href="\/admin"/);
    const page = await admin.get("/admin/agencies");
    assert.match(page.body, /moj-sub-navigation/);
    assert.match(page.body, /href="\/admin\/single-sign-on"/);
    assert.match(page.body, /aria-current="page" href="\/admin\/agencies"/);
  });

  test("agencies: added, changed, made inactive and active again, each in the history", async () => {
    const added = await admin.post("/admin/agencies/add", {
      name: "Dorset Police",
      sector: "police",
    });
    const { location, page } = await followed(
      admin,
      added,
      /^\/admin\/agencies\/[0-9a-f-]{36}\?done=agency-added$/,
    );
    assert.match(text(page.body), /Agency added/);
    assert.match(text(page.body), /Dorset Police .* Police/);
    const path = location.split("?")[0] as string;
    const list = await admin.get("/admin/agencies");
    assert.match(text(list.body), /Dorset Police Police 0 Active/);

    const duplicate = await admin.post("/admin/agencies/add", {
      name: "dorset police",
      sector: "police",
    });
    assert.equal(duplicate.statusCode, 400);
    assert.deepEqual(errorSummary(duplicate.body), [
      "There is already an agency with this name in the partnership",
    ]);

    const changed = await admin.post(`${path}/change`, {
      name: "Dorset Police Force",
      sector: "other",
    });
    assert.match(
      text((await followed(admin, changed, /done=agency-changed/)).page.body),
      /Agency changed/,
    );
    const off = await admin.post(`${path}/deactivate`);
    assert.match(
      text((await followed(admin, off, /done=agency-deactivated/)).page.body),
      /Inactive/,
    );
    const on = await admin.post(`${path}/reactivate`);
    await followed(admin, on, /done=agency-reactivated/);

    const kinds = (await history()).slice(0, 4).map((change) => change.kind);
    assert.deepEqual(kinds, [
      "agency-reactivated",
      "agency-deactivated",
      "agency-changed",
      "agency-added",
    ]);
    const shown = text((await admin.get("/admin/history")).body);
    assert.match(
      shown,
      /Ada Admin Agency changed Dorset Police Force Name: Dorset Police → Dorset Police Force Sector: Police → Other/,
    );
    assert.match(shown, /Ada Admin Agency added Dorset Police/);
  });

  test("agency forms refuse bad input with the error summary and change nothing", async () => {
    const count = (await listAgencies(services.db, world.partnership.id)).length;
    const changes = (await history()).length;
    const cases: [Record<string, string | string[]>, string[]][] = [
      [{}, ["Enter the agency’s name", "Select the agency’s sector"]],
      [{ name: "  ", sector: "police" }, ["Enter the agency’s name"]],
      [
        { name: "x".repeat(201), sector: "police" },
        ["The agency’s name must be 200 characters or fewer"],
      ],
      [{ name: ["A", "B"], sector: "police" }, ["Enter the agency’s name once"]],
      [
        { name: "<script>alert(1)</script>", sector: "police" },
        ["The agency’s name must not include < or >"],
      ],
      [{ name: "Anything", sector: "' OR 1=1 --" }, ["Select the agency’s sector"]],
      [{ name: "Anything", sector: ["police", "health"] }, ["Select the agency’s sector"]],
    ];
    for (const [fields, messages] of cases) {
      for (const url of ["/admin/agencies/add", `/admin/agencies/${world.school.id}/change`]) {
        const response = await admin.post(url, fields);
        assert.equal(response.statusCode, 400, `${url} ${JSON.stringify(fields)}`);
        assert.deepEqual(errorSummary(response.body), messages, JSON.stringify(fields));
        assert.match(response.body, /<title>Error: /);
        assert.doesNotMatch(response.body, /<script>alert/);
      }
    }
    // Another partnership's agency, or no agency at all, is not found.
    for (const id of [elsewhere.school.id, randomUUID(), "' OR 1=1 --", "1"]) {
      const url = `/admin/agencies/${encodeURIComponent(id)}`;
      assert.equal((await admin.get(url)).statusCode, 404, url);
      assert.equal(
        (await admin.post(`${url}/change`, { name: "X", sector: "police" })).statusCode,
        404,
      );
      assert.equal((await admin.post(`${url}/deactivate`)).statusCode, 404);
    }
    assert.equal((await listAgencies(services.db, world.partnership.id)).length, count);
    assert.equal((await history()).length, changes);
    assert.equal((await listAgencies(services.db, elsewhere.partnership.id))[0]?.active, true);
  });

  /** Adds a person through the form and returns their id. */
  const addPerson = async (fields: Record<string, string | string[]>) => {
    const response = await admin.post("/admin/people/add", fields);
    const { location } = await followed(
      admin,
      response,
      /^\/admin\/people\/[0-9a-f-]{36}\?done=person-added$/,
    );
    return (location.split("?")[0] as string).split("/").at(-1) as string;
  };

  test("people: added with roles, changed, filtered, paginated; email unique whatever its case", async () => {
    const id = await addPerson({
      name: "Rita Social",
      email: "Rita.Social@example.test",
      jobTitle: "Team manager",
      agency: world.socialCare.id,
      roles: ["line-manager", "second-tier-manager"],
    });
    const page = text((await admin.get(`/admin/people/${id}?done=person-added`)).body);
    assert.match(page, /Person added/);
    assert.match(page, /Ada Admin Your account|Ada Admin Sign out/);
    assert.match(page, /Roles Line manager Second-tier manager/);
    assert.doesNotMatch(page, /password hash|\$argon2/i);
    const saved = await findPerson(services.db, id);
    assert.deepEqual(saved?.roles, ["line-manager", "second-tier-manager"]);

    const taken = await admin.post("/admin/people/add", {
      name: "Rita Again",
      email: "rita.social@EXAMPLE.test",
      agency: "none",
      roles: "practitioner",
    });
    assert.equal(taken.statusCode, 400);
    assert.deepEqual(errorSummary(taken.body), ["Someone already has this email address"]);

    const changed = await admin.post(`/admin/people/${id}/change`, {
      name: "Rita Social",
      email: "rita.social@example.test",
      jobTitle: "",
      agency: "none",
      roles: ["partnership-business-team", "administrator"],
    });
    await followed(admin, changed, /done=person-changed/);
    assert.deepEqual((await findPerson(services.db, id))?.roles, [
      "administrator",
      "partnership-business-team",
    ]);
    const [latest] = await history();
    assert.equal(latest?.kind, "person-changed");
    assert.equal(latest?.actorPersonId, administrator.id);

    // Thirty more in the school: the list runs to two pages, and filters narrow it.
    for (let i = 0; i < 30; i++) {
      await addPerson({
        name: `School Person ${String(i).padStart(2, "0")}`,
        email: `school.${i}@example.test`,
        agency: world.school.id,
        roles: "practitioner",
      });
    }
    const first = await admin.get(`/admin/people?agency=${world.school.id}&role=practitioner`);
    assert.equal([...first.body.matchAll(/data-qa="person"/g)].length, 25);
    assert.match(text(first.body), /32 people matching the filters/);
    assert.match(
      first.body,
      /href="\/admin\/people\?agency=[0-9a-f-]+&amp;role=practitioner&amp;page=2"/,
    );
    const second = await admin.get(
      `/admin/people?agency=${world.school.id}&role=practitioner&page=2`,
    );
    assert.equal([...second.body.matchAll(/data-qa="person"/g)].length, 7);
    const none = await admin.get("/admin/people?agency=none&role=administrator&status=active");
    assert.match(text(none.body), /2 people matching the filters/);
    // Values the filters do not offer are ignored, not an error.
    const odd = await admin.get(
      `/admin/people?agency=${elsewhere.school.id}&role=' OR 1=1 --&page=-4`,
    );
    assert.equal(odd.statusCode, 200);
    assert.doesNotMatch(odd.body, /matching the filters/);
  });

  test("deactivating someone signs them out at once; reactivating lets them back; no one deactivates themselves", async () => {
    const { person, password } = await personWithPassword(services.db, {
      partnershipId: world.partnership.id,
      agencyId: world.school.id,
      name: "Leaving Soon",
      roles: ["practitioner"],
    });
    const session = await signInAs(app, person, password);
    const off = await admin.post(`/admin/people/${person.id}/deactivate`);
    assert.match(
      text((await followed(admin, off, /done=person-deactivated/)).page.body),
      /Person deactivated and signed out/,
    );
    const after = await app.inject({ url: "/your-work", headers: { cookie: session.cookie } });
    assert.equal(after.statusCode, 303);
    assert.match(String(after.headers.location), /^\/sign-in/);
    const on = await admin.post(`/admin/people/${person.id}/reactivate`);
    await followed(admin, on, /done=person-reactivated/);
    await signInAs(app, person, password);

    const self = await admin.post(`/admin/people/${administrator.id}/deactivate`);
    assert.equal(self.statusCode, 400);
    assert.match(text(self.body), /You cannot deactivate yourself/);
    assert.equal((await findPerson(services.db, administrator.id))?.active, true);
  });

  test("an administrator removes the authenticator app of someone who lost their phone, once", async () => {
    const { person } = await personWithPassword(services.db, {
      partnershipId: world.partnership.id,
      agencyId: world.school.id,
      name: "Lost Phone",
      roles: ["practitioner"],
    });
    const page = async () => text((await admin.get(`/admin/people/${person.id}`)).body);
    assert.doesNotMatch(await page(), /Remove their authenticator app/);
    const none = await admin.post(`/admin/people/${person.id}/authenticator-app/remove`);
    assert.equal(none.statusCode, 400);
    assert.match(text(none.body), /They do not have an authenticator app set up/);

    await setPendingTotpSecret(services.db, person.id, "JBSWY3DPEHPK3PXP");
    await confirmTotpSecret(services.db, person.id, "JBSWY3DPEHPK3PXP", 1);
    assert.match(await page(), /Authenticator app On/);
    const removed = await admin.post(`/admin/people/${person.id}/authenticator-app/remove`);
    assert.match(
      text((await followed(admin, removed, /done=authenticator-removed/)).page.body),
      /Authenticator app removed/,
    );
    assert.equal((await findLocalAccount(services.db, person.id))?.totpSecret, null);
    const [change] = await history();
    assert.equal(change?.kind, "authenticator-removed");
    assert.equal(change?.recordId, person.id);
  });

  test("person forms refuse bad input with the error summary and change nothing", async () => {
    const changes = (await history()).length;
    const valid = {
      name: "Valid Name",
      email: "valid.name@example.test",
      jobTitle: "",
      agency: world.school.id,
      roles: "practitioner",
    };
    const cases: [Record<string, string | string[]>, string[]][] = [
      [
        {},
        [
          "Enter their full name",
          "Enter their email address",
          "Select their agency, or not in an agency",
          "Select at least one role",
        ],
      ],
      [{ ...valid, name: "y".repeat(201) }, ["Their full name must be 200 characters or fewer"]],
      [
        { ...valid, name: "<script>alert(1)</script>" },
        ["Their full name must not include < or >"],
      ],
      [
        { ...valid, email: "' OR 1=1 --" },
        ["Enter an email address in the correct format, like name@example.org"],
      ],
      [
        { ...valid, email: ["a@example.test", "b@example.test"] },
        ["Enter their email address once"],
      ],
      [{ ...valid, agency: elsewhere.school.id }, ["Select their agency, or not in an agency"]],
      [{ ...valid, agency: "' OR 1=1 --" }, ["Select their agency, or not in an agency"]],
      [{ ...valid, roles: "superuser" }, ["Select at least one role"]],
      [{ ...valid, roles: ["practitioner", "' OR 1=1 --"] }, ["Select at least one role"]],
    ];
    for (const [fields, messages] of cases) {
      for (const url of ["/admin/people/add", `/admin/people/${world.teacher.id}/change`]) {
        const response = await admin.post(url, fields);
        assert.equal(response.statusCode, 400, `${url} ${JSON.stringify(fields)}`);
        assert.deepEqual(errorSummary(response.body), messages, JSON.stringify(fields));
        assert.doesNotMatch(response.body, /<script>alert/);
      }
    }
    const taken = await admin.post("/admin/people/add", {
      ...valid,
      email: world.teacher.email.toUpperCase(),
    });
    assert.deepEqual(errorSummary(taken.body), ["Someone already has this email address"]);
    for (const id of [elsewhere.teacher.id, randomUUID(), "' OR 1=1 --"]) {
      const url = `/admin/people/${encodeURIComponent(id)}`;
      assert.equal((await admin.get(url)).statusCode, 404, url);
      assert.equal((await admin.post(`${url}/change`, valid)).statusCode, 404);
      assert.equal((await admin.post(`${url}/deactivate`)).statusCode, 404);
    }
    // Taking the administrator role from yourself is refused.
    const demote = await admin.post(`/admin/people/${administrator.id}/change`, {
      ...valid,
      email: administrator.email,
      agency: "none",
      roles: "practitioner",
    });
    assert.equal(demote.statusCode, 400);
    assert.deepEqual(errorSummary(demote.body), [
      "You cannot take the administrator role from yourself: ask another administrator",
    ]);
    assert.equal((await history()).length, changes);
    assert.equal((await findPerson(services.db, world.teacher.id))?.name, "Amina Teacher");
    assert.equal((await findPerson(services.db, elsewhere.teacher.id))?.active, true);
  });

  test("role inboxes: added with members of the agency, read back for the person's work", async () => {
    const added = await admin.post("/admin/inboxes/add", {
      agency: world.socialCare.id,
      role: "head-of-service",
      name: "",
    });
    const { location, page } = await followed(
      admin,
      added,
      /^\/admin\/inboxes\/[0-9a-f-]{36}\/members\?done=inbox-added$/,
    );
    assert.match(text(page.body), /Role inbox added/);
    assert.match(text(page.body), /Who works Head of service, Children's Social Care\?/);
    const path = (location.split("?")[0] as string).replace(/\/members$/, "");
    // Only people of the agency can work it.
    for (const members of [world.teacher.id, elsewhere.headOfService.id, "' OR 1=1 --"]) {
      const refused = await admin.post(`${path}/members`, {
        members: [world.headOfService.id, members],
      });
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(errorSummary(refused.body), [
        "Select people who work for Children's Social Care",
      ]);
    }
    const saved = await admin.post(`${path}/members`, {
      members: [world.headOfService.id, world.teamManager.id],
    });
    assert.match(
      text((await followed(admin, saved, /done=inbox-changed/)).page.body),
      /Worked by Hana Head Tom Manager/,
    );
    assert.deepEqual(
      (await inboxesOf(services.db, world.teamManager.id)).map((inbox) => [
        inbox.agencyId,
        inbox.role,
      ]),
      [[world.socialCare.id, "head-of-service"]],
    );
    assert.deepEqual(await inboxesOf(services.db, world.teacher.id), []);

    const again = await admin.post("/admin/inboxes/add", {
      agency: world.socialCare.id,
      role: "head-of-service",
      name: "Another",
    });
    assert.equal(again.statusCode, 400);
    assert.deepEqual(errorSummary(again.body), ["This agency already has an inbox for this role"]);
    for (const [fields, messages] of [
      [{}, ["Select the agency the inbox is in", "Select the role whose work comes to the inbox"]],
      [
        { agency: elsewhere.socialCare.id, role: "head-of-service" },
        ["Select the agency the inbox is in"],
      ],
      [
        { agency: world.socialCare.id, role: "partnership-business-team" },
        ["Select the role whose work comes to the inbox"],
      ],
      [
        { agency: world.school.id, role: "line-manager", name: "<script>" },
        ["The inbox’s name must not include < or >"],
      ],
    ] as [Record<string, string>, string[]][]) {
      const response = await admin.post("/admin/inboxes/add", fields);
      assert.equal(response.statusCode, 400);
      assert.deepEqual(errorSummary(response.body), messages);
    }
    const renamed = await admin.post(`${path}/change`, { name: "" });
    assert.deepEqual(errorSummary(renamed.body), ["Enter the inbox’s name"]);
    assert.equal((await admin.get(`/admin/inboxes/${randomUUID()}`)).statusCode, 404);
    const kinds = (await history()).slice(0, 2).map((change) => change.kind);
    assert.deepEqual(kinds, ["inbox-changed", "inbox-added"]);

    // Removed: its members keep their roles but no longer work it, and the history keeps it.
    assert.equal((await admin.post(`/admin/inboxes/${randomUUID()}/remove`, {})).statusCode, 404);
    const removed = await admin.post(`${path}/remove`, {});
    const list = await followed(admin, removed, /^\/admin\/inboxes\?done=inbox-removed$/);
    assert.match(text(list.page.body), /Role inbox removed/);
    assert.doesNotMatch(text(list.page.body), /Head of service, Children's Social Care/);
    assert.equal((await admin.get(path)).statusCode, 404);
    assert.deepEqual(await inboxesOf(services.db, world.teamManager.id), []);
    const [last] = await history();
    assert.equal(last?.kind, "inbox-removed");
    assert.deepEqual(last?.beforeValues, {
      name: "Head of service, Children's Social Care",
      agency: "Children's Social Care",
      role: "head-of-service",
      members: ["Hana Head", "Tom Manager"],
    });
    assert.equal(last?.afterValues, null);
    // Anyone else is refused, and nothing changes.
    const another = await admin.post("/admin/inboxes/add", {
      agency: world.socialCare.id,
      role: "head-of-service",
      name: "",
    });
    const kept = (await followed(admin, another, /done=inbox-added/)).location.split("/members")[0];
    for (const other of [manager, practitioner]) {
      assert.equal((await other.post(`${kept}/remove`, {})).statusCode, 403);
    }
    assert.equal(
      (await admin.get(kept ?? "")).statusCode,
      200,
      "a refused removal changes nothing",
    );
  });

  test("absence delegates: set by an administrator or by the person; overlaps and outsiders refused", async () => {
    const path = `/admin/people/${world.teamManager.id}/delegates`;
    const dates = (from: string, to: string) => {
      const [fy, fm, fd] = from.split("-");
      const [ty, tm, td] = to.split("-");
      return {
        "from-day": fd,
        "from-month": fm,
        "from-year": fy,
        "to-day": td,
        "to-month": tm,
        "to-year": ty,
      } as Record<string, string>;
    };
    const added = await admin.post(`${path}/add`, {
      delegate: world.headOfService.id,
      ...dates("2026-03-02", "2026-03-13"),
    });
    assert.match(
      text((await followed(admin, added, /done=delegation-added/)).page.body),
      /Hana Head Mon 2 Mar 2026 Fri 13 Mar 2026/,
    );
    assert.deepEqual(
      (await delegatorsOf(services.db, world.headOfService.id, "2026-03-13T23:30:00Z")).map(
        (each) => each.name,
      ),
      ["Tom Manager"],
    );
    assert.deepEqual(
      await delegatorsOf(services.db, world.headOfService.id, "2026-03-14T00:30:00Z"),
      [],
    );

    const changes = (await history()).length;
    const cases: [Record<string, string | string[]>, string[]][] = [
      [
        {},
        [
          "Select who acts for them while they are away",
          "Enter the first day they are away",
          "Enter the last day they are away",
        ],
      ],
      [
        { delegate: world.headOfService.id, ...dates("2026-03-10", "2026-03-20") },
        [
          "These dates overlap a delegate already named: change the dates, or remove that delegate first",
        ],
      ],
      [
        { delegate: elsewhere.headOfService.id, ...dates("2026-04-01", "2026-04-02") },
        ["Select who acts for them while they are away"],
      ],
      [
        { delegate: world.teamManager.id, ...dates("2026-04-01", "2026-04-02") },
        ["Select who acts for them while they are away"],
      ],
      [
        { delegate: "' OR 1=1 --", ...dates("2026-04-01", "2026-04-02") },
        ["Select who acts for them while they are away"],
      ],
      [
        { delegate: world.headOfService.id, ...dates("2026-04-10", "2026-04-02") },
        ["The last day must be the same as or after the first day"],
      ],
      [
        { delegate: world.headOfService.id, ...dates("2026-02-10", "2026-02-20") },
        ["The last day must be today or in the future"],
      ],
      [
        { delegate: world.headOfService.id, ...dates("2026-02-30", "2026-04-02") },
        ["The first day must be a real date"],
      ],
      [
        {
          delegate: world.headOfService.id,
          ...dates("2026-04-01", "2026-04-02"),
          "to-year": "<script>",
        },
        ["The last day must be a real date"],
      ],
    ];
    for (const [fields, messages] of cases) {
      const response = await admin.post(`${path}/add`, fields);
      assert.equal(response.statusCode, 400, JSON.stringify(fields));
      assert.deepEqual(errorSummary(response.body), messages, JSON.stringify(fields));
    }
    assert.equal((await history()).length, changes);

    // The person names their own, at /delegation; another agency's person is allowed.
    const { person, password } = await personWithPassword(services.db, {
      partnershipId: world.partnership.id,
      agencyId: world.school.id,
      name: "Sue Self",
      roles: ["line-manager"],
    });
    const sue = browser(app, await signInAs(app, person, password));
    assert.match(text((await sue.get("/delegation")).body), /You have not named anyone/);
    const form = await sue.get("/delegation/add");
    assert.match(form.body, new RegExp(world.teacher.id));
    assert.doesNotMatch(form.body, new RegExp(elsewhere.teacher.id));
    assert.match(text(form.body), /Who acts for you\?/);
    const mine = await sue.post("/delegation/add", {
      delegate: world.headOfService.id,
      ...dates("2026-03-05", "2026-03-06"),
    });
    const shown = await followed(sue, mine, /^\/delegation\?done=delegation-added$/);
    assert.match(
      text(shown.page.body),
      /Delegate named .* Hana Head Thu 5 Mar 2026 Fri 6 Mar 2026/,
    );
    const [latest] = await history();
    assert.equal(latest?.actorPersonId, person.id);
    // Someone else's delegation cannot be removed from /delegation; their own can.
    const [tom] = (await history())
      .filter((change) => change.kind === "delegation-added")
      .slice(-1);
    assert.equal((await sue.post(`/delegation/${tom?.recordId}/remove`)).statusCode, 404);
    const removed = await sue.post(`/delegation/${latest?.recordId}/remove`);
    await followed(sue, removed, /done=delegation-removed/);
    assert.equal((await history())[0]?.kind, "delegation-removed");
  });

  test("settings: procedure, calendar, retention, reminders and open timescales, each refused when wrong", async () => {
    const page = await admin.get("/admin/settings/procedure");
    const sefton = /value="(sefton@[^"]+)"/.exec(page.body)?.[1];
    assert.ok(sefton);
    assert.match(text(page.body), /applies to escalations raised from now on/);
    await followed(
      admin,
      await admin.post("/admin/settings/procedure", { procedure: sefton }),
      /done=settings-changed/,
    );
    const partnership = await findPartnership(services.db, world.partnership.id);
    assert.equal(partnership?.procedureId, "sefton");

    await followed(
      admin,
      await admin.post("/admin/settings/calendar", {
        nation: "scotland",
        "closeOfBusiness-hour": "17",
        "closeOfBusiness-minute": "30",
      }),
      /done=settings-changed/,
    );
    await followed(
      admin,
      await admin.post("/admin/settings/retention", { retentionMonths: "84" }),
      /done=settings-changed/,
    );
    const reminders = await admin.get("/admin/settings/reminders");
    assert.match(reminders.body, /name="reminderWorkingDays"[^>]*value="1"/);
    await followed(
      admin,
      await admin.post("/admin/settings/reminders", { reminderWorkingDays: "2" }),
      /done=settings-changed/,
    );
    const timescales = await admin.get("/admin/settings/timescales");
    const names = [...timescales.body.matchAll(/name="(timescale-[^"]+)"/g)].map(
      (match) => match[1] as string,
    );
    assert.ok(names.length > 0, "Sefton leaves timescales open");
    await followed(
      admin,
      await admin.post(
        "/admin/settings/timescales",
        Object.fromEntries(names.map((name, i) => [name, i === 0 ? "" : "3"])),
      ),
      /done=settings-changed/,
    );
    const saved = await findPartnership(services.db, world.partnership.id);
    assert.equal(saved?.nation, "scotland");
    assert.equal(saved?.closeOfBusiness, "17:30");
    assert.equal(saved?.retentionMonths, 84);
    assert.equal(saved?.reminderWorkingDays, 2);
    assert.equal(Object.keys(saved?.timescaleSettings as object).length, names.length - 1);
    const summary = text((await admin.get("/admin/settings?done=settings-changed")).body);
    assert.match(
      summary,
      /Settings changed .* Scotland .* 17:30 .* 84 months .* 2 working days before a deadline, at 8am/,
    );
    assert.match(
      text((await admin.get("/admin/history")).body),
      /Deadline reminders: 1 working day before a deadline, at 8am → 2 working days before a deadline, at 8am/,
    );

    const changes = (await history()).length;
    const cases: [string, Record<string, string | string[]>, string[]][] = [
      ["procedure", {}, ["Select the procedure new escalations are raised under"]],
      [
        "procedure",
        { procedure: "' OR 1=1 --" },
        ["Select the procedure new escalations are raised under"],
      ],
      [
        "calendar",
        { nation: "wales" },
        ["Select the nation whose bank holidays the partnership keeps"],
      ],
      [
        "calendar",
        { nation: "scotland", "closeOfBusiness-hour": "25", "closeOfBusiness-minute": "00" },
        ["Close of business must be a real time on the 24-hour clock, like 14:30"],
      ],
      ["retention", { retentionMonths: "" }, ["Enter the number of months"]],
      ["retention", { retentionMonths: "0" }, ["Enter a whole number from 1 to 1200"]],
      ["retention", { retentionMonths: "12.5" }, ["Enter a whole number from 1 to 1200"]],
      ["retention", { retentionMonths: "' OR 1=1 --" }, ["Enter a whole number from 1 to 1200"]],
      ["retention", { retentionMonths: ["12", "24"] }, ["Enter the number of months once"]],
      ["reminders", { reminderWorkingDays: "" }, ["Enter the number of working days"]],
      ["reminders", { reminderWorkingDays: "11" }, ["Enter a whole number from 0 to 10"]],
      ["reminders", { reminderWorkingDays: "-1" }, ["Enter a whole number from 0 to 10"]],
      ["reminders", { reminderWorkingDays: "1.5" }, ["Enter a whole number from 0 to 10"]],
      ["reminders", { reminderWorkingDays: ["1", "2"] }, ["Enter the number of working days once"]],
      ["timescales", { [names[0] as string]: "<script>" }, ["Enter a whole number from 0 to 260"]],
      ["timescales", { [names[0] as string]: "261" }, ["Enter a whole number from 0 to 260"]],
    ];
    for (const [slug, fields, messages] of cases) {
      const response = await admin.post(`/admin/settings/${slug}`, fields);
      assert.equal(response.statusCode, 400, `${slug} ${JSON.stringify(fields)}`);
      assert.deepEqual(errorSummary(response.body), messages, `${slug} ${JSON.stringify(fields)}`);
    }
    assert.equal((await history()).length, changes);
    assert.deepEqual(await findPartnership(services.db, world.partnership.id), saved);
  });

  test("the history is append-only, newest first, paginated, and names who made each change", async () => {
    const refused = (error: unknown) =>
      /append-only/.test(String((error as Error).cause ?? error)) || String(error);
    await assert.rejects(services.db.execute(sql`update admin_changes set kind = 'x'`), refused);
    await assert.rejects(services.db.execute(sql`delete from admin_changes`), refused);
    const all = await history();
    assert.ok(all.length > 30, `${all.length} changes`);
    const first = await admin.get("/admin/history");
    assert.equal([...first.body.matchAll(/data-qa="change"/g)].length, 30);
    assert.match(first.body, /href="\/admin\/history\?page=2"/);
    const whos = [...first.body.matchAll(/data-qa="who">([^<]+)</g)].map((match) => match[1]);
    assert.ok(
      whos.every((who) => who === "Ada Admin" || who === "Sue Self"),
      whos.join(),
    );
    assert.equal(all.filter((change) => change.partnershipId !== world.partnership.id).length, 0);
  });
});
