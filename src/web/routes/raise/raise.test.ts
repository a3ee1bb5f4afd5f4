// The whole raise journey through the app, on the real services and a fresh database (PGlite, or
// PostgreSQL with DATABASE_URL): triage, the kind of escalation, the form, check your answers,
// raising it, and the confirmation, for Dorset and Suffolk.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { loadEscalation } from "../../../app/escalations.ts";
import { messages } from "../../../db/schema.ts";
import { currentVisit } from "../../../engine/escalation/index.ts";
import {
  childDetails,
  errorSummaryOf,
  type FormValues,
  headingOf,
  hiddenValuesOf,
  locationOf,
  NOW,
  type RaiseTestApp,
  raiseTestApp,
  reachDetails,
  unescapeHtml,
  type Visitor,
} from "./test-support.ts";

/** The text of an element found by its data-qa hook, tags removed. */
function qaText(html: string, qa: string): string {
  const match = new RegExp(`data-qa="${qa}"[^>]*>([\\s\\S]*?)</(dd|p|span|strong|dl|div)>`).exec(
    html,
  );
  assert.ok(match, `no data-qa="${qa}"`);
  return unescapeHtml(
    (match[1] ?? "")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

const idOf = (location: string) => location.replace("/raise/raised/", "");

describe("raising an escalation", () => {
  let t: RaiseTestApp;
  let teacher: Visitor;

  before(async () => {
    t = await raiseTestApp("dorset");
    teacher = await t.visitor(["practitioner", "line-manager"]);
  });
  after(() => t?.close());

  /** What was written about the escalation, as "kind to person id", sorted; ids all different. */
  const toldAbout = async (escalationId: string) => {
    const told = await t.services.db
      .select({ id: messages.id, kind: messages.kind, to: messages.recipientPersonId })
      .from(messages)
      .where(eq(messages.escalationId, escalationId));
    assert.equal(new Set(told.map((message) => message.id)).size, told.length);
    return told.map((message) => `${message.kind} to ${message.to}`).sort();
  };

  test("Dorset, about a child: triage, the form, check your answers, raised, confirmed", async () => {
    const before = await t.stored();
    const { page, journey } = await reachDetails(teacher, { about: "child" });
    assert.equal(headingOf(page.body), "About the child and the disagreement");
    // Only the other agencies are offered: not the teacher's own school.
    assert.match(page.body, new RegExp(`value="${t.setup.socialCare.id}"`));
    assert.match(page.body, new RegExp(`value="${t.police.id}"`));
    assert.doesNotMatch(page.body, new RegExp(`value="${t.setup.school.id}"`));
    // Thematic categories are not offered for a child; Dorset sets no earlier deadlines.
    assert.doesNotMatch(page.body, /value="strategic-theme"/);
    assert.doesNotMatch(page.body, /name="safety-day"/);

    const details = childDetails(t.setup.socialCare.id, {
      receiving: [t.setup.socialCare.id, t.police.id],
      challenged: "The case was closed.\r\nNo one visited again.",
    });
    const check = await teacher.post("/raise/details", { ...journey, ...details });
    assert.equal(check.statusCode, 200);
    assert.equal(headingOf(check.body), "Check your answers before raising the escalation");
    assert.equal(qaText(check.body, "answer-child-reference"), "Child’s initials or reference JS");
    assert.match(check.body, /14 February 2016/);
    assert.match(check.body, /Subject to a child protection plan/);
    assert.match(check.body, /<li>Children&#39;s Social Care<\/li><li>Kingsmere Police<\/li>/);
    assert.match(check.body, /The case was closed.<br \/>\nNo one visited again./);
    assert.match(check.body, /Stage 1 – line managers, due Wed 4 Jun 2025 if raised now/);
    assert.equal(
      await t.stored().then((stored) => stored.escalations),
      before.escalations,
      "nothing is saved before raising",
    );

    const raised = await teacher.post("/raise/check-answers", hiddenValuesOf(check.body));
    const location = locationOf(raised);
    assert.match(location, /^\/raise\/raised\/[0-9a-f-]{36}$/);
    const confirmation = await teacher.get(location);
    assert.equal(confirmation.statusCode, 200);
    assert.match(confirmation.body, /<title>Escalation raised – Resolve<\/title>/);
    assert.match(qaText(confirmation.body, "reference"), /^DOR-2025-\d{4}$/);
    assert.equal(qaText(confirmation.body, "stage"), "It starts at Stage 1 – line managers");
    assert.equal(qaText(confirmation.body, "deadline-due"), "Wed 4 Jun 2025");
    assert.equal(
      qaText(confirmation.body, "deadline-explanation"),
      "Due Wed 4 Jun 2025: day one Mon 2 Jun 2025",
    );
    assert.match(confirmation.body, new RegExp(`href="/escalations/${idOf(location)}"`));

    const view = await loadEscalation(t.services, idOf(location));
    assert.ok(view);
    const { state } = view;
    assert.equal(state.raisedAt, NOW);
    assert.equal(state.raisedBy.personId, teacher.person.id);
    assert.equal(state.raisingAgency, t.setup.school.id);
    assert.deepEqual(state.receivingAgencies, [t.setup.socialCare.id, t.police.id]);
    assert.deepEqual(state.child, {
      reference: "JS",
      dateOfBirth: "2016-02-14",
      status: "cp-plan",
    });
    assert.equal(state.thematic, false);
    assert.equal(state.category, "plan-progress");
    assert.equal(state.details.challenged, "The case was closed.\nNo one visited again.");
    assert.deepEqual(state.details.evidence, {
      kind: "evidence",
      text: "Three absences in a fortnight, recorded in the school's log.",
    });
    assert.equal(state.details.urgency, "urgent");
    assert.equal(currentVisit(state).stage, "stage-1");
    const after = await t.stored();
    assert.equal(after.escalations, before.escalations + 1);
    // Social care's line manager hears at once that it waits on him. The teacher, a line
    // manager herself, raised it and works the school's side, so is told nothing.
    assert.deepEqual(await toldAbout(idOf(location)), [
      `stage-entered to ${t.setup.teamManager.id}`,
    ]);
  });

  test("Dorset, a theme: no child, thematic categories, and it starts at stage 3", async () => {
    const { page, journey } = await reachDetails(teacher, { about: "thematic" });
    assert.equal(headingOf(page.body), "About the theme");
    assert.doesNotMatch(page.body, /name="child-reference"/);
    assert.match(page.body, /value="strategic-theme"/);
    assert.match(qaText(page.body, "scope"), /It will start at Stage 3 – heads of service/);
    const check = await teacher.post("/raise/details", {
      ...journey,
      receiving: t.setup.socialCare.id,
      category: "agency-service-model",
      challenged: "Referrals from schools wait weeks for a decision.",
      tried: "Raised at the education safeguarding forum.",
      "evidence-kind": "gut-feeling",
      evidence: "It feels as if school referrals are not read as carefully.",
      outcome: "A review of how school referrals are triaged.",
      urgency: "routine",
    });
    assert.equal(check.statusCode, 200, JSON.stringify(errorSummaryOf(check.body)));
    assert.match(check.body, /A theme across children/);
    assert.match(check.body, /A gut feeling/);
    const location = locationOf(
      await teacher.post("/raise/check-answers", hiddenValuesOf(check.body)),
    );
    const view = await loadEscalation(t.services, idOf(location));
    assert.ok(view);
    assert.equal(view.state.thematic, true);
    assert.equal(view.state.child, null);
    assert.equal(view.state.entry, "thematic");
    assert.equal(currentVisit(view.state).stage, "stage-3");
    assert.deepEqual(view.state.details.evidence.kind, "gut-feeling");
    const confirmation = await teacher.get(location);
    assert.equal(qaText(confirmation.body, "stage"), "It starts at Stage 3 – heads of service");
    assert.equal(qaText(confirmation.body, "told"), "Partnership business team");
    assert.match(confirmation.body, /not written to any child’s file/);
  });

  test("Dorset, a senior leader may start at stage 4; a practitioner is not asked", async () => {
    const leader = await t.visitor(["senior-leader"], { name: "Sam Leader" });
    const { page, journey } = await reachDetails(leader, { about: "child", entry: "strategic" });
    assert.match(qaText(page.body, "scope"), /Stage 4 – senior leaders/);
    const check = await leader.post("/raise/details", {
      ...journey,
      ...childDetails(t.setup.socialCare.id),
    });
    assert.match(check.body, /data-qa="change-start"/);
    const location = locationOf(
      await leader.post("/raise/check-answers", hiddenValuesOf(check.body)),
    );
    const view = await loadEscalation(t.services, idOf(location));
    assert.equal(view && currentVisit(view.state).stage, "stage-4");
    assert.equal(view?.state.entry, "strategic");

    // The start question is not offered to a practitioner, and its answer is ignored if sent.
    const start = await teacher.get(
      "/raise/start?cleared=immediate-risk%2Cprofessional-suitability%2Cmalpractice-or-fraud%2Cwithin-one-agency&about=child",
    );
    assert.match(locationOf(start), /^\/raise\/details\?/);
    const sneaky = await reachDetails(teacher, { about: "child" });
    const ignored = await teacher.post("/raise/details", {
      ...sneaky.journey,
      entry: "strategic",
      ...childDetails(t.setup.socialCare.id),
    });
    assert.match(ignored.body, /Stage 1 – line managers, due/);
  });

  test("from check your answers, Change goes back to the field with every answer kept", async () => {
    const { journey } = await reachDetails(teacher, { about: "child" });
    const check = await teacher.post("/raise/details", {
      ...journey,
      ...childDetails(t.setup.socialCare.id),
    });
    const answers = hiddenValuesOf(check.body);
    assert.match(
      check.body,
      /formaction="\/raise\/change#category" name="change" value="category"/,
    );
    const change = await teacher.post("/raise/change", { ...answers, change: "category" });
    assert.equal(change.statusCode, 200);
    assert.equal(headingOf(change.body), "About the child and the disagreement");
    assert.match(change.body, /value="plan-progress" checked/);
    assert.match(
      change.body,
      /id="child-reference" name="child-reference" type="text" spellcheck="false" value="JS"/,
    );
    assert.doesNotMatch(change.body, /govuk-back-link/);
    const changed = await teacher.post("/raise/details", {
      ...hiddenValuesOf(change.body),
      ...childDetails(t.setup.socialCare.id, { category: "referral-threshold" }),
    });
    assert.match(changed.body, /A referral judged not to meet the threshold/);

    // Changing whether it is about a child: the question, then back to check your answers.
    const about = await teacher.post("/raise/change", {
      ...hiddenValuesOf(changed.body),
      change: "about",
    });
    assert.equal(headingOf(about.body), "Is it about a child, or a theme across children?");
    assert.match(about.body, /value="child" checked/);
    const again = await teacher.post("/raise/about", {
      ...hiddenValuesOf(about.body),
      about: "child",
    });
    assert.equal(headingOf(again.body), "Check your answers before raising the escalation");
    // To a theme: the category chosen for a child may stand, and the child's details are dropped.
    const theme = await teacher.post("/raise/about", {
      ...hiddenValuesOf(about.body),
      about: "thematic",
    });
    assert.equal(headingOf(theme.body), "Check your answers before raising the escalation");
    assert.match(theme.body, /A theme across children/);
    assert.doesNotMatch(theme.body, /data-qa="answer-child-reference"/);
  });

  test("the same check your answers sent twice raises one escalation", async () => {
    const { journey } = await reachDetails(teacher, { about: "child" });
    const check = await teacher.post("/raise/details", {
      ...journey,
      ...childDetails(t.police.id),
    });
    const answers = hiddenValuesOf(check.body);
    const before = await t.stored();
    const first = locationOf(await teacher.post("/raise/check-answers", answers));
    const second = locationOf(await teacher.post("/raise/check-answers", answers));
    assert.equal(second, first);
    assert.equal((await t.stored()).escalations, before.escalations + 1);
    // Someone else's submission id is not theirs to reuse: it raises a new one, under a new id.
    const other = await t.visitor(["practitioner"], { name: "Other Teacher" });
    const theirs = locationOf(await other.post("/raise/check-answers", answers));
    assert.notEqual(theirs, first);
    assert.equal((await t.stored()).escalations, before.escalations + 2);
    // Raised by a practitioner, it waits on the school's two line managers: each is told, in a
    // message of their own.
    assert.deepEqual(
      await toldAbout(idOf(theirs)),
      [t.setup.teacher.id, teacher.person.id].map((id) => `stage-entered to ${id}`).sort(),
    );
  });

  test("the confirmation is only for the person who raised it", async () => {
    const { journey } = await reachDetails(teacher, { about: "child" });
    const check = await teacher.post("/raise/details", {
      ...journey,
      ...childDetails(t.police.id),
    });
    const location = locationOf(
      await teacher.post("/raise/check-answers", hiddenValuesOf(check.body)),
    );
    const other = await t.visitor(["practitioner"], { name: "Nosy Teacher" });
    assert.equal((await other.get(location)).statusCode, 404);
    assert.equal((await teacher.get("/raise/raised/not-a-uuid")).statusCode, 404);
    assert.equal(
      (await teacher.get("/raise/raised/00000000-0000-4000-8000-000000000000")).statusCode,
      404,
    );
  });

  test("the engine's refusals show in the error summary, and nothing is saved", async () => {
    const { journey } = await reachDetails(teacher, { about: "child" });
    const before = await t.stored();
    // The teacher's own agency is never offered; sent anyway, the engine explains.
    const own = await teacher.post("/raise/details", {
      ...journey,
      ...childDetails(t.setup.school.id),
    });
    assert.equal(own.statusCode, 400);
    assert.deepEqual(errorSummaryOf(own.body), [
      {
        field: "receiving",
        message:
          "A disagreement inside one agency follows that agency's own procedure, not this one.",
      },
    ]);
    // The same, sent straight to check your answers' submit.
    const check = await teacher.post("/raise/details", {
      ...journey,
      ...childDetails(t.police.id),
    });
    const tampered: FormValues = { ...hiddenValuesOf(check.body), receiving: t.setup.school.id };
    const refused = await teacher.post("/raise/check-answers", tampered);
    assert.equal(refused.statusCode, 400);
    assert.equal(errorSummaryOf(refused.body)[0]?.field, "receiving");
    assert.deepEqual(await t.stored(), before);
  });
});

describe("raising an escalation in Suffolk", () => {
  let t: RaiseTestApp;
  let teacher: Visitor;

  before(async () => {
    t = await raiseTestApp("suffolk");
    teacher = await t.visitor(["practitioner"]);
  });
  after(() => t?.close());

  const suffolkDetails = (overrides: FormValues = {}) =>
    childDetails(t.setup.socialCare.id, { category: "referral-threshold", ...overrides });

  test("asks which track, offers that track's categories, and an earlier deadline", async () => {
    const { page, journey } = await reachDetails(teacher, { track: "conference-dissent" });
    assert.match(
      qaText(page.body, "scope"),
      /^Dissent from a child protection conference decision\. It will start at Stage 1/,
    );
    assert.match(page.body, /value="conference-decision"/);
    assert.doesNotMatch(page.body, /value="referral-threshold"/);
    assert.ok(journey.track === "conference-dissent");
    const general = await reachDetails(teacher, { track: "general" });
    assert.match(general.page.body, /name="safety-day"/);
    assert.match(general.page.body, /One working day, or a shorter time that protects the child/);
  });

  test("a deadline set to protect the child, earlier than the procedure's: both on the confirmation", async () => {
    const { journey } = await reachDetails(teacher, { track: "general" });
    const check = await teacher.post("/raise/details", {
      ...journey,
      ...suffolkDetails({
        "safety-day": "2",
        "safety-month": "6",
        "safety-year": "2025",
        "safety-hour": "17",
        "safety-minute": "00",
      }),
    });
    assert.equal(check.statusCode, 200, JSON.stringify(errorSummaryOf(check.body)));
    assert.match(check.body, /Earlier deadline to protect the child/);
    assert.match(check.body, /17:00 Mon 2 Jun 2025/);
    const location = locationOf(
      await teacher.post("/raise/check-answers", hiddenValuesOf(check.body)),
    );
    const confirmation = await teacher.get(location);
    assert.equal(qaText(confirmation.body, "deadline-due"), "17:00 Mon 2 Jun 2025");
    assert.equal(qaText(confirmation.body, "deadline-child-safety"), "17:00 Mon 2 Jun 2025");
    assert.equal(qaText(confirmation.body, "deadline-procedure"), "Tue 3 Jun 2025");
    const explanation = qaText(confirmation.body, "deadline-explanation");
    assert.match(explanation, /a deadline set to protect the child, earlier than the procedure's/);
    assert.match(explanation, /the procedure's own deadline is due Tue 3 Jun 2025/);
    const view = await loadEscalation(t.services, idOf(location));
    assert.equal(view?.deadlines.stage.dueAt, "2025-06-02T17:00:00.000+01:00");
    assert.equal(view?.deadlines.stage.procedureDueAt, "2025-06-03T23:59:59.999+01:00");
  });

  test("an earlier deadline that is not earlier, or already past, is refused with the engine's reason", async () => {
    const { journey } = await reachDetails(teacher, { track: "general" });
    const before = await t.stored();
    const later = await teacher.post("/raise/details", {
      ...journey,
      ...suffolkDetails({ "safety-day": "4", "safety-month": "6", "safety-year": "2025" }),
    });
    assert.equal(later.statusCode, 400);
    assert.deepEqual(errorSummaryOf(later.body), [
      {
        field: "safety-day",
        message:
          "The procedure's own deadline is already sooner; a child-safety deadline must be earlier than it.",
      },
    ]);
    assert.match(later.body, /id="safety-day" name="safety-day" type="text" value="4"/);

    // Valid when checked, past by the time it is raised: refused then, and nothing saved.
    const check = await teacher.post("/raise/details", {
      ...journey,
      ...suffolkDetails({
        "safety-day": "2",
        "safety-month": "6",
        "safety-year": "2025",
        "safety-hour": "10",
        "safety-minute": "00",
      }),
    });
    assert.equal(check.statusCode, 200);
    t.clock.now = "2025-06-02T09:30:00.000Z";
    try {
      const refused = await teacher.post("/raise/check-answers", hiddenValuesOf(check.body));
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(errorSummaryOf(refused.body), [
        { field: "safety-day", message: "A child-safety deadline must be later than now." },
      ]);
    } finally {
      t.clock.now = NOW;
    }
    assert.deepEqual(await t.stored(), before);
  });

  test("changing the track from check your answers: the new track's categories are asked for", async () => {
    const { journey } = await reachDetails(teacher, { track: "general" });
    const check = await teacher.post("/raise/details", { ...journey, ...suffolkDetails() });
    const track = await teacher.post("/raise/change", {
      ...hiddenValuesOf(check.body),
      change: "track",
    });
    assert.equal(headingOf(track.body), "What is the disagreement about?");
    assert.match(track.body, /value="general" checked/);
    const changed = await teacher.post("/raise/track", {
      ...hiddenValuesOf(track.body),
      track: "conference-dissent",
    });
    assert.equal(changed.statusCode, 400);
    assert.deepEqual(errorSummaryOf(changed.body), [
      { field: "category", message: "Select what kind of disagreement it is" },
    ]);
    assert.match(changed.body, /value="JS"/, "the other answers are kept");
    const fixed = await teacher.post("/raise/details", {
      ...hiddenValuesOf(changed.body),
      ...suffolkDetails({ category: "conference-decision" }),
    });
    assert.equal(headingOf(fixed.body), "Check your answers before raising the escalation");
    assert.match(fixed.body, /A decision of a child protection conference/);
  });

  test("a Suffolk partnership's other tracks can be raised too", async () => {
    const other = await testPartnership(t.services.db, "suffolk");
    const person = await t.visitor(["practitioner"], {
      partnershipId: other.partnership.id,
      agencyId: other.socialCare.id,
      name: "Sol Worker",
    });
    const { journey } = await reachDetails(person, { track: "cp-plan-implementation" });
    const check = await person.post("/raise/details", {
      ...journey,
      ...childDetails(other.school.id, { category: "cp-plan-implementation" }),
    });
    const location = locationOf(
      await person.post("/raise/check-answers", hiddenValuesOf(check.body)),
    );
    const view = await loadEscalation(t.services, idOf(location));
    assert.equal(view?.state.track, "cp-plan-implementation");
    assert.match(view?.state.registration.reference ?? "", /^SUF-2025-/);
  });
});
