// The deadline scanner on a controlled clock, through Easter 2026 (Good Friday 3 April and Easter
// Monday 6 April are bank holidays in England; British Summer Time, UTC+1, began on 29 March):
// the exact reminders, overdue alerts, prompts to escalate and digests for a Dorset and a
// Northamptonshire escalation, with the messages their decisions cause; and scanners running
// side by side writing and sending each message once. PGlite, or PostgreSQL with DATABASE_URL.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { count } from "drizzle-orm";
import { actNow } from "../../test/support/escalations.ts";
import { testPartnership } from "../../test/support/partnership.ts";
import { testServices } from "../../test/support/services.ts";
import { addPerson, line, type Told, toldIn } from "../../test/support/told.ts";
import { changeSettings } from "../app/admin/settings.ts";
import { loadEscalation, type RaiseInput, raiseEscalation } from "../app/escalations.ts";
import type { Services } from "../app/services.ts";
import { insertDelegation, insertInbox, setInboxMembers } from "../db/administration.ts";
import { runningDueBetween } from "../db/deadline-scan.ts";
import { messages } from "../db/schema.ts";
import { availableActions, subjectOf } from "../engine/policy/index.ts";
import { scanDeadlines } from "./scanner.ts";

const CHILD = { reference: "Q.Z.", dateOfBirth: "2016-09-01", status: "child-in-need" } as const;
const RAISE: Omit<RaiseInput, "receivingAgencies"> = {
  thematic: false,
  child: CHILD,
  category: "referral-threshold",
  details: {
    challenged: "The referral was closed with advice only after two disclosures",
    tried: "Spoke to the duty social worker twice",
    evidence: { kind: "evidence", text: "Our safeguarding log entries for March" },
    outcomeSought: "A child and family assessment",
    urgency: "routine",
  },
};

/** What no message may carry: the child's details and the text typed about the escalation. */
const CHILD_DETAILS = [
  CHILD.reference,
  "Q.Z",
  CHILD.dateOfBirth,
  "1 Sep 2016",
  "child in need",
  "child-in-need",
  RAISE.details.challenged,
  RAISE.details.tried,
  RAISE.details.evidence.text,
  RAISE.details.outcomeSought,
];

function assertNoChildDetails(told: readonly Told[]): void {
  for (const message of told) {
    for (const detail of CHILD_DETAILS) {
      const text = `${message.subject}\n${message.body}`.toLowerCase();
      assert.ok(!text.includes(detail.toLowerCase()), `${message.key} mentions "${detail}"`);
    }
  }
}

describe(`the deadline scanner on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  let services: Services;
  let clock = "2026-04-01T09:00:00Z";
  /** Sets the clock to a London wall-clock time in British Summer Time, e.g. "2026-04-02 08:00". */
  const at = (london: string) => {
    clock = new Date(`${london.replace(" ", "T")}:00+01:00`).toISOString();
  };
  const scan = async (london: string) => {
    at(london);
    return scanDeadlines(services, clock);
  };

  before(async () => {
    services = await testServices({}, { now: () => clock });
  });
  after(async () => {
    await services?.database.close();
  });

  test("Dorset across Easter: reminders, alerts to the stage and the tier above, prompts, digests, and who is told of each decision", async () => {
    const world = await testPartnership(services.db, "dorset");
    const { partnership, school, socialCare } = world;
    const amina = world.teacher; // practitioner and line manager at the school: raises it
    const tom = world.teamManager; // line manager, children's social care
    const hana = world.headOfService; // head of service, children's social care
    const add = (name: string, agencyId: string | null, roles: string[]) =>
      addPerson(services.db, partnership.id, name, agencyId, roles);
    const sam = await add("Sam Second", school.id, ["second-tier-manager"]);
    const cara = await add("Cara Second", socialCare.id, ["second-tier-manager"]);
    await add("Hugo Head", school.id, ["head-of-service"]);
    const bea = await add("Bea Business", null, ["partnership-business-team"]);
    const dee = await add("Dee Deputy", null, []);
    // Bea is away the week after Easter; Dee acts for her.
    await insertDelegation(services.db, {
      id: randomUUID(),
      partnershipId: partnership.id,
      personId: bea.id,
      delegateId: dee.id,
      startsOn: "2026-04-13",
      endsOn: "2026-04-17",
    });
    const told = async () => (await toldIn(services.db, partnership.id)).map(line);
    const toldSince = async (count: number) => (await told()).slice(count);

    // Wed 1 Apr, 10:00: Day One. Stage 1 is due on its third working day: Tue 7 Apr, after
    // Good Friday and Easter Monday.
    at("2026-04-01 10:00");
    const raised = await raiseEscalation(services, amina, {
      ...RAISE,
      receivingAgencies: [socialCare.id],
    });
    assert.ok(raised.ok, JSON.stringify(raised));
    const id = raised.id;
    assert.deepEqual(await scan("2026-04-01 10:05"), {
      escalations: 1,
      written: 0,
      digests: 0,
      sentAlone: 0,
    });
    await scan("2026-04-02 07:59");
    // Tom, social care's line manager, hears at once that it waits on him; Amina raised it.
    assert.deepEqual(
      await told(),
      ["10:00 Wed 1 Apr 2026 stage-entered to Tom Manager: pending"],
      "nothing else before the reminder is due",
    );

    // Thu 2 Apr, 08:00, one working day before: the stage's owners are reminded. Amina, who
    // raised it, is the school's line manager working it; Tom is social care's.
    await scan("2026-04-02 08:00");
    assert.deepEqual(await told(), [
      "10:00 Wed 1 Apr 2026 stage-entered to Tom Manager: pending",
      "08:00 Thu 2 Apr 2026 reminder to Amina Teacher: pending",
      "08:00 Thu 2 Apr 2026 reminder to Tom Manager: pending",
    ]);
    for (const day of [
      "2026-04-03 08:00",
      "2026-04-06 08:00",
      "2026-04-07 08:00",
      "2026-04-07 23:59",
    ]) {
      await scan(day);
    }
    assert.equal((await told()).length, 3, "nothing more over the bank holidays");

    // Wed 8 Apr, just after midnight: stage 1 has passed its deadline. Its owners and the tier
    // above (the second-tier managers) are alerted; the emails wait for the working day.
    await scan("2026-04-08 00:00");
    assert.deepEqual(await toldSince(3), [
      "00:00 Wed 8 Apr 2026 alert to Amina Teacher: digest",
      "00:00 Wed 8 Apr 2026 alert to Cara Second: digest",
      "00:00 Wed 8 Apr 2026 alert to Sam Second: digest",
      "00:00 Wed 8 Apr 2026 alert to Tom Manager: digest",
    ]);
    // 08:00: the owners are prompted to escalate. Each owner now has two emails held, so gets
    // one digest; the second-tier managers get their one alert on its own.
    await scan("2026-04-08 08:00");
    assert.deepEqual(await toldSince(3), [
      "00:00 Wed 8 Apr 2026 alert to Amina Teacher: in a digest",
      "00:00 Wed 8 Apr 2026 alert to Cara Second: pending",
      "00:00 Wed 8 Apr 2026 alert to Sam Second: pending",
      "00:00 Wed 8 Apr 2026 alert to Tom Manager: in a digest",
      "08:00 Wed 8 Apr 2026 digest to Amina Teacher: pending",
      "08:00 Wed 8 Apr 2026 digest to Tom Manager: pending",
      "08:00 Wed 8 Apr 2026 prompt to Amina Teacher: in a digest",
      "08:00 Wed 8 Apr 2026 prompt to Tom Manager: in a digest",
    ]);
    const afterStage1 = await toldIn(services.db, partnership.id);
    const aminaDigest = afterStage1.find((m) => m.kind === "digest" && m.to === amina.name);
    assert.equal(aminaDigest?.key, `digest:${amina.id}:2026-04-08`);
    assert.equal(aminaDigest?.subject, "2 updates about escalation deadlines, Wed 8 Apr 2026");
    const ref = raised.reference;
    assert.equal(
      aminaDigest?.body,
      [
        "You have 2 updates about escalation deadlines. We have put them in one email rather than send each on its own.",
        "",
        `- Overdue: ${ref}, Stage 1 – line managers`,
        `- ${ref}: consider escalating to Stage 2 – second-tier managers`,
        "",
        "Open each one from your notifications in Resolve.",
      ].join("\n"),
    );
    const reminder = afterStage1.find((m) => m.kind === "reminder" && m.to === tom.name);
    assert.equal(
      reminder?.subject,
      `${ref}: Stage 1 – line managers is due by the end of Tue 7 Apr 2026`,
    );
    assert.equal(
      reminder?.body,
      [
        `Stage 1 – line managers of escalation ${ref} is due by the end of Tue 7 Apr 2026. Record your discussions and what was agreed before then. If you cannot agree, escalate it to Stage 2 – second-tier managers.`,
        "",
        `Reference: ${ref}`,
        "Stage: Stage 1 – line managers",
        "Deadline: by the end of Tue 7 Apr 2026",
      ].join("\n"),
    );
    assert.equal(reminder?.link, `/escalations/${id}`);
    assert.equal(reminder?.email, tom.email);
    assert.equal(reminder?.key, `reminder:${id}:stage-1:1:2026-04-07T22:59:59.999Z:${tom.id}`);
    assert.match(
      afterStage1.find((m) => m.kind === "alert" && m.to === sam.name)?.body ?? "",
      /^Stage 1 – line managers of escalation .* is overdue: it was due by the end of Tue 7 Apr 2026\. You are told as the next tier of management/,
    );
    // Everyone prompted may escalate it, as the access policy says.
    const stage1 = await loadEscalation(services, id);
    assert.ok(stage1);
    for (const person of [amina, tom]) {
      const offered = availableActions(subjectOf(person), stage1.state, stage1.procedure);
      assert.ok(
        offered.some((action) => action.type === "escalate"),
        person.name,
      );
    }

    // Wed 8 Apr, 10:00: Amina escalates it herself, so she is not told; the second-tier managers
    // hear it waits on them. Stage 2 is due on Day Six, Fri 10 Apr.
    const count = (await told()).length;
    at("2026-04-08 10:00");
    await actNow(services, amina, id, { type: "escalate", reason: "Not agreed at stage 1" });
    await scan("2026-04-08 10:05");
    assert.deepEqual(
      await toldSince(count),
      [
        "10:00 Wed 8 Apr 2026 stage-entered to Cara Second: pending",
        "10:00 Wed 8 Apr 2026 stage-entered to Sam Second: pending",
      ],
      "no one is told of their own decision",
    );
    await scan("2026-04-09 08:00");
    await scan("2026-04-11 00:00");
    await scan("2026-04-13 07:59");
    assert.deepEqual(await toldSince(count), [
      "10:00 Wed 8 Apr 2026 stage-entered to Cara Second: pending",
      "10:00 Wed 8 Apr 2026 stage-entered to Sam Second: pending",
      "08:00 Thu 9 Apr 2026 reminder to Cara Second: pending",
      "08:00 Thu 9 Apr 2026 reminder to Sam Second: pending",
      "00:00 Sat 11 Apr 2026 alert to Cara Second: digest",
      "00:00 Sat 11 Apr 2026 alert to Hana Head: digest",
      "00:00 Sat 11 Apr 2026 alert to Hugo Head: digest",
      "00:00 Sat 11 Apr 2026 alert to Sam Second: digest",
    ]);
    // Held over the weekend until Monday's working day starts.
    await scan("2026-04-13 08:00");
    assert.deepEqual((await toldSince(count)).slice(4), [
      "00:00 Sat 11 Apr 2026 alert to Cara Second: in a digest",
      "00:00 Sat 11 Apr 2026 alert to Hana Head: pending",
      "00:00 Sat 11 Apr 2026 alert to Hugo Head: pending",
      "00:00 Sat 11 Apr 2026 alert to Sam Second: in a digest",
      "08:00 Mon 13 Apr 2026 digest to Cara Second: pending",
      "08:00 Mon 13 Apr 2026 digest to Sam Second: pending",
      "08:00 Mon 13 Apr 2026 prompt to Cara Second: in a digest",
      "08:00 Mon 13 Apr 2026 prompt to Sam Second: in a digest",
    ]);

    // Mon 13 Apr, 09:30: Cara escalates it to stage 3. Amina is told; so is the partnership
    // business team, as Dorset's procedure asks — Bea, and Dee while Bea is away.
    const before3 = (await told()).length;
    at("2026-04-13 09:30");
    await actNow(services, cara, id, { type: "escalate", reason: "Not agreed at stage 2" });
    const decided = (await toldIn(services.db, partnership.id)).slice(before3);
    assert.deepEqual(decided.map(line), [
      "09:30 Mon 13 Apr 2026 decision to Amina Teacher: pending",
      "09:30 Mon 13 Apr 2026 procedure-notice to Bea Business: pending",
      "09:30 Mon 13 Apr 2026 procedure-notice to Dee Deputy: pending",
      "09:30 Mon 13 Apr 2026 stage-entered to Hana Head: pending",
      "09:30 Mon 13 Apr 2026 stage-entered to Hugo Head: pending",
    ]);
    const [toAmina, toBea] = decided;
    assert.equal(toAmina?.subject, `${ref} has been escalated to Stage 3 – heads of service`);
    assert.equal(
      toAmina?.body,
      [
        `Escalation ${ref}, which you raised, has been escalated to Stage 3 – heads of service.`,
        "",
        `Reference: ${ref}`,
        "Stage: Stage 3 – heads of service",
        "Deadline: by the end of Wed 15 Apr 2026",
      ].join("\n"),
    );
    assert.equal(toBea?.subject, `${ref} has reached Stage 3 – heads of service`);
    assert.match(
      toBea?.body ?? "",
      /^Escalation .* has reached Stage 3 – heads of service\. You are told as Partnership business team: Dorset Safeguarding Children Partnership's procedure asks for this when an escalation reaches this stage\./,
    );
    assert.match(toBea?.key ?? "", new RegExp(`^event:${id}:\\d+:${bea.id}$`));

    // Tue 14 Apr, 08:00: the heads of service are reminded of Wed 15 Apr. Hana extends the
    // deadline to Fri 17 Apr: Amina is told, and the moved deadline gets reminders of its own.
    await scan("2026-04-14 08:00");
    at("2026-04-14 10:00");
    await actNow(services, hana, id, {
      type: "extend-deadline",
      dueAt: "2026-04-17T22:59:59.999Z",
      reason: "the heads of service meet on Friday",
    });
    await scan("2026-04-16 08:00");
    assert.deepEqual((await told()).slice(before3 + 5), [
      "08:00 Tue 14 Apr 2026 reminder to Hana Head: pending",
      "08:00 Tue 14 Apr 2026 reminder to Hugo Head: pending",
      "10:00 Tue 14 Apr 2026 decision to Amina Teacher: pending",
      "08:00 Thu 16 Apr 2026 reminder to Hana Head: pending",
      "08:00 Thu 16 Apr 2026 reminder to Hugo Head: pending",
    ]);
    const all = await toldIn(services.db, partnership.id);
    assert.equal(
      all.find((m) => m.kind === "decision" && m.at.startsWith("10:00 Tue"))?.subject,
      `${ref}: the deadline has been extended`,
    );
    assert.ok(all.every((m) => m.link === `/escalations/${id}` || m.kind === "digest"));
    assertNoChildDetails(all);
    // A second pass at the same moment writes nothing more.
    const again = await scanDeadlines(services, clock);
    assert.equal(again.written, 0);
    assert.equal((await told()).length, all.length);
  });

  test("Northamptonshire across Easter, reminding two working days ahead: a role inbox works the stage", async () => {
    const world = await testPartnership(services.db, "northamptonshire");
    const { partnership, socialCare } = world;
    const amina = world.teacher; // practitioner and line manager at the school
    const add = (name: string, agencyId: string | null, roles: string[]) =>
      addPerson(services.db, partnership.id, name, agencyId, roles);
    const pat = await add("Pat Worker", socialCare.id, ["practitioner"]);
    const quinn = await add("Quinn Worker", socialCare.id, ["practitioner"]);
    await add("Rob Worker", socialCare.id, ["practitioner"]);
    // Social care's practitioners' work lands in its duty team's inbox, worked by Pat and Quinn.
    const inbox = randomUUID();
    await insertInbox(services.db, {
      id: inbox,
      partnershipId: partnership.id,
      agencyId: socialCare.id,
      role: "practitioner",
      name: "Duty team",
    });
    await setInboxMembers(services.db, inbox, [pat.id, quinn.id]);
    const administrator = { id: null, partnershipId: partnership.id };
    const set = await changeSettings(services, administrator, { reminderWorkingDays: 2 });
    assert.ok(set.ok);
    const told = async () => (await toldIn(services.db, partnership.id)).map(line);

    // Thu 2 Apr, 11:00. Stage 1 is due two working days after it starts: Wed 8 Apr, after Good
    // Friday and Easter Monday. Those who work the duty team's inbox hear at once that it waits
    // on them. Its reminder was due at 08:00 that morning, before it started, so it goes at the
    // next pass, on its own.
    at("2026-04-02 11:00");
    const raised = await raiseEscalation(services, amina, {
      ...RAISE,
      category: "referral-threshold-social-care",
      receivingAgencies: [socialCare.id],
    });
    assert.ok(raised.ok, JSON.stringify(raised));
    await scan("2026-04-02 11:05");
    await scan("2026-04-07 08:00");
    assert.deepEqual(await told(), [
      "11:00 Thu 2 Apr 2026 stage-entered to Pat Worker: pending",
      "11:00 Thu 2 Apr 2026 stage-entered to Quinn Worker: pending",
      "11:05 Thu 2 Apr 2026 reminder to Amina Teacher: pending",
      "11:05 Thu 2 Apr 2026 reminder to Pat Worker: pending",
      "11:05 Thu 2 Apr 2026 reminder to Quinn Worker: pending",
    ]);
    // Thu 9 Apr: alerts just after midnight to the practitioners and the line managers above
    // them (Amina is both), then prompts at 08:00, and a digest each for those with two.
    await scan("2026-04-09 00:00");
    await scan("2026-04-09 08:00");
    assert.deepEqual((await told()).slice(5), [
      "00:00 Thu 9 Apr 2026 alert to Amina Teacher: in a digest",
      "00:00 Thu 9 Apr 2026 alert to Pat Worker: in a digest",
      "00:00 Thu 9 Apr 2026 alert to Quinn Worker: in a digest",
      "00:00 Thu 9 Apr 2026 alert to Tom Manager: pending",
      "08:00 Thu 9 Apr 2026 digest to Amina Teacher: pending",
      "08:00 Thu 9 Apr 2026 digest to Pat Worker: pending",
      "08:00 Thu 9 Apr 2026 digest to Quinn Worker: pending",
      "08:00 Thu 9 Apr 2026 prompt to Amina Teacher: in a digest",
      "08:00 Thu 9 Apr 2026 prompt to Pat Worker: in a digest",
      "08:00 Thu 9 Apr 2026 prompt to Quinn Worker: in a digest",
    ]);

    // Amina escalates it with the evidence the procedure asks for. Stage 2 is due five working
    // days after: Thu 16 Apr. Tom, social care's line manager, hears it waits on him; the line
    // managers are reminded two working days before, Tue 14 Apr.
    at("2026-04-09 10:00");
    await actNow(services, amina, raised.id, {
      type: "escalate",
      reason: "No agreement between the practitioners",
      evidence: "Two calls on 2 and 7 April ended without agreement",
    });
    await scan("2026-04-13 08:00");
    await scan("2026-04-14 08:00");
    assert.deepEqual((await told()).slice(15), [
      "10:00 Thu 9 Apr 2026 stage-entered to Tom Manager: pending",
      "08:00 Tue 14 Apr 2026 reminder to Amina Teacher: pending",
      "08:00 Tue 14 Apr 2026 reminder to Tom Manager: pending",
    ]);
    assertNoChildDetails(await toldIn(services.db, partnership.id));
  });

  test("scanners side by side write each message once and send each held email once", async () => {
    const world = await testPartnership(services.db, "dorset");
    const { partnership, socialCare } = world;
    await addPerson(services.db, partnership.id, "Sid Second", socialCare.id, [
      "second-tier-manager",
    ]);
    at("2026-04-01 10:00");
    for (let i = 0; i < 5; i += 1) {
      const raised = await raiseEscalation(services, world.teacher, {
        ...RAISE,
        receivingAgencies: [socialCare.id],
      });
      assert.ok(raised.ok);
    }
    // Reminders, then alerts, then prompts: four scanners at each moment. Five escalations,
    // each with two owners and a second-tier manager above them.
    const everywhere = async () =>
      (await services.db.select({ n: count() }).from(messages))[0]?.n ?? 0;
    // Each has five emails at each moment, so the working day's ones go in digests. Tom had
    // already been told five times, as each was raised, that it waited on him.
    for (const [moment, expected] of [
      ["2026-04-02 08:00", 5 + 10 + 2],
      ["2026-04-08 00:00", 17 + 15],
      ["2026-04-08 08:00", 32 + 10 + 3],
    ] as const) {
      const before = await everywhere();
      at(moment);
      const reports = await Promise.all(
        Array.from({ length: 4 }, () => scanDeadlines(services, clock)),
      );
      const written = reports.reduce((sum, report) => sum + report.written + report.digests, 0);
      assert.equal(written, (await everywhere()) - before, moment);
      assert.equal((await toldIn(services.db, partnership.id)).length, expected, moment);
    }
    const told = await toldIn(services.db, partnership.id);
    assert.equal(new Set(told.map((message) => message.key)).size, told.length);
    // Amina and Tom: five reminders in one digest, then five alerts and five prompts in
    // another; Sid: five alerts in one.
    const digests = told.filter((message) => message.kind === "digest");
    assert.deepEqual(
      digests.map((digest) => {
        const included = told.filter((message) => message.digestId === digest.id);
        return `${digest.at} ${digest.to}: ${included.length}`;
      }),
      [
        "08:00 Thu 2 Apr 2026 Amina Teacher: 5",
        "08:00 Thu 2 Apr 2026 Tom Manager: 5",
        "08:00 Wed 8 Apr 2026 Amina Teacher: 10",
        "08:00 Wed 8 Apr 2026 Sid Second: 5",
        "08:00 Wed 8 Apr 2026 Tom Manager: 10",
      ],
    );
    assert.ok(
      told.every((message) => message.delivery !== "digest" || message.digestId !== null),
      "nothing is left held on a working day",
    );
    // Alerted and prompted, each deadline is finished with: later passes leave them out.
    const window = await runningDueBetween(
      services.db,
      partnership.id,
      "2026-03-01T00:00:00Z",
      clock,
    );
    assert.deepEqual(window, []);
  });

  test("someone who may not see an escalation is told nothing of it", async () => {
    const world = await testPartnership(services.db, "dorset");
    const { partnership, socialCare } = world;
    // A practitioner at social care works below the line managers' stage: not an owner, and
    // could not see it anyway; another partnership's people are never reached.
    await addPerson(services.db, partnership.id, "Una Practitioner", socialCare.id, [
      "practitioner",
    ]);
    const elsewhere = await testPartnership(services.db, "dorset");
    at("2026-04-01 10:00");
    const raised = await raiseEscalation(services, world.teacher, {
      ...RAISE,
      receivingAgencies: [socialCare.id],
    });
    assert.ok(raised.ok);
    await scan("2026-04-08 00:00");
    const names = (await toldIn(services.db, partnership.id)).map((message) => message.to);
    assert.ok(!names.includes("Una Practitioner"));
    assert.deepEqual(await toldIn(services.db, elsewhere.partnership.id), []);
  });
});
