import assert from "node:assert/strict";
import { test } from "node:test";
import { primaryNavigation } from "./navigation.ts";

test("the current section follows the path, query and sub-pages included", () => {
  const current = (path: string) => primaryNavigation(path).find((item) => item.current)?.href;
  assert.equal(current("/your-work"), "/your-work");
  assert.equal(current("/log?stage=stage-1"), "/log");
  assert.equal(current("/raise/triage/immediate-risk"), "/raise");
  assert.equal(current("/logbook"), undefined);
  assert.equal(current("/escalations/123"), undefined);
});

test("administrators also see Administration, current on every /admin page", () => {
  assert.deepEqual(
    primaryNavigation("/log").map((item) => item.text),
    ["Your work", "Raise an escalation", "Log", "Notifications"],
  );
  const admin = primaryNavigation("/admin/people?page=2", { administrator: true });
  assert.deepEqual(admin.at(-1), { href: "/admin", text: "Administration", current: true });
});

test("raising is offered only to those who may raise", () => {
  assert.deepEqual(
    primaryNavigation("/log", { raise: false, administrator: true }).map((item) => item.text),
    ["Your work", "Log", "Notifications", "Administration"],
  );
});

test("the partnership team is offered its figures, current on the figures page", () => {
  const team = primaryNavigation("/partnership/figures", { raise: false, figures: true });
  assert.deepEqual(
    team.map((item) => item.text),
    ["Your work", "Log", "Figures", "Notifications"],
  );
  assert.equal(team.find((item) => item.current)?.href, "/partnership/figures");
});

test("Notifications shows how many are unread, read out as a number unread", () => {
  const item = (unread?: number) =>
    primaryNavigation("/notifications", unread === undefined ? {} : { unread }).find(
      (each) => each.href === "/notifications",
    );
  assert.deepEqual(item(), { href: "/notifications", text: "Notifications", current: true });
  assert.equal(item(0)?.html, undefined);
  assert.equal(
    item(3)?.html,
    'Notifications<span class="moj-notification-badge" data-qa="unread-count">3</span><span class="govuk-visually-hidden"> unread</span>',
  );
  assert.match(item(1234)?.html ?? "", />99\+</);
});
