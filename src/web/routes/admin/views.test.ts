// The record of who was shown a child's details: written as each escalation's page or printable
// record is shown, never for lists, thematic escalations or forms; a view that cannot be recorded
// is not shown; and /admin/views, for administrators only, lists it newest first, filtered by
// reference and by person, a page at a time, refusing bad filters with the error summary.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { desc, sql } from "drizzle-orm";
import { accessOf } from "../../../app/access.ts";
import type { Person } from "../../../db/directory.ts";
import {
  absenceDelegations,
  childDetailViews,
  roleInboxes,
  roleInboxMembers,
} from "../../../db/schema.ts";
import { actAs } from "../../../db/visibility.ts";
import { type EscalationWorld, escalationWorld, textOf } from "../escalation/test-support.ts";
import { errorSummary } from "./test-support.ts";
import { VIEWS_PAGE_SIZE } from "./views.ts";

const database = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";

/** Matches a database error by PostgreSQL's message, which Drizzle wraps as the cause. */
const refused = (pattern: RegExp) => (error: unknown) =>
  pattern.test(String((error as { cause?: unknown }).cause ?? error));

/** The people named in the table of views, in its order. */
const whoIn = (html: string) => [...html.matchAll(/data-qa="who">([^<]*)</g)].map((m) => m[1]);

describe(`the record of views of children's details (on ${database})`, () => {
  let w: EscalationWorld;
  let admin: Person;
  let delegate: Person;
  let member: Person;
  let child: string;
  let thematic: string;

  /** The views recorded, newest first. */
  const recorded = () =>
    w.services.db.select().from(childDetailViews).orderBy(desc(childDetailViews.id));

  before(async () => {
    w = await escalationWorld("dorset", "2025-03-04T09:00:00Z");
    admin = await w.person("Ada Admin", null, ["administrator"]);
    delegate = await w.person("Dev Delegate", w.socialCare.id, ["practitioner"]);
    member = await w.person("Ina Inbox", w.socialCare.id, ["practitioner"]);
    await w.services.db.insert(absenceDelegations).values({
      id: randomUUID(),
      partnershipId: w.partnership.id,
      personId: w.tom.id,
      delegateId: delegate.id,
      startsOn: "2025-03-01",
      endsOn: "2025-03-31",
    });
    const inboxId = randomUUID();
    await w.services.db.insert(roleInboxes).values({
      id: inboxId,
      partnershipId: w.partnership.id,
      agencyId: w.socialCare.id,
      role: "line-manager",
      name: "Line managers, Children's Social Care",
    });
    await w.services.db.insert(roleInboxMembers).values({ inboxId, personId: member.id });
    child = await w.raise(w.amina, {
      child: { reference: "QZ-7731", dateOfBirth: "2016-09-01", status: "child-in-need" },
    });
    thematic = await w.raise(w.amina, { thematic: true, child: null, category: "strategic-theme" });
  });
  after(() => w?.close());

  test("the escalation's page and its record are recorded, with who looked, however they act", async () => {
    const before = (await recorded()).length;
    w.clock.now = "2025-03-04T10:15:00Z";
    const page = await w.get(w.amina, `/escalations/${child}`);
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /Child QZ-7731/);
    w.clock.now = "2025-03-04T10:20:00Z";
    assert.equal((await w.get(delegate, `/escalations/${child}/record`)).statusCode, 200);
    w.clock.now = "2025-03-04T10:25:00Z";
    assert.equal((await w.get(member, `/escalations/${child}`)).statusCode, 200);

    const views = (await recorded()).slice(0, 3).reverse();
    assert.equal(views.length, 3);
    assert.equal((await recorded()).length, before + 3);
    assert.deepEqual(
      views.map((view) => [view.personId, view.agencyId, view.viewed, view.escalationReference]),
      [
        [w.amina.id, w.school.id, "escalation", "DOR-2025-0001"],
        // The delegate and the inbox member, not the colleague or the role they act for.
        [delegate.id, w.socialCare.id, "record", "DOR-2025-0001"],
        [member.id, w.socialCare.id, "escalation", "DOR-2025-0001"],
      ],
    );
    assert.ok(views.every((view) => view.escalationId === child));
    assert.deepEqual(
      views.map((view) => new Date(view.viewedAt).toISOString()),
      ["2025-03-04T10:15:00.000Z", "2025-03-04T10:20:00.000Z", "2025-03-04T10:25:00.000Z"],
    );
  });

  test("lists, forms, thematic escalations and refusals record nothing, and lists do not show the child", async () => {
    const before = (await recorded()).length;
    for (const url of ["/your-work", "/log"]) {
      const list = await w.get(w.amina, url);
      assert.equal(list.statusCode, 200, url);
      assert.match(list.body, /DOR-2025-0001/, url);
      assert.doesNotMatch(list.body, /QZ-7731/, `${url} shows no child`);
    }
    assert.equal((await w.get(w.amina, `/escalations/${child}/record-discussion`)).statusCode, 200);
    assert.equal((await w.get(w.amina, `/escalations/${thematic}`)).statusCode, 200);
    assert.equal((await w.get(w.amina, `/escalations/${thematic}/record`)).statusCode, 403);
    // A HEAD request is sent no page: nothing is shown, so nothing is recorded.
    const cookie = (await w.session(w.amina)).cookie;
    for (const url of [`/escalations/${child}`, `/escalations/${child}/record`]) {
      const head = await w.app.inject({ method: "HEAD", url, headers: { cookie } });
      assert.equal(head.statusCode, 200, url);
      assert.equal(head.body, "", url);
    }
    // Someone who may not see it, and an administrator, are refused, and nothing is recorded.
    for (const who of [w.pat, admin]) {
      const refused = await w.get(who, `/escalations/${child}`);
      assert.equal(refused.statusCode, 404);
      assert.doesNotMatch(refused.body, /QZ-7731/);
    }
    assert.equal((await recorded()).length, before);
  });

  test("a view that cannot be recorded is not shown", async () => {
    const before = (await recorded()).length;
    await w.services.db.execute(sql`revoke insert on child_detail_views from resolve_app`);
    try {
      const page = await w.get(w.amina, `/escalations/${child}`);
      assert.equal(page.statusCode, 500);
      assert.doesNotMatch(page.body, /QZ-7731/);
    } finally {
      await w.services.db.execute(sql`grant insert on child_detail_views to resolve_app`);
    }
    assert.equal((await recorded()).length, before);
  });

  test("is append-only, and a person acting records only their own views of what they see", async () => {
    await assert.rejects(
      w.services.db.execute(sql`update child_detail_views set viewed = 'record'`),
      refused(/append-only: UPDATE refused/),
    );
    await assert.rejects(
      w.services.db.execute(sql`delete from child_detail_views`),
      refused(/append-only: DELETE refused/),
    );
    const pat = await accessOf(w.services, w.pat);
    const amina = await accessOf(w.services, w.amina);
    const view = (personId: string) => ({
      partnershipId: w.partnership.id,
      escalationId: child,
      escalationReference: "DOR-2025-0001",
      personId,
      agencyId: null,
      viewedAt: w.clock.now,
      viewed: "escalation" as const,
    });
    const insertAs = (visibility: typeof pat.visibility, values: ReturnType<typeof view>) =>
      w.services.db.transaction(async (tx) => {
        await actAs(tx, visibility);
        await tx.insert(childDetailViews).values(values);
      });
    // Pat cannot see the escalation; Amina cannot record a view as someone else, or under
    // another reference, or read the record back.
    await assert.rejects(insertAs(pat.visibility, view(w.pat.id)), refused(/row-level security/));
    await assert.rejects(insertAs(amina.visibility, view(w.tom.id)), refused(/row-level security/));
    await assert.rejects(
      insertAs(amina.visibility, { ...view(w.amina.id), escalationReference: "DOR-2025-0099" }),
      refused(/row-level security/),
    );
    const seen = await w.services.db.transaction(async (tx) => {
      await actAs(tx, amina.visibility);
      return tx.select().from(childDetailViews);
    });
    assert.deepEqual(seen, []);
  });

  test("administrators read it newest first: who, their agency, when, which escalation and what, linking to none", async () => {
    const page = await w.get(admin, "/admin/views");
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Record of views/);
    assert.match(
      text,
      /10:25 Tue 4 Mar 2025 Ina Inbox Children's Social Care DOR-2025-0001 The escalation’s page 10:20 Tue 4 Mar 2025 Dev Delegate Children's Social Care DOR-2025-0001 The record for the child’s file 10:15 Tue 4 Mar 2025 Amina Khan Hillside Primary School DOR-2025-0001 The escalation’s page/,
    );
    assert.doesNotMatch(page.body, /href="\/escalations\//);
    assert.doesNotMatch(page.body, /QZ-7731/);
    assert.match(page.body, /aria-current="page"[^>]*>\s*Record of views/);
  });

  test("filters by reference (in any case) and by person", async () => {
    const byPerson = await w.get(admin, `/admin/views?person=${delegate.id}`);
    assert.deepEqual(whoIn(byPerson.body), ["Dev Delegate"]);
    assert.match(byPerson.body, new RegExp(`<option value="${delegate.id}" selected>`));
    const byReference = await w.get(admin, "/admin/views?reference=+dor-2025-0001+");
    assert.equal(byReference.statusCode, 200);
    assert.deepEqual(whoIn(byReference.body), ["Ina Inbox", "Dev Delegate", "Amina Khan"]);
    assert.match(byReference.body, /value="DOR-2025-0001"/);
    const none = await w.get(admin, "/admin/views?reference=DOR-2025-0002");
    assert.match(textOf(none.body), /No views match/);
  });

  test("bad filters get the error summary and list nothing; a bad page position starts from the newest", async () => {
    const cases: [string, string[]][] = [
      [
        `reference=${"A".repeat(41)}`,
        ["The escalation’s reference must be 40 characters or fewer"],
      ],
      [
        "reference=DOR-2025-0001&reference=DOR-2025-0002",
        ["Enter the escalation’s reference once"],
      ],
      [
        `reference=${encodeURIComponent("<script>alert(1)</script>")}`,
        ["Enter an escalation reference like DOR-2025-0001"],
      ],
      ["person=not-a-person", ["Select a person from the list"]],
      [`person=${w.amina.id}&person=${delegate.id}`, ["Select a person from the list"]],
      [`person=${randomUUID()}`, ["Select a person from the list"]],
    ];
    for (const [query, messages] of cases) {
      const response = await w.get(admin, `/admin/views?${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.deepEqual(errorSummary(response.body), messages, query);
      assert.doesNotMatch(response.body, /data-qa="view"/, query);
      assert.doesNotMatch(response.body, /<script>alert/, query);
    }
    for (const before of ["abc", "-1", "9".repeat(30), "1.5"]) {
      const response = await w.get(admin, `/admin/views?before=${before}`);
      assert.equal(response.statusCode, 200, before);
      assert.equal(response.body.match(/data-qa="view"/g)?.length, 3, before);
    }
  });

  test("pages go back in time a page at a time, keeping the filter", async () => {
    for (let minute = 0; minute < VIEWS_PAGE_SIZE + 2; minute++) {
      w.clock.now = `2025-03-05T09:${String(minute).padStart(2, "0")}:00Z`;
      assert.equal((await w.get(w.tom, `/escalations/${child}`)).statusCode, 200);
    }
    const first = await w.get(admin, `/admin/views?person=${w.tom.id}`);
    assert.equal(first.body.match(/data-qa="view"/g)?.length, VIEWS_PAGE_SIZE);
    assert.match(
      textOf(first.body),
      /^.*?Views, newest first When Who Escalation What they were shown 09:31 Wed 5 Mar 2025/,
    );
    const older = /href="([^"]+)"[^>]*data-qa="older"|data-qa="older"[^>]*href="([^"]+)"/.exec(
      first.body,
    );
    const href = (older?.[1] ?? older?.[2] ?? "").replaceAll("&amp;", "&");
    assert.match(href, new RegExp(`^/admin/views\\?person=${w.tom.id}&before=\\d+$`));
    const second = await w.get(admin, href);
    assert.equal(second.body.match(/data-qa="view"/g)?.length, 2);
    assert.match(
      textOf(second.body),
      /09:01 Wed 5 Mar 2025 Tom Reed.*09:00 Wed 5 Mar 2025 Tom Reed/,
    );
    assert.doesNotMatch(second.body, /data-qa="older"/);
    assert.match(
      second.body,
      new RegExp(
        `href="/admin/views\\?person=${w.tom.id}"[^>]*data-qa="newest"|data-qa="newest"[^>]*href="/admin/views\\?person=${w.tom.id}"`,
      ),
    );
  });

  test("only administrators may read it", async () => {
    for (const who of [w.amina, w.bea, w.tom]) {
      assert.equal((await w.get(who, "/admin/views")).statusCode, 403);
    }
    const signedOut = await w.get(null, "/admin/views");
    assert.equal(signedOut.statusCode, 303);
    assert.equal(
      signedOut.headers.location,
      `/sign-in?returnTo=${encodeURIComponent("/admin/views")}`,
    );
  });
});
