import assert from "node:assert/strict";
import {
  actOnEscalation,
  actorOf,
  type EscalationDeps,
  loadEscalation,
} from "../../src/app/escalations.ts";
import type { Person } from "../../src/db/directory.ts";
import type { Command } from "../../src/engine/escalation/index.ts";

/**
 * Takes an action through the use case as `person`, on the escalation as it stands now (as the
 * service itself, so a test can set the scene without going through the pages), and fails the
 * test if it is refused.
 */
export async function actNow(
  deps: EscalationDeps,
  person: Person,
  escalationId: string,
  command: Exclude<Command, { type: "raise" }>,
) {
  const current = await loadEscalation(deps, escalationId);
  assert.ok(current, `no escalation ${escalationId}`);
  const outcome = await actOnEscalation(
    deps,
    actorOf(person),
    escalationId,
    current.state.version,
    command,
  );
  assert.ok(outcome.ok, JSON.stringify(outcome));
  return outcome;
}
