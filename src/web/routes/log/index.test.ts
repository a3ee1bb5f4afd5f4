// The log on the real services and a fresh database (PGlite, or PostgreSQL with DATABASE_URL),
// signed in through the real sign-in form. Escalations are made through the use cases, with the
// clock set, so their stages, statuses and deadlines are real.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { actNow } from "../../../../test/support/escalations.ts";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { testServices } from "../../../../test/support/services.ts";
import { personWithPassword, signInAs } from "../../../../test/support/sign-in.ts";
import { type RaiseInput, raiseEscalation } from "../../../app/escalations.ts";
import type { Services } from "../../../app/services.ts";
import { type Agency, insertAgency, type Person } from "../../../db/directory.ts";
import { encodeCursor } from "../../../db/escalation-queries.ts";
import { buildApp } from "../../app.ts";

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ");
const references = (html: string) =>
  [...html.matchAll(/data-qa="reference">([^<]+)</g)].map((match) => match[1] as string);
const hrefOf = (html: string, qa: string) => {
  const match = new RegExp(`<a[^>]*href="([^"]+)"[^>]*data-qa="${qa}"`).exec(html);
  return match?.[1]?.replaceAll("&amp;", "&");
};

const details: RaiseInput["details"] = {
  challenged: "The referral was closed with advice only",
  tried: "Phoned the duty team",
  evidence: { kind: "evidence", text: "Welfare log" },
  outcomeSought: "An assessment",
  urgency: "routine",
};

describe(`the log on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  let services: Services;
  let app: FastifyInstance;
  let clock = "";
  let world: Awaited<ReturnType<typeof testPartnership>>;
  let police: Agency;
  const cookies: Record<string, string> = {};
  /** References by who raised them and how they ended up. */
  const made = {
    school: [] as string[],
    schoolMonday: [] as string[],
    climbing: "",
    withdrawn: "",
    police: [] as string[],
    thematic: "",
  };

  const raise = async (person: Person, against: string, changes: Partial<RaiseInput> = {}) => {
    const result = await raiseEscalation(services, person, {
      thematic: false,
      child: { reference: "K.M.", dateOfBirth: null, status: "none" },
      receivingAgencies: [against],
      category: "referral-threshold",
      details,
      ...changes,
    });
    assert.ok(result.ok, JSON.stringify(result));
    return result;
  };

  const act = (person: Person, id: string, command: Parameters<typeof actNow>[3]) =>
    actNow(services, person, id, command);

  before(async () => {
    services = await testServices({}, { now: () => clock });
    world = await testPartnership(services.db, "dorset");
    const { id: partnershipId } = world.partnership;
    police = await insertAgency(services.db, {
      id: randomUUID(),
      partnershipId,
      name: "Dorset Police",
      sector: "police",
    });
    const health = await insertAgency(services.db, {
      id: randomUUID(),
      partnershipId,
      name: "Community Health",
      sector: "health",
    });
    // Each agency's person holds its whole management chain, so sees its escalations at every
    // stage; who below the stage's tier sees what is the policy module's and the queries' tests.
    const { chain } = world;
    const people = {
      school: await personWithPassword(services.db, {
        partnershipId,
        agencyId: world.school.id,
        name: "Sam School",
        roles: chain,
      }),
      police: await personWithPassword(services.db, {
        partnershipId,
        agencyId: police.id,
        name: "Pat Police",
        roles: chain,
      }),
      socialCare: await personWithPassword(services.db, {
        partnershipId,
        agencyId: world.socialCare.id,
        name: "Sol Social",
        roles: chain,
      }),
      team: await personWithPassword(services.db, {
        partnershipId,
        agencyId: null,
        name: "Bea Business",
        roles: ["partnership-business-team"],
      }),
      health: await personWithPassword(services.db, {
        partnershipId,
        agencyId: health.id,
        name: "Hal Health",
        roles: ["practitioner"],
      }),
    };
    const school = people.school.person;

    // Thirty from the school to social care, ten a day on Mon 3, Tue 4 and Wed 5 March 2025,
    // a minute apart, half about referral thresholds and half about a plan's progress.
    for (let i = 0; i < 30; i++) {
      const day = 3 + Math.floor(i / 10);
      clock = `2025-03-0${day}T09:${String(i).padStart(2, "0")}:00Z`;
      const { reference } = await raise(school, world.socialCare.id, {
        child: { reference: `C${i}`, dateOfBirth: null, status: "none" },
        category: i % 2 === 0 ? "referral-threshold" : "plan-progress",
      });
      made.school.push(reference);
      if (day === 3) made.schoolMonday.push(reference);
    }
    // Tue 4: the school takes one to stage 3; police raise two with social care.
    clock = "2025-03-04T11:00:00Z";
    const climbing = await raise(school, world.socialCare.id);
    await act(school, climbing.id, { type: "escalate", reason: "No agreement" });
    await act(school, climbing.id, { type: "escalate", reason: "Still none" });
    made.climbing = climbing.reference;
    for (const minute of ["10", "20"]) {
      clock = `2025-03-04T12:${minute}:00Z`;
      made.police.push((await raise(people.police.person, world.socialCare.id)).reference);
    }
    // Wed 5: the school withdraws one; social care raise a thematic concern about police,
    // which starts at stage 3.
    clock = "2025-03-05T11:00:00Z";
    const withdrawn = await raise(school, world.socialCare.id);
    await act(school, withdrawn.id, { type: "withdraw", reason: "Sorted out" });
    made.withdrawn = withdrawn.reference;
    clock = "2025-03-05T12:00:00Z";
    made.thematic = (
      await raise(people.socialCare.person, police.id, {
        thematic: true,
        child: null,
        category: "strategic-theme",
      })
    ).reference;

    // Looked at on Thu 6 March at noon: Monday's ten are past their Day 3.
    clock = "2025-03-06T12:00:00Z";
    app = await buildApp(services);
    for (const [key, { person, password }] of Object.entries(people)) {
      cookies[key] = (await signInAs(app, person, password)).cookie;
    }
  });

  after(async () => {
    await app?.close();
    await services?.database.close();
  });

  const log = async (who: string, url = "/log") => {
    const response = await app.inject({ url, headers: { cookie: cookies[who] ?? "" } });
    assert.equal(response.statusCode, 200, `${url}: ${response.statusCode}`);
    return response.body;
  };

  /** Every reference on every page, following Next page from `url`. */
  const allPages = async (who: string, url = "/log") => {
    const pages: string[][] = [];
    let next: string | undefined = url;
    while (next !== undefined) {
      const html = await log(who, next);
      pages.push(references(html));
      next = hrefOf(html, "next-page");
      assert.ok(pages.length < 10, "the pages never end");
    }
    return pages;
  };

  test("needs signing in, and comes back to the same filters after", async () => {
    const response = await app.inject("/log?stage=stage-3&overdue=yes");
    assert.equal(response.statusCode, 303);
    assert.equal(
      response.headers.location,
      `/sign-in?returnTo=${encodeURIComponent("/log?stage=stage-3&overdue=yes")}`,
    );
  });

  test("a school practitioner pages through everything the school is party to, 25 at a time, none twice", async () => {
    const pages = await allPages("school");
    assert.deepEqual(
      pages.map((page) => page.length),
      [25, 7],
    );
    const seen = pages.flat();
    assert.equal(new Set(seen).size, seen.length, "no escalation is on two pages");
    assert.deepEqual([...seen].sort(), [...made.school, made.climbing, made.withdrawn].sort());
    // Newest change first: the withdrawal, then Wednesday's raising, and so on back.
    assert.equal(seen[0], made.withdrawn);
    assert.equal(seen.at(-1), made.school[0]);
  });

  test("the second page links back to the first; the first has no such link", async () => {
    const first = await log("school");
    assert.equal(hrefOf(first, "first-page"), undefined);
    const second = await log("school", hrefOf(first, "next-page"));
    assert.equal(hrefOf(second, "first-page"), "/log");
    assert.equal(hrefOf(second, "next-page"), undefined);
    assert.match(text(second), /7 on this page, the most recently changed first/);
  });

  test("a police officer sees only what their force is party to", async () => {
    const html = await log("police");
    assert.deepEqual(references(html).sort(), [...made.police, made.thematic].sort());
    assert.match(text(html), /Raised by Children's Social Care/);
    assert.match(text(html), new RegExp(`${made.thematic} Thematic`));
  });

  test("the partnership business team sees stage 3 and above, routed to it, and not stage 1", async () => {
    const html = await log("team");
    assert.deepEqual(references(html).sort(), [made.climbing, made.thematic].sort());
    assert.match(text(html), /Raised by Hillside Primary School with Children's Social Care/);
    assert.match(
      text(html),
      /Every escalation at the stages the procedure brings to the partnership team \(Stage 3 – heads of service; Stage 4 – senior leaders\), running or ended/,
    );
  });

  test("each filter narrows the log, and the filters combine", async () => {
    const count = async (who: string, query: string) =>
      (await allPages(who, `/log?${query}`)).flat().length;
    assert.equal(await count("socialCare", ""), 35);
    assert.equal(await count("socialCare", "stage=stage-3"), 2);
    assert.equal(await count("socialCare", `agency=${police.id}`), 3);
    assert.equal(await count("school", "category=plan-progress"), 15);
    assert.equal(await count("school", "status=withdrawn"), 1);
    assert.equal(await count("school", "status=open"), 31);
    assert.equal(await count("school", "overdue=yes"), 10);
    assert.equal(await count("school", "overdue=yes&category=plan-progress"), 5);
    assert.deepEqual(
      (await allPages("school", "/log?overdue=yes")).flat().sort(),
      [...made.schoolMonday].sort(),
    );
  });

  test("the next page keeps the filters", async () => {
    const first = await log("school", "/log?status=open");
    const next = hrefOf(first, "next-page");
    assert.match(next ?? "", /^\/log\?status=open&after=/);
    assert.equal(references(await log("school", next)).length, 6);
  });

  test("the chosen filters are shown, each with a link that removes it, and kept in the form", async () => {
    const html = await log("school", "/log?stage=stage-1&overdue=yes");
    const page = text(html);
    assert.match(
      page,
      /Selected filters Clear filters Remove this filter, Stage: Stage 1 – line managers Remove this filter, Deadline: Overdue/,
    );
    assert.match(html, /href="\/log\?overdue=yes"><span class="govuk-visually-hidden">Remove/);
    assert.match(html, /href="\/log\?stage=stage-1"><span class="govuk-visually-hidden">Remove/);
    assert.match(html, /<option value="stage-1" selected>Stage 1 – line managers<\/option>/);
    assert.match(html, /name="overdue" type="checkbox" value="yes" checked/);
    assert.match(
      html,
      /<option value="plan-progress">A plan that is not making the progress expected/,
    );
    assert.match(html, new RegExp(`<option value="${police.id}">Dorset Police</option>`));
  });

  test("the filter form's unchosen fields are tidied out of the address", async () => {
    const response = await app.inject({
      url: "/log?stage=stage-1&agency=&category=&status=&overdue=yes",
      headers: { cookie: cookies.school ?? "" },
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, "/log?stage=stage-1&overdue=yes");
    const broken = await app.inject({
      url: "/log?stage=nope&agency=",
      headers: { cookie: cookies.school ?? "" },
    });
    assert.equal(broken.statusCode, 200, "a problem to report is shown, not tidied away");
  });

  test("hostile or broken querystrings show the log, ignoring what cannot be used, and say so", async () => {
    const cursor = (text: string) => Buffer.from(text).toString("base64url");
    const hostile = [
      "stage=stage-1&stage=stage-2",
      `stage=${"x".repeat(20_000)}`,
      "category=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
      "agency='%20OR%201%3D1%20--",
      "agency=00000000-0000-0000-0000-000000000000",
      "status=open';DROP TABLE escalations;--",
      "overdue=true",
      "overdue[]=yes",
      "stage[$ne]=x",
      "__proto__[stage]=stage-1&constructor=x",
      "category=%00",
      "stage=%E0%A4%A",
      "after=garbage",
      `after=${"A".repeat(5_000)}`,
      `after=${cursor("2025-03-06T00:00:00Z|'; drop table escalations;--")}`,
      `after=${cursor("not a date|00000000-0000-4000-8000-000000000000")}`,
      "after=a&after=b",
    ];
    for (const query of hostile) {
      const response = await app.inject({
        url: `/log?${query}`,
        headers: { cookie: cookies.school ?? "" },
      });
      assert.equal(response.statusCode, 200, query);
      assert.doesNotMatch(response.body, /<script>alert/, query);
      assert.equal(references(response.body).length, 25, `${query}: the first page, unfiltered`);
    }
    const two = text(await log("school", "/log?stage=stage-1&stage=stage-2&status=nope"));
    assert.match(
      two,
      /The stage and status filters in it were not one of the choices below, so they were ignored/,
    );
    assert.match(
      text(await log("school", "/log?after=garbage")),
      /It was to a page of the log that could not be found, so this is the first page/,
    );
    // A real position is used: the page after it.
    const beyond = `/log?after=${encodeCursor({ updatedAt: "2025-03-03T09:05:00Z", id: "00000000-0000-4000-8000-000000000000" })}`;
    assert.deepEqual(references(await log("school", beyond)), made.school.slice(0, 5).reverse());
    // What was still in the database is still there.
    assert.equal((await allPages("school")).flat().length, 32);
  });

  test("someone whose agency is in nothing is told so, and how to raise one", async () => {
    const page = text(await log("health"));
    assert.match(page, /There are no escalations you can see yet/);
    assert.match(page, /Raise an escalation when you disagree with another agency’s decision/);
    const none = text(await log("police", "/log?status=resolved"));
    assert.match(none, /No escalations match these filters Clear the filters/);
  });
});
