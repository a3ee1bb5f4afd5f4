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
    ["Your work", "Raise an escalation", "Log"],
  );
  const admin = primaryNavigation("/admin/people?page=2", { administrator: true });
  assert.deepEqual(admin.at(-1), { href: "/admin", text: "Administration", current: true });
});

test("raising is offered only to those who may raise", () => {
  assert.deepEqual(
    primaryNavigation("/log", { raise: false, administrator: true }).map((item) => item.text),
    ["Your work", "Log", "Administration"],
  );
});
