// Messages that decisions cause, written with their events: the roles a procedure says must be
// told (only when the child's status calls for it; role inboxes and delegates included; no one
// who may not see the escalation), the raiser told of each decision someone else makes, and the
// people who act at a stage told when the escalation reaches it.
// PGlite, or PostgreSQL with DATABASE_URL. Dorset's stage 3 notice is in src/jobs/scanner.test.ts.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { actNow } from "../../../test/support/escalations.ts";
import { testPartnership } from "../../../test/support/partnership.ts";
import { testServices } from "../../../test/support/services.ts";
import { addPerson, line, toldIn } from "../../../test/support/told.ts";
import { insertInbox, setInboxMembers } from "../../db/administration.ts";
import { insertAgency, type Person } from "../../db/directory.ts";
import type { ChildStatus } from "../../engine/procedure/schema.ts";
import { accessOf, actingFor } from "../access.ts";
import { type RaiseInput, raiseEscalation } from "../escalations.ts";
import type { Services } from "../services.ts";

const details: RaiseInput["details"] = {
  challenged: "The plan's core group has not met for six weeks",
  tried: "Emailed the social worker twice",
  evidence: { kind: "evidence", text: "Our notes of the missed meetings" },
  outcomeSought: "The core group meets this month",
  urgency: "routine",
};

describe(`messages on events on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  let services: Services;
  let clock = "2026-06-01T09:00:00Z";
  before(async () => {
    services = await testServices({}, { now: () => clock });
  });
  after(async () => {
    await services?.database.close();
  });

  test("City & Hackney stage 2: the child protection chair for a child on a plan, the IRO for a looked-after child, in the parties only", async () => {
    const world = await testPartnership(services.db, "city-and-hackney");
    const { partnership, school, socialCare } = world;
    const add = (name: string, agencyId: string, roles: string[]) =>
      addPerson(services.db, partnership.id, name, agencyId, roles);
    const health = await insertAgency(services.db, {
      id: randomUUID(),
      partnershipId: partnership.id,
      name: "Community Health",
      sector: "health",
    });
    await add("Chris Chair", socialCare.id, ["cp-chair"]);
    await add("Cody Chair", health.id, ["cp-chair"]);
    await add("Ira Reviewing", socialCare.id, ["iro"]);
    // Social care's conference chairs' inbox is also worked by its senior manager.
    const cleo = await add("Cleo Senior", socialCare.id, ["senior-manager"]);
    const inbox = randomUUID();
    await insertInbox(services.db, {
      id: inbox,
      partnershipId: partnership.id,
      agencyId: socialCare.id,
      role: "cp-chair",
      name: "Conference chairs",
    });
    await setInboxMembers(services.db, inbox, [cleo.id]);

    const toStage2 = async (status: ChildStatus) => {
      clock = new Date(Date.parse(clock) + 60_000).toISOString();
      const raised = await raiseEscalation(services, world.teacher, {
        thematic: false,
        child: { reference: "W.B.", dateOfBirth: null, status },
        receivingAgencies: [socialCare.id],
        category: "progressing-plans-and-communication",
        details,
      });
      assert.ok(raised.ok, JSON.stringify(raised));
      const before = (await toldIn(services.db, partnership.id)).length;
      // The teacher's line manager takes it up: the teacher raised it, so is told.
      const manager = await add(`Lena Manager ${status}`, school.id, ["line-manager"]);
      await actNow(services, manager, raised.id, { type: "escalate", reason: "No agreement" });
      return (await toldIn(services.db, partnership.id)).slice(before);
    };

    const cpPlan = await toStage2("cp-plan");
    assert.deepEqual(cpPlan.map(line), [
      "10:01 Mon 1 Jun 2026 decision to Amina Teacher: pending",
      "10:01 Mon 1 Jun 2026 procedure-notice to Chris Chair: pending",
      "10:01 Mon 1 Jun 2026 procedure-notice to Cleo Senior: pending",
      // Social care's line manager acts at stage 2, with the teacher's, who escalated it.
      "10:01 Mon 1 Jun 2026 stage-entered to Tom Manager: pending",
    ]);
    const waiting = cpPlan.find((message) => message.kind === "stage-entered");
    assert.match(
      waiting?.subject ?? "",
      /^CIT-2026-\d{4} is waiting on you at Stage 2 – line managers$/,
    );
    assert.match(
      waiting?.body ?? "",
      /^Escalation CIT-2026-\d{4} is now at Stage 2 – line managers, a stage you act at\.\n/,
    );
    const notice = cpPlan.find((message) => message.to === "Chris Chair");
    assert.match(notice?.subject ?? "", /^CIT-2026-\d{4} has reached Stage 2 – line managers$/);
    assert.match(
      notice?.body ?? "",
      /You are told as Child protection chair: City & Hackney Safeguarding Children Partnership's procedure asks for this when an escalation reaches this stage\.\n/,
    );
    assert.match(
      notice?.body ?? "",
      /\nDeadline: none, the procedure sets no timescale for this stage$/,
    );

    const lookedAfter = await toStage2("looked-after");
    assert.deepEqual(
      lookedAfter.map((message) => `${message.kind} to ${message.to}`),
      [
        "decision to Amina Teacher",
        "procedure-notice to Ira Reviewing",
        "stage-entered to Tom Manager",
      ],
    );
    const none = await toStage2("none");
    assert.deepEqual(
      none.map((message) => `${message.kind} to ${message.to}`),
      ["decision to Amina Teacher", "stage-entered to Tom Manager"],
    );
    for (const message of [...cpPlan, ...lookedAfter, ...none]) {
      const text = `${message.subject} ${message.body}`;
      assert.doesNotMatch(text, /W\.B\.|looked after|protection plan,|core group has not met/i);
    }
  });

  test("Suffolk stop and review: told the outcome only if they may see the escalation; the raiser told of each decision but their own", async () => {
    const world = await testPartnership(services.db, "suffolk");
    const { partnership, school, socialCare } = world;
    const add = (name: string, agencyId: string, roles: string[]) =>
      addPerson(services.db, partnership.id, name, agencyId, roles);
    const solHead = await add("Sol Head", school.id, ["head-of-service"]);
    await add("Ivy Officer", socialCare.id, ["iro"]);
    await add("Mo Safeguarding", socialCare.id, ["la-safeguarding-manager"]);
    await add("Hal Safeguarding", socialCare.id, ["head-of-safeguarding"]);
    const hana = world.headOfService;
    // These act as the pages would have them: under row-level security, seeing what they may.
    const as = async (person: Person) => actingFor(services, await accessOf(services, person));

    clock = "2026-06-02T09:00:00Z";
    const raised = await raiseEscalation(await as(world.teacher), world.teacher, {
      track: "stop-and-review-children-in-care",
      thematic: false,
      child: { reference: "T.R.", dateOfBirth: "2012-02-02", status: "looked-after" },
      receivingAgencies: [socialCare.id],
      category: "care-plan-progress",
      details,
    });
    assert.ok(raised.ok, JSON.stringify(raised));
    const id = raised.id;
    // The raiser escalates it twice herself: she is told nothing, and those who act at each
    // stage it reaches are told it waits on them.
    await actNow(services, world.teacher, id, { type: "escalate", reason: "Meeting needed" });
    await actNow(services, world.teacher, id, { type: "escalate", reason: "Still no agreement" });
    const waiting = await toldIn(services.db, partnership.id);
    assert.deepEqual(
      waiting
        .map((message) => `${message.kind} to ${message.to} at ${message.subject.split(" at ")[1]}`)
        .sort(),
      [
        "stage-entered to Hana Head at Stage 3 – heads of service",
        "stage-entered to Ivy Officer at Stage 1 – request to the practice manager",
        "stage-entered to Ivy Officer at Stage 2 – stop and review meeting",
        "stage-entered to Mo Safeguarding at Stage 2 – stop and review meeting",
        "stage-entered to Sol Head at Stage 3 – heads of service",
      ],
    );

    clock = "2026-06-03T09:00:00Z";
    await actNow(await as(hana), hana, id, {
      type: "resolve",
      outcome: "A placement review within ten days",
      outstandingIssues: "None",
    });
    clock = "2026-06-04T09:00:00Z";
    await actNow(await as(solHead), solHead, id, { type: "confirm-resolution" });
    const told = (await toldIn(services.db, partnership.id)).slice(waiting.length);
    // The IRO and the safeguarding manager work below the heads of service's stage and took no
    // part, so they may not see it: the Head of Safeguarding, who may, is told.
    assert.deepEqual(told.map(line), [
      "10:00 Wed 3 Jun 2026 decision to Amina Teacher: pending",
      "10:00 Thu 4 Jun 2026 decision to Amina Teacher: pending",
      "10:00 Thu 4 Jun 2026 procedure-notice to Hal Safeguarding: pending",
    ]);
    const [proposed, resolved, outcome] = told;
    assert.match(proposed?.subject ?? "", /^SUF-2026-\d{4}: a resolution has been proposed$/);
    assert.match(resolved?.subject ?? "", /^SUF-2026-\d{4} has been resolved$/);
    assert.match(
      resolved?.body ?? "",
      /\nStage: Stage 3 – heads of service\nDeadline: none, the escalation has ended$/,
    );
    assert.match(
      outcome?.subject ?? "",
      /^SUF-2026-\d{4}: the outcome of Stage 3 – heads of service$/,
    );
    assert.match(
      outcome?.body ?? "",
      /has ended at Stage 3 – heads of service: it has been resolved\. You are told as Head of Safeguarding/,
    );
    for (const message of told) {
      assert.doesNotMatch(`${message.subject} ${message.body}`, /T\.R\.|2012|placement review/);
      assert.equal(message.link, `/escalations/${id}`);
    }
  });
});
