// "Your work" on the real services and a fresh database (PGlite, or PostgreSQL with DATABASE_URL),
// signed in through the real sign-in form. Escalations are made through the use cases, with the
// clock set, so their deadlines are real.

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
import { insertAgency, type Person } from "../../../db/directory.ts";
import { buildApp } from "../../app.ts";

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ");
const references = (html: string) =>
  [...html.matchAll(/data-qa="reference">([^<]+)</g)].map((match) => match[1]);

const details: RaiseInput["details"] = {
  challenged: "The referral was closed with advice only",
  tried: "Phoned the duty team",
  evidence: { kind: "evidence", text: "Welfare log" },
  outcomeSought: "An assessment",
  urgency: "routine",
};

describe(`Your work on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  let services: Services;
  let app: FastifyInstance;
  let clock = "";
  let world: Awaited<ReturnType<typeof testPartnership>>;
  const signIn: Record<string, { cookie: string }> = {};
  const raised: Record<string, string> = {};

  const raise = async (
    name: string,
    person: Person,
    against: string,
    options: Partial<RaiseInput> = {},
  ) => {
    const result = await raiseEscalation(services, person, {
      thematic: false,
      child: { reference: name.slice(0, 3).toUpperCase(), dateOfBirth: null, status: "none" },
      receivingAgencies: [against],
      category: "referral-threshold",
      details,
      ...options,
    });
    assert.ok(result.ok, JSON.stringify(result));
    raised[name] = result.reference;
    return result.id;
  };

  /** Acts on the escalation as it stands now. */
  const act = (person: Person, id: string, command: Parameters<typeof actNow>[3]) =>
    actNow(services, person, id, command);

  before(async () => {
    services = await testServices({}, { now: () => clock });
    world = await testPartnership(services.db, "dorset");
    const police = await insertAgency(services.db, {
      id: randomUUID(),
      partnershipId: world.partnership.id,
      name: "Dorset Police",
      sector: "police",
    });
    const health = await insertAgency(services.db, {
      id: randomUUID(),
      partnershipId: world.partnership.id,
      name: "Community Health",
      sector: "health",
    });
    const { id: partnershipId } = world.partnership;
    const people = {
      school: await personWithPassword(services.db, {
        partnershipId,
        agencyId: world.school.id,
        name: "Sam School",
        roles: ["practitioner", "line-manager"],
      }),
      police: await personWithPassword(services.db, {
        partnershipId,
        agencyId: police.id,
        name: "Pat Police",
        roles: ["practitioner", "line-manager"],
      }),
      team: await personWithPassword(services.db, {
        partnershipId,
        agencyId: null,
        name: "Bea Business",
        roles: ["partnership-business-team"],
      }),
      admin: await personWithPassword(services.db, {
        partnershipId,
        agencyId: null,
        name: "Ada Admin",
        roles: ["administrator"],
      }),
      health: await personWithPassword(services.db, {
        partnershipId,
        agencyId: health.id,
        name: "Hal Health",
        roles: ["practitioner"],
      }),
    };

    // Mon 3 Mar 2025: one raised by the school (due at the end of Wed 5, Day 3).
    clock = "2025-03-03T09:00:00Z";
    await raise("monday", people.school.person, world.socialCare.id);
    // Tue 4: another (due Thu 6), and one the school takes to stage 3 the same day.
    clock = "2025-03-04T09:00:00Z";
    await raise("tuesday", people.school.person, world.socialCare.id);
    const climbing = await raise("climbing", people.school.person, world.socialCare.id);
    clock = "2025-03-04T10:00:00Z";
    await act(people.school.person, climbing, { type: "escalate", reason: "No agreement" });
    await act(people.school.person, climbing, { type: "escalate", reason: "Still none" });
    // Police raise one with social care.
    await raise("police", people.police.person, world.socialCare.id);
    // Wed 5: the school raises one (due Fri 7) and withdraws an earlier one.
    clock = "2025-03-05T09:00:00Z";
    await raise("wednesday", people.school.person, world.socialCare.id);
    const withdrawn = await raise("withdrawn", people.school.person, world.socialCare.id);
    await act(people.school.person, withdrawn, { type: "withdraw", reason: "Sorted out" });

    // Looked at on Thu 6 Mar at noon.
    clock = "2025-03-06T12:00:00Z";
    app = await buildApp(services);
    for (const [key, { person, password }] of Object.entries(people)) {
      signIn[key] = await signInAs(app, person, password);
    }
  });

  after(async () => {
    await app?.close();
    await services?.database.close();
  });

  const yourWork = async (who: string) => {
    const response = await app.inject({
      url: "/your-work",
      headers: { cookie: signIn[who]?.cookie ?? "" },
    });
    assert.equal(response.statusCode, 200);
    return response.body;
  };

  test("needs signing in, and comes back here after", async () => {
    const response = await app.inject("/your-work");
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, "/sign-in?returnTo=%2Fyour-work");
  });

  test("a school practitioner sees the school's running escalations, newest change first", async () => {
    const html = await yourWork("school");
    assert.deepEqual(references(html), [
      raised.wednesday,
      raised.climbing,
      raised.tuesday,
      raised.monday,
    ]);
    const page = text(html);
    assert.match(
      page,
      /Hillside Primary School Your work Running escalations you have raised or taken part in, and those involving Hillside Primary School at a stage for your role or a more junior one/,
    );
    assert.match(
      page,
      /Dorset Safeguarding Children Partnership resolves professional differences between agencies with its procedure “Resolving professional differences, including escalation” \(version 2\.0-r1\)/,
    );
    assert.match(page, /Raised with Children's Social Care/);
    assert.match(
      page,
      /Category A referral judged not to meet the threshold for assessment by children's social care/,
    );
    // The child is shown only on the escalation's page, where each view is recorded.
    assert.match(page, new RegExp(`${raised.climbing} Raised with`));
    assert.doesNotMatch(page, /\bCLI\b/);
    assert.match(page, /Stage and status Stage 3 – heads of service Open/);
    assert.match(html, /<a href="\/raise"[^>]*data-qa="raise"/);
    assert.match(html, /aria-current="page"[^>]*>\s*<strong[^>]*>Your work</);
  });

  test("each shows its deadline on the partnership's calendar, and the overdue stand out", async () => {
    const page = text(await yourWork("school"));
    const deadline = (reference: string | undefined) =>
      new RegExp(`${reference} .*?Deadline (.+?) (?:was due|due) (\\w{3} \\d+ \\w{3} \\d{4})`).exec(
        page,
      );
    assert.deepEqual(deadline(raised.monday)?.slice(1), ["Overdue", "Wed 5 Mar 2025"]);
    assert.deepEqual(deadline(raised.tuesday)?.slice(1), ["Due today", "Thu 6 Mar 2025"]);
    assert.deepEqual(deadline(raised.wednesday)?.slice(1), [
      "Due in 1 working day",
      "Fri 7 Mar 2025",
    ]);
    assert.deepEqual(deadline(raised.climbing)?.slice(1), [
      "Due in 6 working days",
      "Fri 14 Mar 2025",
    ]);
    assert.match(page, /1 overdue See it in the log/);
  });

  test("a police officer sees only what their force is party to", async () => {
    assert.deepEqual(references(await yourWork("police")), [raised.police]);
    assert.match(text(await yourWork("police")), /Raised with Children's Social Care/);
  });

  test("the partnership business team sees escalations at stage 3 and above, not stage 1", async () => {
    const html = await yourWork("team");
    assert.deepEqual(references(html), [raised.climbing]);
    assert.match(text(html), /Raised by Hillside Primary School with Children's Social Care/);
    assert.doesNotMatch(html, /data-qa="raise"/, "the partnership team raises nothing");
  });

  test("someone new, with nothing running, is told what to do", async () => {
    const html = await yourWork("health");
    assert.deepEqual(references(html), []);
    const page = text(html);
    assert.match(page, /No escalations are waiting on Community Health/);
    assert.match(page, /When you disagree with another agency’s decision, action or inaction/);
    assert.match(page, /“Resolving professional differences, including escalation”/);
    assert.match(html, /<a href="\/raise" role="button"[^>]*class="govuk-button"/);
  });

  test("someone in no agency and not on the partnership team is told why nothing comes to them", async () => {
    const html = await yourWork("admin");
    assert.deepEqual(references(html), []);
    assert.match(text(html), /You are not in an agency or on the partnership team/);
    assert.doesNotMatch(html, /data-qa="raise"/);
  });
});
