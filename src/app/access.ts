import { type AccessFacts, accessFactsOf } from "../db/access-facts.ts";
import type { Agency, Partnership, Person } from "../db/directory.ts";
import { londonDate } from "../engine/calendar/instant.ts";
import type { Actor } from "../engine/escalation/index.ts";
import {
  type Offered,
  type Subject,
  subjectOf,
  type Visibility,
  visibilityOf,
} from "../engine/policy/index.ts";
import type { Procedure } from "../engine/procedure/schema.ts";
import type { EscalationDeps } from "./escalations.ts";

// The policy (src/engine/policy/) applied to a signed-in person: who they act as, what they see.

/** A person as the policy sees them under their partnership's current procedure. */
export interface Access {
  person: Person;
  subject: Subject;
  partnership: Partnership;
  /** The partnership's agencies, inactive ones included, by name. */
  agencies: Agency[];
  procedure: Procedure;
  visibility: Visibility;
}

/**
 * The person as the policy sees them now: with the colleagues who are away and named them as
 * delegate (escalations still reach those colleagues' managers as before) and the role inboxes
 * they work, under their partnership's current procedure. One statement; a signed-in request
 * has these already, read with its session (see `accessFrom`).
 */
export async function accessOf(
  deps: Pick<EscalationDeps, "db" | "procedures" | "now">,
  person: Person,
): Promise<Access> {
  const facts = await accessFactsOf(deps.db, person.id, londonDate(deps.now()));
  if (facts === undefined) throw new Error(`No person ${person.id} in a partnership`);
  return accessFrom(deps, person, facts);
}

/** The person's access from facts already read (see AccessFacts). */
export async function accessFrom(
  deps: Pick<EscalationDeps, "procedures">,
  person: Person,
  { partnership, agencies, absentColleagues, inboxes }: AccessFacts,
): Promise<Access> {
  const procedure = await deps.procedures(partnership.procedureId, partnership.procedureVersion);
  const subject = subjectOf(person, absentColleagues, inboxes);
  const visibility = visibilityOf(subject, procedure);
  return { person, subject, partnership, agencies, procedure, visibility };
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
