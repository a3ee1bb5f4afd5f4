import type { Procedure } from "../procedure/schema.ts";

/** The service role that manages agencies, people and settings. */
export const ADMINISTRATOR = "administrator";

/** What the policy needs to know about a person. */
export interface PolicyPerson {
  id: string;
  partnershipId: string;
  agencyId: string | null;
  roles: readonly string[];
  active: boolean;
}

/**
 * A place a person acts in: their own job, an absent colleague's (who named them as delegate),
 * or a role inbox they work ("Head of service, Children's Social Care").
 */
export interface Capacity {
  kind: "own" | "delegate" | "inbox";
  /** For a delegate, the absent colleague they act for; otherwise the person themselves. */
  personId: string;
  agencyId: string | null;
  roles: readonly string[];
}

/** A person with every capacity they act in now; the first is always their own. */
export interface Subject {
  person: PolicyPerson;
  capacities: readonly Capacity[];
}

/**
 * The person, acting also for active colleagues who are away and named them, and for the role
 * inboxes they are members of. Inactive people and other partnerships' people lend nothing.
 */
export function subjectOf(
  person: PolicyPerson,
  absentColleagues: readonly PolicyPerson[] = [],
  inboxes: readonly { agencyId: string; role: string }[] = [],
): Subject {
  const own: Capacity = {
    kind: "own",
    personId: person.id,
    agencyId: person.agencyId,
    roles: person.roles,
  };
  if (!person.active) return { person, capacities: [own] };
  const lent = absentColleagues
    .filter(
      (colleague) =>
        colleague.active &&
        colleague.partnershipId === person.partnershipId &&
        colleague.id !== person.id,
    )
    .map(
      (colleague): Capacity => ({
        kind: "delegate",
        personId: colleague.id,
        agencyId: colleague.agencyId,
        // Administration is not lent: a delegate acts in the colleague's escalation work only.
        roles: colleague.roles.filter((role) => role !== ADMINISTRATOR),
      }),
    );
  const shared = inboxes.map(
    (inbox): Capacity => ({
      kind: "inbox",
      personId: person.id,
      agencyId: inbox.agencyId,
      roles: [inbox.role],
    }),
  );
  return { person, capacities: [own, ...lent, ...shared] };
}

/** Administrators manage the partnership's agencies, people and settings. */
export function mayAdminister(person: PolicyPerson): boolean {
  return person.active && person.roles.includes(ADMINISTRATOR);
}

/**
 * Whether the person may raise escalations (triage and the raise journey): escalations are raised
 * for an agency, so the partnership team and administrators, who belong to none, may not. Your
 * work and the log are open to everyone signed in, showing only what each may see.
 */
export function mayRaise(person: PolicyPerson): boolean {
  return person.active && person.agencyId !== null;
}

/**
 * A capacity's seniority within its agency under a procedure: the highest tier of its
 * agency-level roles, or 0 when it holds none (an administrator, the partnership team).
 */
export function tierOf(capacity: Capacity, procedure: Procedure): number {
  if (capacity.agencyId === null) return 0;
  return procedure.roles
    .filter((role) => role.level === "agency" && capacity.roles.includes(role.id))
    .reduce((highest, role) => Math.max(highest, role.tier), 0);
}
