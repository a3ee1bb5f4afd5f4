import assert from "node:assert/strict";
import {
  actOnEscalation,
  actorOf,
  type EscalationDeps,
  loadEscalation,
  type RaiseInput,
  raiseEscalation,
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

/**
 * Raises an escalation through the use case as `person` (as the service itself) against
 * `receivingAgencyId`: a routine referral-threshold challenge about a child in need, with
 * `changes` over it. Fails the test if it is refused; returns its id.
 */
export async function raiseNow(
  deps: EscalationDeps,
  person: Person,
  receivingAgencyId: string,
  changes: Partial<RaiseInput> = {},
): Promise<string> {
  const raised = await raiseEscalation(deps, person, {
    thematic: false,
    child: { reference: "JS", dateOfBirth: "2016-09-01", status: "child-in-need" },
    receivingAgencies: [receivingAgencyId],
    category: "referral-threshold",
    details: {
      challenged: "The referral was closed with no assessment",
      tried: "Spoke to the duty social worker",
      evidence: { kind: "evidence", text: "Three disclosures in a fortnight" },
      outcomeSought: "A child and family assessment",
      urgency: "routine",
    },
    ...changes,
  });
  assert.ok(raised.ok, JSON.stringify(raised));
  return raised.id;
}
