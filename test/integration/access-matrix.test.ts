import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { loadEscalation, raiseEscalation } from "../../src/app/escalations.ts";
import type { Services } from "../../src/app/services.ts";
import { insertAgency, type Person } from "../../src/db/directory.ts";
import { absenceDelegations, roleInboxes, roleInboxMembers } from "../../src/db/schema.ts";
import { buildApp } from "../../src/web/app.ts";
import { ACCESS, accessMarkdown, SUBJECTS, type SubjectKey } from "../access/matrix.ts";
import { actNow } from "../support/escalations.ts";
import { testPartnership } from "../support/partnership.ts";
import { testServices } from "../support/services.ts";
import { personWithPassword, signInAs } from "../support/sign-in.ts";

// Every row of the access table (test/access/matrix.ts) as every kind of person, through the
// real app on a real database: allowed means the page (200) or, for a form posted empty, its
// error summary (400); refused means 403, 404 or, signed out, being sent to sign in.

const database = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";

test("docs/access.md is the access table, as written by npm run docs:access", () => {
  const written = readFileSync(new URL("../../docs/access.md", import.meta.url), "utf8");
  assert.equal(written, accessMarkdown(), "docs/access.md is stale: run npm run docs:access");
});

describe(`who may use what (on ${database})`, () => {
  let clock = "2025-03-04T10:00:00Z";
  let services: Services;
  let app: FastifyInstance;
  const sessions = new Map<SubjectKey, { cookie: string; csrfToken: string }>();
  const ids = { stage1: "", stage3: "", resolved: "" };

  before(async () => {
    services = await testServices({ secureCookies: false }, { now: () => clock });
    app = await buildApp(services);
    const world = await testPartnership(services.db, "dorset");
    const partnershipId = world.partnership.id;
    const police = await insertAgency(services.db, {
      id: randomUUID(),
      partnershipId,
      name: "Police",
      sector: "police",
    });
    const other = await testPartnership(services.db, "dorset");
    const people = new Map<SubjectKey, { person: Person; password: string }>();
    const add = async (
      key: SubjectKey,
      agencyId: string | null,
      roles: string[],
      partnership = partnershipId,
    ) => {
      const made = await personWithPassword(services.db, {
        partnershipId: partnership,
        agencyId,
        name: SUBJECTS[key],
        roles,
      });
      people.set(key, made);
      return made.person;
    };
    const raiser = await add("raiser", world.school.id, ["practitioner"]);
    await add("colleague", world.school.id, ["practitioner"]);
    const raisingManager = await add("raisingManager", world.school.id, ["line-manager"]);
    const receivingManager = await add("receivingManager", world.socialCare.id, ["line-manager"]);
    await add("receivingPractitioner", world.socialCare.id, ["practitioner"]);
    const delegate = await add("delegate", world.socialCare.id, ["practitioner"]);
    const member = await add("inbox", world.socialCare.id, ["practitioner"]);
    await add("notParty", police.id, ["line-manager"]);
    await add("team", null, ["partnership-business-team"]);
    await add("administrator", null, ["administrator"]);
    await add("stranger", other.socialCare.id, ["line-manager"], other.partnership.id);

    await services.db.insert(absenceDelegations).values({
      id: randomUUID(),
      partnershipId,
      personId: receivingManager.id,
      delegateId: delegate.id,
      startsOn: "2025-03-01",
      endsOn: "2025-03-31",
    });
    const inboxId = randomUUID();
    await services.db.insert(roleInboxes).values({
      id: inboxId,
      partnershipId,
      agencyId: world.socialCare.id,
      role: "line-manager",
      name: "Line managers, Children's Social Care",
    });
    await services.db.insert(roleInboxMembers).values({ inboxId, personId: member.id });

    const raise = async () => {
      const raised = await raiseEscalation(services, raiser, {
        thematic: false,
        child: { reference: "JS", dateOfBirth: "2016-09-01", status: "child-in-need" },
        receivingAgencies: [world.socialCare.id],
        category: "referral-threshold",
        details: {
          challenged: "The referral was closed",
          tried: "Called the duty team",
          evidence: { kind: "evidence", text: "Three disclosures" },
          outcomeSought: "An assessment",
          urgency: "routine",
        },
      });
      assert.ok(raised.ok);
      return raised.id;
    };
    // Resolved on Mon 3 Feb 2025: its follow-up check falls due 20 working days on, Mon 3 Mar.
    clock = "2025-02-03T10:00:00Z";
    ids.resolved = await raise();
    await actNow(services, receivingManager, ids.resolved, {
      type: "resolve",
      outcome: "An assessment",
      outstandingIssues: "None",
    });
    await actNow(services, raisingManager, ids.resolved, { type: "confirm-resolution" });
    clock = "2025-03-04T10:00:00Z";
    ids.stage1 = await raise();
    ids.stage3 = await raise();
    for (const reason of ["No agreement", "Still none"]) {
      await actNow(services, raisingManager, ids.stage3, { type: "escalate", reason });
    }
    for (const [key, made] of people) {
      sessions.set(key, await signInAs(app, made.person, made.password));
    }
  });
  after(async () => {
    await app.close();
    await services.database.close();
  });

  /** Whether `key` was let in, or throws on an answer that is neither. */
  async function allowed(key: SubjectKey, method: "GET" | "POST", path: string): Promise<boolean> {
    const url = path
      .replace(":stage1", ids.stage1)
      .replace(":stage3", ids.stage3)
      .replace(":resolved", ids.resolved);
    const session = sessions.get(key);
    const escalationId = /^\/escalations\/([^/]+)/.exec(url)?.[1];
    const version =
      escalationId === undefined
        ? undefined
        : (await loadEscalation(services, escalationId))?.state.version;
    const response = await app.inject({
      method,
      url,
      headers: {
        ...(session === undefined ? {} : { cookie: session.cookie }),
        ...(method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      ...(method === "POST"
        ? {
            payload: new URLSearchParams({
              _csrf: session?.csrfToken ?? "",
              version: String(version ?? 1),
            }).toString(),
          }
        : {}),
    });
    const status = response.statusCode;
    if (status === 200 || (method === "POST" && status === 400)) return true;
    if (status === 403 || status === 404) return false;
    if (status === 303 && key === "signedOut" && /^\/sign-in/.test(response.headers.location ?? ""))
      return false;
    throw new Error(
      `${SUBJECTS[key]}: ${method} ${url} answered ${status} ${response.headers.location ?? ""}`,
    );
  }

  for (const row of ACCESS) {
    test(`${row.what}: ${row.method} ${row.path}`, async () => {
      const answers: Record<string, boolean> = {};
      const expected: Record<string, boolean> = {};
      for (const key of Object.keys(SUBJECTS) as SubjectKey[]) {
        answers[SUBJECTS[key]] = await allowed(key, row.method, row.path);
        expected[SUBJECTS[key]] = row.allow.includes(key);
      }
      assert.deepEqual(answers, expected);
    });
  }
});
