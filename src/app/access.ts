import { inboxesOf } from "../db/administration.ts";
import { findPartnership, listPeople, type Partnership, type Person } from "../db/directory.ts";
import type { Actor } from "../engine/escalation/index.ts";
import {
  type Offered,
  type Subject,
  subjectOf,
  type Visibility,
  visibilityOf,
} from "../engine/policy/index.ts";
import type { Procedure } from "../engine/procedure/schema.ts";
import { delegatorsOf } from "./admin/delegations.ts";
import type { EscalationDeps } from "./escalations.ts";

// The policy (src/engine/policy/) applied to a signed-in person: who they act as, what they see.

/** A person as the policy sees them under their partnership's current procedure. */
export interface Access {
  person: Person;
  subject: Subject;
  partnership: Partnership;
  procedure: Procedure;
  visibility: Visibility;
}

/**
 * The person as the policy sees them now: with the colleagues who are away and named them as
 * delegate (escalations still reach those colleagues' managers as before) and the role inboxes
 * they work, under their partnership's current procedure.
 */
export async function accessOf(
  deps: Pick<EscalationDeps, "db" | "procedures" | "now">,
  person: Person,
): Promise<Access> {
  const [partnership, delegators, inboxes] = await Promise.all([
    findPartnership(deps.db, person.partnershipId),
    delegatorsOf(deps.db, person.id, deps.now()),
    inboxesOf(deps.db, person.id),
  ]);
  if (partnership === undefined) throw new Error(`No partnership ${person.partnershipId}`);
  const procedure = await deps.procedures(partnership.procedureId, partnership.procedureVersion);
  const absent =
    delegators.length === 0
      ? []
      : await listPeople(deps.db, person.partnershipId, {
          ids: delegators.map((away) => away.personId),
        });
  const subject = subjectOf(person, absent, inboxes);
  return { person, subject, partnership, procedure, visibility: visibilityOf(subject, procedure) };
}

/** The use cases' dependencies, acting for this person: the database shows only what they may. */
export function actingFor<T extends EscalationDeps>(deps: T, access: Access): T {
  return { ...deps, actingFor: access.visibility };
}

/** The engine's actor for an action the policy offered: the person, in the capacity it allows. */
export function actorFor(person: Person, offered: Offered): Actor {
  return {
    personId: person.id,
    agencyId: offered.capacity.agencyId ?? "",
    roles: offered.capacity.roles,
  };
}
