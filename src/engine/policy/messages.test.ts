import assert from "node:assert/strict";
import { test } from "node:test";
import { mayReadDemoMailbox, mayReadMessage, mayReadOutbox } from "./index.ts";
import type { PolicyPerson } from "./subject.ts";

const person = (roles: string[], active = true): PolicyPerson => ({
  id: "p1",
  partnershipId: "partnership",
  agencyId: roles.includes("administrator") ? null : "school",
  roles,
  active,
});
const teacher = person(["practitioner"]);
const administrator = person(["administrator"]);

test("a person reads only their own messages, and only while active", () => {
  assert.equal(mayReadMessage(teacher, { recipientPersonId: "p1" }), true);
  assert.equal(mayReadMessage(teacher, { recipientPersonId: "p2" }), false);
  assert.equal(mayReadMessage(administrator, { recipientPersonId: "p2" }), false);
  assert.equal(mayReadMessage(person(["practitioner"], false), { recipientPersonId: "p1" }), false);
});

test("the outbox is for active administrators", () => {
  assert.equal(mayReadOutbox(administrator), true);
  assert.equal(mayReadOutbox(teacher), false);
  assert.equal(mayReadOutbox(person(["administrator"], false)), false);
});

test("the demo mailbox is for everyone signed in, in demo mode only", () => {
  assert.equal(mayReadDemoMailbox(teacher, true), true);
  assert.equal(mayReadDemoMailbox(administrator, true), true);
  assert.equal(mayReadDemoMailbox(teacher, false), false);
  assert.equal(mayReadDemoMailbox(administrator, false), false);
  assert.equal(mayReadDemoMailbox(person(["practitioner"], false), true), false);
});
